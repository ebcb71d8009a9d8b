import { applyLockTimeout } from '../apply-lock-timeout.js';
import type { Db } from '../db.js';
import { sqlStateOf } from '../sql-state.js';
import { quoteIdentifier } from './postgres.js';
import type { WriteDialect } from './write-dialect.js';
import type { DatabaseCapabilities } from '../../model/actual-state.js';
import type { ChannelRowUpdate, NewChannelRow, SettingInsert, SettingRowUpdate } from '../write-batches.js';
import type { Statement } from '../statement.js';

/**
 * PostgreSQL text of the applier's batched writes. Each batch is ONE statement whatever its
 * size: arrays travel as single parameters and `unnest` turns them into rows, which keeps us
 * far from the 65,535-parameter limit of a statement.
 */

const q = quoteIdentifier;

/** Advisory-lock key: one per database (PostgreSQL scopes advisory locks to the database). */
const APPLY_LOCK_KEY = 7_106_385_032_014_911;

/**
 * Transaction-level advisory lock: it dies with the transaction, so a killed apply never leaves it behind.
 * Must be the transaction's first statement, in a read committed transaction (`applyTransaction`).
 */
async function acquireApplyLock(tx: Db, lockTimeoutMs: number): Promise<void> {
  // lock_timeout also bounds waiting for an advisory lock; is_local = true ends it with the
  // transaction. One statement: the subquery in FROM runs first (PostgreSQL never folds a
  // subquery with a volatile function such as set_config into its caller), so the timeout is
  // set before the lock is waited for.
  try {
    await tx.query(`SELECT pg_advisory_xact_lock($2::bigint) FROM (SELECT set_config('lock_timeout', $1, true)) AS timeout`, [
      `${Math.max(1, Math.round(lockTimeoutMs))}ms`,
      String(APPLY_LOCK_KEY),
    ]);
  } catch (err) {
    if (sqlStateOf(err) === '55P03') {
      throw applyLockTimeout(lockTimeoutMs);
    }
    throw err;
  }
}

/**
 * New channels get their ids in plan (config) order, as the seed and OTRS's own one-by-one
 * inserts would give them: without the ORDER BY, the join to `valid` may hand the rows to the
 * INSERT in any order (a hash join reverses them), and the ids with them.
 */
function insertChannels(rows: readonly NewChannelRow[], userId: number, caps: DatabaseCapabilities): Statement {
  const flags = caps.availabilityColumns;
  const flagCols = flags ? `, ${q(flags.customer)}, ${q(flags.public)}` : '';
  const flagVals = flags ? ', t.ci, t.pi' : '';
  return {
    sql:
      `INSERT INTO chat_channel (name, group_id, valid_id, comments${flagCols}, create_time, create_by, change_time, change_by) ` +
      `SELECT t.n, t.g, v.id, t.c${flagVals}, current_timestamp, $7, current_timestamp, $7 ` +
      `FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::smallint[], $6::smallint[]) WITH ORDINALITY AS t(n, g, vn, c, ci, pi, ord) ` +
      `JOIN valid v ON v.name = t.vn ORDER BY t.ord`,
    params: [
      rows.map((r) => r.name),
      rows.map((r) => r.groupId),
      rows.map((r) => r.valid),
      rows.map((r) => r.comment),
      rows.map((r) => (r.availableToCustomerUsers ? 1 : 0)),
      rows.map((r) => (r.availableToPublicUsers ? 1 : 0)),
      userId,
    ],
  };
}

/** Every column is set only where its `*_set` flag is true, so untouched columns keep their exact bytes (a NULL comment stays NULL). */
function updateChannels(rows: readonly ChannelRowUpdate[], userId: number, caps: DatabaseCapabilities): Statement {
  const flags = caps.availabilityColumns;
  const flagSets = flags
    ? `, ${q(flags.customer)} = CASE WHEN t.ci IS NULL THEN c.${q(flags.customer)} ELSE t.ci END` +
      `, ${q(flags.public)} = CASE WHEN t.pi IS NULL THEN c.${q(flags.public)} ELSE t.pi END`
    : '';
  return {
    sql:
      `UPDATE chat_channel AS c SET ` +
      `name = COALESCE(t.n, c.name), group_id = COALESCE(t.g, c.group_id), ` +
      `valid_id = COALESCE((SELECT v.id FROM valid v WHERE v.name = t.vn), c.valid_id), ` +
      `comments = CASE WHEN t.cs THEN t.c ELSE c.comments END${flagSets}, ` +
      `change_time = current_timestamp, change_by = $9 ` +
      `FROM unnest($1::int[], $2::text[], $3::int[], $4::text[], $5::bool[], $6::text[], $7::smallint[], $8::smallint[]) ` +
      `AS t(id, n, g, vn, cs, c, ci, pi) WHERE c.id = t.id`,
    params: [
      rows.map((r) => r.id),
      rows.map((r) => r.name ?? null),
      rows.map((r) => r.groupId ?? null),
      rows.map((r) => r.valid ?? null),
      rows.map((r) => r.comment !== undefined),
      rows.map((r) => r.comment ?? null),
      rows.map((r) => (r.availableToCustomerUsers === undefined ? null : r.availableToCustomerUsers ? 1 : 0)),
      rows.map((r) => (r.availableToPublicUsers === undefined ? null : r.availableToPublicUsers ? 1 : 0)),
      userId,
    ],
  };
}

/** A changed system-wide value, as OTRS writes it: valid, dirty until deployed, not a reset. */
function updateSettingRows(rows: readonly SettingRowUpdate[], userId: number): Statement {
  return {
    sql:
      `UPDATE sysconfig_modified AS m SET effective_value = t.v, is_valid = 1, is_dirty = 1, reset_to_default = 0, ` +
      `change_time = current_timestamp, change_by = $3 ` +
      `FROM unnest($1::int[], $2::text[]) AS t(id, v) WHERE m.id = t.id AND m.user_id IS NULL`,
    params: [rows.map((r) => r.rowId), rows.map((r) => r.effectiveValue), userId],
  };
}

function insertSettingRows(rows: readonly SettingInsert[], userId: number): Statement {
  return {
    sql:
      `INSERT INTO sysconfig_modified (sysconfig_default_id, name, user_id, is_valid, user_modification_active, ` +
      `effective_value, is_dirty, reset_to_default, create_time, create_by, change_time, change_by) ` +
      `SELECT t.d, t.n, NULL, 1, 0, t.v, 1, 0, current_timestamp, $4, current_timestamp, $4 ` +
      `FROM unnest($1::int[], $2::text[], $3::text[]) AS t(d, n, v)`,
    params: [rows.map((r) => r.defaultId), rows.map((r) => r.name), rows.map((r) => r.effectiveValue), userId],
  };
}

export const postgresWrites: WriteDialect = {
  // The re-plan after the lock must see what the apply before us committed while we waited. A
  // server (or role) may default to repeatable read or serializable, where the snapshot is taken
  // by the first statement, before the wait: the re-plan would then miss the other apply's rows
  // and insert a second system-wide settings row. Read committed takes a snapshot per statement.
  applyTransaction: { isolation: 'read committed' },
  acquireApplyLock,
  releaseApplyLock: () => Promise.resolve(),
  insertChannels: (rows, userId, caps) => [insertChannels(rows, userId, caps)],
  updateChannels: (rows, userId, caps) => [updateChannels(rows, userId, caps)],
  updateSettingRows: (rows, userId) => [updateSettingRows(rows, userId)],
  insertSettingRows: (rows, userId) => [insertSettingRows(rows, userId)],
};
