import { applyLockTimeout } from '../apply-lock-timeout.js';
import type { DatabaseCapabilities } from '../../model/actual-state.js';
import { VALIDITIES, type Validity } from '../../model/validity.js';
import type { Db } from '../db.js';
import type { Statement } from '../statement.js';
import type { ChannelRowUpdate, NewChannelRow, SettingInsert, SettingRowUpdate } from '../write-batches.js';
import { derivedTable, idList, jsonTable, tuples, type BuiltStatement, type DerivedColumn, type JsonColumn } from './mysql-batch-shapes.js';
import { chunkBuilt } from './mysql-chunks.js';
import { usesJsonTable } from './mysql-server-version.js';
import { quoteIdentifier as q } from './mysql.js';
import type { WriteDialect } from './write-dialect.js';

/**
 * MySQL / MariaDB text of the applier's batched writes (docs/design.md §8). A statement's text
 * and the server's work grow linearly with its rows: no per-row `CASE` branch, and the `valid`
 * table is read once per validity name, never once per row (both were quadratic on the server,
 * issue 11). Creates read the validities' ids and the agent from session variables, which one
 * `SET` fills just before them; updates join their rows' values on the integer id. Where the
 * server has `JSON_TABLE` (mysql-server-version.ts), a batch's rows are one JSON parameter:
 * `INSERT ... SELECT ... FROM JSON_TABLE(?)` and `UPDATE ... JOIN JSON_TABLE(?)`. Elsewhere
 * creates are multi-row `INSERT ... VALUES` and updates join a derived table of bound
 * parameters (`SELECT ? AS a, ? AS b UNION ALL SELECT ?, ? ...`).
 *
 * Collation: a derived table's text columns carry the connection's collation, which clashes
 * with a column of another collation ("Illegal mix of collations") as soon as the two are
 * compared or combined (`=`, `CASE`, `IF`, `COALESCE`). So derived text is only ever assigned
 * (`SET t.name = d.name` converts it to the column's character set), rows are matched by their
 * integer id, and each row sits in the statement for exactly the columns it changes; the only
 * text comparison, `valid.name = ?`, has a bare parameter, which takes the column's collation.
 *
 * A batch is one statement per shape of change unless `max_allowed_packet` (or, without
 * `JSON_TABLE`, the placeholder limit) forces more (see mysql-chunks.ts). As JSON, a channel
 * costs about 100 bytes: even the 4 MB assumed before the server's limit is known holds some
 * 40,000 channels a statement, so the count stays constant for any realistic OTRS instance.
 */

/**
 * The apply lock's name, as SQL: one per database, as GET_LOCK names are server-wide. At most
 * 64 characters (MySQL's limit), so a long database name is replaced by its SHA-1.
 * @param database an SQL expression for the database name
 */
export function applyLockName(database = 'DATABASE()'): string {
  return `CONCAT('otrs-chat-config:', IF(CHAR_LENGTH(${database}) <= 47, ${database}, SHA1(${database})))`;
}
const LOCK_NAME_SQL = applyLockName();

/** Used when writes are built before the lock read the server's limit: MySQL 5.7's default, the smallest in use. */
const FALLBACK_MAX_PACKET_BYTES = 4 * 1024 * 1024;

export interface MysqlWriteOptions {
  /** Overrides the server's `max_allowed_packet` (tests force chunks with it). */
  readonly maxPacketBytes?: number;
}

