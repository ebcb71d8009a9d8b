import { applyLockTimeout } from '../apply-lock-timeout.js';
import type { DatabaseCapabilities } from '../../model/actual-state.js';
import type { Db } from '../db.js';
import type { ChannelRowUpdate, NewChannelRow, SettingInsert, SettingRowUpdate } from '../write-batches.js';
import type { Statement } from '../statement.js';
import { chunkByCost, costOf, type StatementCost } from './mysql-chunks.js';
import { quoteIdentifier as q } from './mysql.js';
import type { WriteDialect } from './write-dialect.js';

/**
 * MySQL / MariaDB text of the applier's batched writes: multi-row INSERTs, and UPDATEs that set
 * each column with `CASE id WHEN ? THEN ? ... ELSE column END` for the rows whose field changes.
 * Every value is a bound parameter compared or assigned straight to a column, so the column's
 * own collation applies: a derived table of parameters would carry the connection's collation
 * and clash with the table's ("Illegal mix of collations"). A batch is one statement unless the
 * placeholder limit or `max_allowed_packet` forces more (see mysql-chunks.ts).
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

    insertChannels: (rows, userId, caps) => chunked(rows, (chunk) => insertChannels(chunk, userId, caps), limits()),
    updateChannels: (rows, userId, caps) => chunked(rows, (chunk) => updateChannels(chunk, userId, caps), limits()),
    updateSettingRows: (rows, userId) => chunked(rows, (chunk) => updateSettingRows(chunk, userId), limits()),
    insertSettingRows: (rows, userId) => chunked(rows, (chunk) => insertSettingRows(chunk, userId), limits()),
  };
}

/**
 * A statement is its fixed text plus what each row adds. Builders return that split, so the
 * chunker can cost rows one by one and the statement is then built from the chunk it chose.
 */
interface Built {
  readonly fixed: StatementCost;
  readonly rowCost: (index: number) => StatementCost;
  readonly statement: Statement;
}

function chunked<Row>(rows: readonly Row[], build: (rows: readonly Row[]) => Built, limits: { maxPacketBytes: number }): Statement[] {
  if (rows.length === 0) return [];
  const whole = build(rows);
  const indexes = chunkByCost(rows.map((_, i) => i), whole.rowCost, whole.fixed, limits);
  if (indexes.length === 1) return [whole.statement];
  return indexes.map((chunk) => build(chunk.map((i) => rows[i] as Row)).statement);
}

/** `(?, ?, ...)` tuples after a fixed head: the cost of each row is its tuple and its values. */
function tuples(head: string, tuple: string, values: readonly (readonly unknown[])[]): Built {
  const sql = `${head} VALUES ${values.map(() => tuple).join(', ')}`;
  return {
    fixed: costOf(`${head} VALUES `, []),
    rowCost: (i) => costOf(`${tuple}, `, values[i] ?? []),
    statement: { sql, params: values.flat() },
  };
}

const validIdOf = `(SELECT v.${q('id')} FROM ${q('valid')} v WHERE v.${q('name')} = ?)`;

function insertChannels(rows: readonly NewChannelRow[], userId: number, caps: DatabaseCapabilities): Built {
  const flags = caps.availabilityColumns;
  const columns = ['name', 'group_id', 'valid_id', 'comments', ...(flags ? [flags.customer, flags.public] : []), 'create_time', 'create_by', 'change_time', 'change_by'];
  const tuple = `(?, ?, ${validIdOf}, ?${flags ? ', ?, ?' : ''}, current_timestamp, ?, current_timestamp, ?)`;
  return tuples(
    `INSERT INTO ${q('chat_channel')} (${columns.map(q).join(', ')})`,
    tuple,
    rows.map((r) => [
      r.name,
      r.groupId,
      r.valid,
      r.comment,
      ...(flags ? [r.availableToCustomerUsers ? 1 : 0, r.availableToPublicUsers ? 1 : 0] : []),
      userId,
      userId,
    ]),
  );
}

function insertSettingRows(rows: readonly SettingInsert[], userId: number): Built {
  const columns = [
    'sysconfig_default_id', 'name', 'user_id', 'is_valid', 'user_modification_active',
    'effective_value', 'is_dirty', 'reset_to_default', 'create_time', 'create_by', 'change_time', 'change_by',
  ];
  // A changed system-wide value, as OTRS writes it: valid, dirty until deployed, not a reset.
  return tuples(
    `INSERT INTO ${q('sysconfig_modified')} (${columns.map(q).join(', ')})`,
    '(?, ?, NULL, 1, 0, ?, 1, 0, current_timestamp, ?, current_timestamp, ?)',
    rows.map((r) => [r.defaultId, r.name, r.effectiveValue, userId, userId]),
  );
}

