import { UnsupportedDatabaseError } from '../../errors.js';
import type { GroupTable, NameComparison } from '../../model/actual-state.js';
import type { Dialect, LayoutRow } from './dialect.js';
import { statement } from '../statement.js';
import { mysqlCollationKeys } from './mysql-name-keys.js';
import { recordServerVersion } from './mysql-server-version.js';
import { portableReads } from './shared-reads.js';

/**
 * MySQL's and MariaDB's SQL text for reading. Unqualified table names resolve in the
 * connection's database, as OTRS's own queries do. Placeholders are `?`, bound in the order they
 * appear, so each statement lists its parameters in that order. The schema rendering is mysql-ddl.ts.
 */

/** Always quotes, so any name is taken literally: `groups` is a reserved word since MySQL 8. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

const q = quoteIdentifier;

const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

export const mysql: Dialect = {
  name: 'mysql',
  quoteIdentifier,

  // The columns and their tables' engines in one statement, as two reads joined by UNION ALL
  // and folded together by `layoutRows`. A per-row subquery for the engine (or a JOIN of the two
  // information_schema tables) made MariaDB 10.11 look at every table of the database: 12.5 ms
  // with 260 tables against 2.5 ms this way (OTRS has well over 100), 1.9 against 1.4 with ten.
  layoutQuery: (tables) =>
    statement(
      'SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.ORDINAL_POSITION AS position, c.COLUMN_TYPE AS column_type, ' +
        'c.CHARACTER_SET_NAME AS character_set, c.COLLATION_NAME AS collation_name, NULL AS table_engine, NULL AS server_version ' +
        `FROM information_schema.COLUMNS c WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME IN (${placeholders(tables.length)}) ` +
        // The server's version with the tables: it decides the write shapes (mysql-server-version.ts), at no extra statement.
        'UNION ALL SELECT t.TABLE_NAME, NULL, 0, NULL, NULL, NULL, t.ENGINE, VERSION() ' +
        `FROM information_schema.TABLES t WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME IN (${placeholders(tables.length)})`,
      [...tables, ...tables],
    ),

  layoutRows: foldLayout,

  // In the digest, the two halves of the layout query as two reads: the union as one derived
  // table took 1.7–2.3 ms there, its halves 1.0–1.9 (MariaDB 10.11). The digest sums over rows,
  // so the folding and the order do not matter.
  layoutDigestReads: (tables) => [
    {
      statement: statement(
        'SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.ORDINAL_POSITION AS position, c.COLUMN_TYPE AS column_type, ' +
          'c.CHARACTER_SET_NAME AS character_set, c.COLLATION_NAME AS collation_name FROM information_schema.COLUMNS c ' +
          `WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME IN (${placeholders(tables.length)})`,
        tables,
      ),
      columns: ['table_name', 'column_name', 'position', 'column_type', 'character_set', 'collation_name'],
    },
    {
      statement: statement(
        'SELECT t.TABLE_NAME AS table_name, t.ENGINE AS table_engine, VERSION() AS server_version FROM information_schema.TABLES t ' +
          `WHERE t.TABLE_SCHEMA = DATABASE() AND t.TABLE_NAME IN (${placeholders(tables.length)})`,
        tables,
      ),
      columns: ['table_name', 'table_engine', 'server_version'],
    },
  ],

  catalogOutsideSnapshot: true,

  checkWritable,

  // MariaDB and MySQL 5.7 show a display width (`smallint(6)`); MySQL 8 does not.
  isIntegerType: (type) => /^(tinyint|smallint|mediumint|int|integer|bigint)(\(\d+\))?( unsigned)?( zerofill)?$/i.test(type),

  textCapabilities,

  collationKeys: mysqlCollationKeys,

  ...portableReads(
    q,
    (column) => `DATE_FORMAT(${column}, '%Y-%m-%d %H:%i:%s')`,
    (names) => ({ sql: `IN (${placeholders(names.length)})`, params: names }),
    // The weight string under the column's own collation: what the name-key statement gives for
    // the same text (mysql-name-keys.ts), so a config name a row already has needs no asking.
    (column) => `HEX(WEIGHT_STRING(${column}))`,
  ),

  // As on PostgreSQL: case-insensitive whatever the column's collation, the exact spelling first.
  userQuery: (login) =>
    statement(
      `SELECT u.id, u.login, v.name AS valid_name FROM ${q('users')} u LEFT JOIN ${q('valid')} v ON v.id = u.valid_id ` +
        'WHERE LOWER(u.login) = LOWER(?) ORDER BY (CAST(u.login AS BINARY) = CAST(? AS BINARY)) DESC, u.id LIMIT 1',
      [login, login],
    ),
};

/**
 * `layoutQuery`'s rows folded into the columns, each with its table's engine and the server's
 * version (the rows without a `column_name` are the tables), in table and column order: the
 * order a second reading is compared in.
 */