/** One per apply: it keeps the `max_allowed_packet` that `acquireApplyLock` reads. */
export function createMysqlWrites(options: MysqlWriteOptions = {}): WriteDialect {
  let maxPacketBytes = options.maxPacketBytes;
  const limits = (): { maxPacketBytes: number } => ({ maxPacketBytes: maxPacketBytes ?? FALLBACK_MAX_PACKET_BYTES });

  return {
    /**
     * GET_LOCK belongs to the connection, not the transaction: it is taken here, after BEGIN and
     * before the first read, and `releaseApplyLock` gives it back after COMMIT or ROLLBACK. A
     * killed process loses its connection, and the server releases the lock with it.
     * InnoDB's REPEATABLE READ takes its snapshot at the transaction's first read of a table;
     * this statement reads none, so the re-read after it sees what an apply before us committed.
     */
    async acquireApplyLock(tx: Db, lockTimeoutMs: number): Promise<void> {
      // Whole seconds: MariaDB takes fractions, older MySQL may not. 0 tries once.
      const seconds = Math.ceil(Math.max(0, lockTimeoutMs) / 1000);
      const [row] = await tx.query<{ acquired: unknown; max_packet: unknown }>(
        `SELECT GET_LOCK(${LOCK_NAME_SQL}, ?) AS acquired, @@max_allowed_packet AS max_packet`,
        [seconds],
      );
      if (row?.acquired === null || row?.acquired === undefined) throw new Error('the server could not take the apply lock (GET_LOCK returned NULL)');
      if (Number(row.acquired) !== 1) {
        throw applyLockTimeout(lockTimeoutMs);
      }
      maxPacketBytes ??= Number(row.max_packet);
    },

    async releaseApplyLock(db: Db): Promise<void> {
      try {
        await db.query(`SELECT RELEASE_LOCK(${LOCK_NAME_SQL}) AS released`);
      } catch {
        // The connection is gone, and the lock with it; the apply's own outcome is what to report.
      }
    },

    insertChannels: (rows, userId, caps) =>
      rows.length === 0 ? [] : [insertVariables(rows, userId), ...chunkBuilt(rows, (chunk) => insertChannels(chunk, caps), limits())],
    updateChannels: (rows, userId, caps) =>
      channelUpdateGroups(rows, caps).flatMap((group) => chunkBuilt(group.rows, (chunk) => updateChannelGroup(group, chunk, userId, usesJsonTable(caps)), limits())),
    // Setting rows keep the placeholder shapes: at most one row per known setting, far from any limit.
    updateSettingRows: (rows, userId) => chunkBuilt(rows, (chunk) => updateSettingRows(chunk, userId), limits()),
    insertSettingRows: (rows, userId) => chunkBuilt(rows, (chunk) => insertSettingRows(chunk, userId), limits()),
  };
}

/** The id of a validity, by name (docs/otrs.md, "Lookup tables"): a bare `?`, compared under `valid.name`'s own collation. */
const validIdOf = `(SELECT v.${q('id')} FROM ${q('valid')} v WHERE v.${q('name')} = ?)`;

/** `SET` of the audit columns every written channel row gets. */
const audit = (alias: string): string => `${alias}${q('change_time')} = current_timestamp, ${alias}${q('change_by')} = ?`;

/** The session variable holding the agent's id while new channels are inserted (create_by, change_by). */
const USER_VARIABLE = '@otrs_chat_config_user_id';

/** The variable that holds a validity's id: named by its place in VALIDITIES, so no name from a plan reaches the text. */
function validIdVariable(validity: Validity): string {
  const index = VALIDITIES.indexOf(validity);
  if (index < 0) throw new Error(`unknown validity ${JSON.stringify(validity)}`);
  return `@otrs_chat_config_valid_id_${index}`;
}

/**
 * `SET @..._0 = (SELECT id FROM valid WHERE name = ?), ..., @..._user_id = ?`, sent before the
 * INSERTs of new channels: their tuples then name the variables, so `valid` is read once per
 * name (in the same transaction and snapshot) instead of once per row, and each row binds
 * only its own values.
 */
function insertVariables(rows: readonly NewChannelRow[], userId: number): Statement {
  const validities = VALIDITIES.filter((v) => rows.some((r) => r.valid === v));
  const assignments = [...validities.map((v) => `${validIdVariable(v)} = ${validIdOf}`), `${USER_VARIABLE} = ?`];
  return { sql: `SET ${assignments.join(', ')}`, params: [...validities, userId] };
}

/** A multi-row `INSERT`, in config order (ids ascend with it), reading the variables of `insertVariables`. */
function insertChannels(rows: readonly NewChannelRow[], caps: DatabaseCapabilities): BuiltStatement {
  const flags = caps.availabilityColumns;
  const columns = ['name', 'group_id', 'valid_id', 'comments', ...(flags ? [flags.customer, flags.public] : []), 'create_time', 'create_by', 'change_time', 'change_by'];
  if (usesJsonTable(caps)) return insertChannelsFromJson(rows, columns, flags);
  const tuple = (validity: Validity): string =>
    `(?, ?, ${validIdVariable(validity)}, ?${flags ? ', ?, ?' : ''}, current_timestamp, ${USER_VARIABLE}, current_timestamp, ${USER_VARIABLE})`;
  const tupleOf = Object.fromEntries(VALIDITIES.map((v) => [v, tuple(v)])) as Record<Validity, string>;
  return tuples(
    `INSERT INTO ${q('chat_channel')} (${columns.map(q).join(', ')})`,
    (i) => tupleOf[rows[i]?.valid ?? 'valid'],
    rows.map((r) => [r.name, r.groupId, r.comment, ...(flags ? [r.availableToCustomerUsers ? 1 : 0, r.availableToPublicUsers ? 1 : 0] : [])]),
  );
}