/** One column's `CASE id WHEN ? THEN <value> ...`: the rows that set it, each with its value's SQL and parameters. */
interface ColumnCase {
  readonly column: string;
  /** `?`, or an expression holding one placeholder. */
  readonly value: string;
  readonly entries: readonly { readonly row: number; readonly id: number; readonly param: unknown }[];
  /** `false`: every row sets it, so no ELSE is needed. */
  readonly keepOthers: boolean;
}

/**
 * `UPDATE table SET col = CASE id WHEN ? THEN ? ... ELSE col END, ..., <always> WHERE id IN (...)<where>`.
 * A column appears only when some row sets it, and then only for those rows: every other row
 * keeps its stored value byte for byte (a NULL comment stays NULL).
 */
function caseUpdate(table: string, ids: readonly number[], cases: readonly ColumnCase[], always: string, alwaysParams: readonly unknown[], where = ''): Built {
  const used = cases.filter((c) => c.entries.length > 0);
  const assignments = used.map((c) => {
    const whens = c.entries.map(() => `WHEN ? THEN ${c.value}`).join(' ');
    return `${q(c.column)} = CASE ${q('id')} ${whens}${c.keepOthers ? ` ELSE ${q(c.column)}` : ''} END`;
  });
  const head = `UPDATE ${q(table)} SET ${[...assignments, always].join(', ')} WHERE ${q('id')} IN (`;
  const params = [...used.flatMap((c) => c.entries.flatMap((e) => [e.id, e.param])), ...alwaysParams, ...ids];
  const perRow = ids.map(() => ({ bytes: 0, parameters: 0 }));
  for (const c of used) {
    for (const e of c.entries) {
      const cost = costOf(`WHEN ? THEN ${c.value} `, [e.id, e.param]);
      const slot = perRow[e.row] ?? { bytes: 0, parameters: 0 };
      perRow[e.row] = { bytes: slot.bytes + cost.bytes, parameters: slot.parameters + cost.parameters };
    }
  }
  const fixedText = `${head})${where} ${used.map((c) => `${q(c.column)} = CASE ${q('id')} ELSE ${q(c.column)} END`).join(', ')}`;
  return {
    fixed: costOf(fixedText, alwaysParams),
    rowCost: (i) => {
      const own = perRow[i] ?? { bytes: 0, parameters: 0 };
      const inList = costOf('?, ', [ids[i]]);
      return { bytes: own.bytes + inList.bytes, parameters: own.parameters + inList.parameters };
    },
    statement: { sql: `${head}${ids.map(() => '?').join(', ')})${where}`, params },
  };
}

function updateChannels(rows: readonly ChannelRowUpdate[], userId: number, caps: DatabaseCapabilities): Built {
  const flags = caps.availabilityColumns;
  const entries = <V>(pick: (r: ChannelRowUpdate) => V | undefined, encode: (v: V) => unknown = (v) => v): ColumnCase['entries'] =>
    rows.flatMap((r, row) => {
      const value = pick(r);
      return value === undefined ? [] : [{ row, id: r.id, param: encode(value) }];
    });
  const flag = (v: boolean): number => (v ? 1 : 0);
  const cases: ColumnCase[] = [
    { column: 'name', value: '?', entries: entries((r) => r.name), keepOthers: true },
    { column: 'group_id', value: '?', entries: entries((r) => r.groupId), keepOthers: true },
    // Resolved by name, as docs/otrs.md asks; a name the valid table lacks gives NULL, which strict mode refuses.
    { column: 'valid_id', value: validIdOf, entries: entries((r) => r.valid), keepOthers: true },
    { column: 'comments', value: '?', entries: entries((r) => r.comment), keepOthers: true },
    ...(flags
      ? [
          { column: flags.customer, value: '?', entries: entries((r) => r.availableToCustomerUsers, flag), keepOthers: true },
          { column: flags.public, value: '?', entries: entries((r) => r.availableToPublicUsers, flag), keepOthers: true },
        ]
      : []),
  ];
  return caseUpdate('chat_channel', rows.map((r) => r.id), cases, `${q('change_time')} = current_timestamp, ${q('change_by')} = ?`, [userId]);
}

function updateSettingRows(rows: readonly SettingRowUpdate[], userId: number): Built {
  const value: ColumnCase = {
    column: 'effective_value',
    value: '?',
    entries: rows.map((r, row) => ({ row, id: r.rowId, param: r.effectiveValue })),
    keepOthers: false,
  };
  return caseUpdate(
    'sysconfig_modified',
    rows.map((r) => r.rowId),
    [value],
    `${['is_valid', 'is_dirty'].map((c) => `${q(c)} = 1`).join(', ')}, ${q('reset_to_default')} = 0, ${q('change_time')} = current_timestamp, ${q('change_by')} = ?`,
    [userId],
    ` AND ${q('user_id')} IS NULL`,
  );
}
