import { renderColumnType, type ColumnDef, type DdlDialect } from '../embedded/otrs-schema.js';
import { quoteIdentifier } from './postgres.js';

/** A string constant; `E'...'` when it holds a newline or backslash, so the file stays one statement per line group. */
function literal(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  const quoted = value.replaceAll("'", "''");
  if (!/[\\\n\r\t]/.test(value)) return `'${quoted}'`;
  return `E'${quoted.replaceAll('\\', '\\\\').replaceAll('\n', '\\n').replaceAll('\r', '\\r').replaceAll('\t', '\\t')}'`;
}

function columnType(column: ColumnDef): string {
  return renderColumnType(column, { serial: 'serial', text: 'TEXT', timestamp: 'timestamp(0)' });
}

/** The OTRS schema in PostgreSQL's types: the rendering shipped as `embedded/otrs-schema.sql`. */
export const postgresDdl: DdlDialect = { quoteIdentifier, columnType, literal, currentTimestamp: 'current_timestamp', tableOptions: '' };