/**
 * `INSERT ... SELECT ... FROM JSON_TABLE(?) ORDER BY` the rows' places: one statement whatever
 * the number of rows. A row carries its validity as its index in VALIDITIES, which picks that
 * validity's variable (an integer `CASE`: no text is compared).
 */
function insertChannelsFromJson(rows: readonly NewChannelRow[], columns: readonly string[], flags: DatabaseCapabilities['availabilityColumns']): BuiltStatement {
  const present = VALIDITIES.filter((v) => rows.some((r) => r.valid === v));
  const validId = `CASE j.${q('valid')} ${present.map((v) => `WHEN ${VALIDITIES.indexOf(v)} THEN ${validIdVariable(v)}`).join(' ')} END`;
  const flag = (v: boolean): number => (v ? 1 : 0);
  const values: JsonColumn<NewChannelRow>[] = [
    { name: 'name', type: 'text', value: (r) => r.name },
    { name: 'group_id', type: 'integer', value: (r) => r.groupId },
    { name: 'valid', type: 'integer', value: (r) => VALIDITIES.indexOf(r.valid) },
    { name: 'comments', type: 'text', value: (r) => r.comment },
    ...(flags
      ? [
          { name: 'customer', type: 'integer', value: (r: NewChannelRow) => flag(r.availableToCustomerUsers) } as const,
          { name: 'public', type: 'integer', value: (r: NewChannelRow) => flag(r.availableToPublicUsers) } as const,
        ]
      : []),
  ];
  const selected = [
    ...values.map((c) => (c.name === 'valid' ? validId : `j.${q(c.name)}`)),
    `current_timestamp, ${USER_VARIABLE}, current_timestamp, ${USER_VARIABLE}`,
  ];
  return jsonTable('j', values, rows, {
    head: `INSERT INTO ${q('chat_channel')} (${columns.map(q).join(', ')}) SELECT ${selected.join(', ')} FROM `,
    headParams: [],
    ordinality: 'place',
    tail: ` ORDER BY j.${q('place')}`,
    tailParams: [],
  });
}

function insertSettingRows(rows: readonly SettingInsert[], userId: number): BuiltStatement {
  const columns = [
    'sysconfig_default_id', 'name', 'user_id', 'is_valid', 'user_modification_active',
    'effective_value', 'is_dirty', 'reset_to_default', 'create_time', 'create_by', 'change_time', 'change_by',
  ];
  // A changed system-wide value, as OTRS writes it: valid, dirty until deployed, not a reset.
  return tuples(
    `INSERT INTO ${q('sysconfig_modified')} (${columns.map(q).join(', ')})`,
    () => '(?, ?, NULL, 1, 0, ?, 1, 0, current_timestamp, ?, current_timestamp, ?)',
    rows.map((r) => [r.defaultId, r.name, r.effectiveValue, userId, userId]),
  );
}

/** A column some channel updates set from their own values. */
interface UpdatedColumn {
  readonly column: string;
  /** How its values travel in a `JSON_TABLE`. */
  readonly type: JsonColumn<unknown>['type'];
  /** The row's value, `undefined` when the row leaves the column alone. */
  readonly value: (row: ChannelRowUpdate) => string | number | undefined;
}

/** Channel updates that change the same columns (and validity to the same name): one statement, chunks aside. */
interface ChannelUpdateGroup {
  /** The columns set from each row's own value, in table order. */
  readonly columns: readonly UpdatedColumn[];
  /** The validity every row of the group gets, if the group changes it. */
  readonly valid: ChannelRowUpdate['valid'];
  readonly rows: readonly ChannelRowUpdate[];
}

/**
 * Groups updates by what they change, in order of first appearance. There are at most a few
 * dozen shapes whatever the number of rows, so the statement count stays constant; within a
 * group no row needs a `CASE` to keep a column it does not change: it is not in the group.
 * Renames cannot depend on each other's order (a rename's new name is held by no row but its
 * own, docs/design.md §3), so splitting them across statements changes nothing.
 */
