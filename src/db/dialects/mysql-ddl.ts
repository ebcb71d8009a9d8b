import { renderColumnType, type ColumnDef, type DdlDialect } from '../embedded/otrs-schema.js';
import { quoteIdentifier } from './mysql.js';

/** The character sets a test schema can be rendered in, each with the collation OTRS installs use. */
export const MYSQL_CHARSETS = {
  utf8mb4: 'utf8mb4_unicode_ci',
  utf8mb3: 'utf8mb3_general_ci',
} as const;
export type MysqlCharset = keyof typeof MYSQL_CHARSETS;

/** A string constant with backslash escapes (the tool's session never sets NO_BACKSLASH_ESCAPES). */
function literal(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  const escaped = value
    .replaceAll('\\', '\\\\')
    .replaceAll("'", "''")
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t')
    .replaceAll('\0', '\\0');
  return `'${escaped}'`;
}

function columnType(column: ColumnDef): string {
  return renderColumnType(column, {
    // OTRS's ids; SMALLINT where it says so (valid), or a SMALLINT valid_id could not reference it.
    serial: column.small ? 'SMALLINT AUTO_INCREMENT' : 'INTEGER AUTO_INCREMENT',
    text: 'LONGTEXT',
    timestamp: 'DATETIME',
  });
}

/** The OTRS schema in MySQL's types, InnoDB tables in `charset`. */
export function mysqlDdl(charset: MysqlCharset = 'utf8mb4'): DdlDialect {
  return {
    quoteIdentifier,
    columnType,
    literal,
    // A literal default on a TEXT column needs the expression form on MySQL 8 (MariaDB takes both).
    defaultClause: (column, value) => (column.type === 'text' ? `DEFAULT (${value})` : `DEFAULT ${value}`),
    currentTimestamp: 'current_timestamp',
    tableOptions: ` ENGINE=InnoDB DEFAULT CHARSET=${charset} COLLATE=${MYSQL_CHARSETS[charset]}`,
    foreignKeysPerTable: true,
  };
}