function foldLayout(rows: readonly Readonly<Record<string, unknown>>[]): LayoutRow[] {
  const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  const tables = new Map<string, Readonly<Record<string, unknown>>>();
  for (const r of rows) if (r['column_name'] === null) tables.set(String(r['table_name']), r);
  return rows
    .filter((r) => r['column_name'] !== null)
    .map((r) => ({ row: r, table: String(r['table_name']), position: Number(r['position']) }))
    .sort((a, b) => (a.table < b.table ? -1 : a.table > b.table ? 1 : a.position - b.position))
    .map(({ row, table }) => {
      const t = tables.get(table);
      return {
        table_name: table,
        column_name: String(row['column_name']),
        column_type: String(row['column_type']),
        character_set: text(row['character_set']),
        collation_name: text(row['collation_name']),
        table_engine: text(t?.['table_engine']),
        server_version: text(t?.['server_version']),
      };
    });
}

/** The tables an apply writes: each must roll back with the transaction (docs/otrs.md: InnoDB). */
const WRITTEN_TABLES = ['chat_channel', 'sysconfig_modified'];

/**
 * An apply is all or nothing only where every table it writes is transactional. A MyISAM table
 * (old installs) would keep the writes before a failure: refused, at plan time already.
 */
export function checkWritable(layout: readonly LayoutRow[]): void {
  for (const table of WRITTEN_TABLES) {
    const engine = layout.find((r) => r.table_name === table)?.table_engine;
    // A view has no engine: then the server decides, as for any other statement.
    if (engine && engine.toLowerCase() !== 'innodb') {
      throw new UnsupportedDatabaseError(
        `${table} uses the ${engine} storage engine, which cannot roll back a failed apply; convert it first (ALTER TABLE ${table} ENGINE=InnoDB)`,
      );
    }
  }
}

/**
 * What chat_channel's text columns can hold and how names compare (docs/otrs.md):
 * - character set: utf8mb4 stores every character; utf8 / utf8mb3 nothing beyond U+FFFF, which
 *   the plan then refuses. OTRS requires a UTF-8 database, so any other set is refused here
 *   rather than letting the server mangle text;
 * - collation: the one of chat_channel.name and the one of the group table's name column. What
 *   they hold equal is asked of the server for every plan (mysql-name-keys.ts), never guessed
 *   from the collation's name.
 * Beside them, it records whether the server takes `JSON_TABLE` (mysql-server-version.ts).
 */
export function textCapabilities(layout: readonly LayoutRow[], groupTable: GroupTable): { nameComparison: NameComparison; supportsFourByteCharacters: boolean } {
  const column = (name: string, table = 'chat_channel'): LayoutRow | undefined => layout.find((r) => r.table_name === table && r.column_name === name);
  const text = ['name', 'comments'].map((name) => ({ name, charset: column(name)?.character_set?.toLowerCase() ?? '' }));
  for (const { name, charset } of text) {
    if (!['utf8mb4', 'utf8mb3', 'utf8'].includes(charset)) {
      throw new UnsupportedDatabaseError(
        `chat_channel.${name} uses the character set ${charset || 'binary'}; OTRS needs utf8mb4 or utf8 (convert the table: ALTER TABLE chat_channel CONVERT TO CHARACTER SET utf8mb4)`,
      );
    }
  }
  const channelCollation = column('name')?.collation_name;
  if (!channelCollation) throw new UnsupportedDatabaseError('chat_channel.name has no collation: not a layout this tool knows');
  const nameComparison = { channelCollation, groupCollation: column('name', groupTable)?.collation_name ?? channelCollation };
  recordServerVersion(nameComparison, (layout[0] as (LayoutRow & { readonly server_version?: unknown }) | undefined)?.server_version);
  return { nameComparison, supportsFourByteCharacters: text.every((t) => t.charset === 'utf8mb4') };
}