function channelUpdateGroups(rows: readonly ChannelRowUpdate[], caps: DatabaseCapabilities): ChannelUpdateGroup[] {
  const flags = caps.availabilityColumns;
  const flag = (v: boolean | undefined): number | undefined => (v === undefined ? undefined : v ? 1 : 0);
  const candidates: UpdatedColumn[] = [
    { column: 'name', type: 'text', value: (r) => r.name },
    { column: 'group_id', type: 'integer', value: (r) => r.groupId },
    { column: 'comments', type: 'text', value: (r) => r.comment },
    ...(flags
      ? [
          { column: flags.customer, type: 'integer', value: (r: ChannelRowUpdate) => flag(r.availableToCustomerUsers) } as const,
          { column: flags.public, type: 'integer', value: (r: ChannelRowUpdate) => flag(r.availableToPublicUsers) } as const,
        ]
      : []),
  ];
  const groups = new Map<string, { columns: UpdatedColumn[]; valid: ChannelRowUpdate['valid']; rows: ChannelRowUpdate[] }>();
  for (const row of rows) {
    const columns = candidates.filter((c) => c.value(row) !== undefined);
    const key = JSON.stringify([columns.map((c) => c.column), row.valid ?? null]);
    const group = groups.get(key) ?? { columns, valid: row.valid, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * One group's statement. With values of its own per row it joins them as a derived table on
 * the primary key (`eq_ref`); a group that only changes validity needs none, just its ids.
 * With `JSON_TABLE` both are a join of one JSON parameter on the id (a multi-table `UPDATE`:
 * MariaDB 10.11 plans `WHERE id IN (SELECT ... FROM JSON_TABLE(...))` of a single-table
 * `UPDATE` as a dependent subquery run for every row of the table).
 * Validity is set by one subquery per statement: resolved by name, a name the valid table lacks
 * gives NULL, which strict mode refuses.
 */
function updateChannelGroup(group: ChannelUpdateGroup, rows: readonly ChannelRowUpdate[], userId: number, json: boolean): BuiltStatement {
  const setParams = [...(group.valid === undefined ? [] : [group.valid]), userId];
  const set = (alias: string): string => [...(group.valid === undefined ? [] : [`${alias}${q('valid_id')} = ${validIdOf}`]), audit(alias)].join(', ');
  if (json) {
    const values: JsonColumn<ChannelRowUpdate>[] = [
      { name: 'id', type: 'integer', value: (r) => r.id },
      ...group.columns.map((c): JsonColumn<ChannelRowUpdate> => ({ name: `new_${c.column}`, type: c.type, value: (r) => c.value(r) as string | number | undefined })),
    ];
    return jsonTable('d', values, rows, {
      head: `UPDATE ${q('chat_channel')} t JOIN `,
      headParams: [],
      tail: ` ON t.${q('id')} = d.${q('id')} SET ${[...group.columns.map((c) => `t.${q(c.column)} = d.${q(`new_${c.column}`)}`), set('t.')].join(', ')}`,
      tailParams: setParams,
    });
  }
  if (group.columns.length === 0) {
    return idList(`UPDATE ${q('chat_channel')} SET ${set('')} WHERE ${q('id')} IN (`, setParams, rows.map((r) => r.id), ')');
  }
  // Derived columns are named `new_<column>`: distinct, as the columns are, and never `id`.
  const assignments = group.columns.map((c) => `t.${q(c.column)} = d.${q(`new_${c.column}`)}`);
  const derived: DerivedColumn<ChannelRowUpdate>[] = [{ name: 'id', value: (r) => r.id }, ...group.columns.map((c) => ({ name: `new_${c.column}`, value: c.value }))];
  return derivedTable('d', derived, rows, {
    head: `UPDATE ${q('chat_channel')} t JOIN `,
    headParams: [],
    tail: ` ON t.${q('id')} = d.${q('id')} SET ${[...assignments, set('t.')].join(', ')}`,
    tailParams: setParams,
  });
}

/** Setting rows, as OTRS writes a change: each row's own value joined by id, system-wide rows only. */
function updateSettingRows(rows: readonly SettingRowUpdate[], userId: number): BuiltStatement {
  const always = ['is_valid', 'is_dirty'].map((c) => `t.${q(c)} = 1`).join(', ');
  const derived: DerivedColumn<SettingRowUpdate>[] = [{ name: 'id', value: (r) => r.rowId }, { name: 'new_value', value: (r) => r.effectiveValue }];
  return derivedTable('d', derived, rows, {
    head: `UPDATE ${q('sysconfig_modified')} t JOIN `,
    headParams: [],
    tail:
      ` ON t.${q('id')} = d.${q('id')} SET t.${q('effective_value')} = d.${q('new_value')}, ${always}, t.${q('reset_to_default')} = 0, ${audit('t.')}` +
      ` WHERE t.${q('user_id')} IS NULL`,
    tailParams: [userId],
  });
}
