import { statement } from '../statement.js';
import type { Dialect } from './dialect.js';
import { portableReads } from './shared-reads.js';

/**
 * PostgreSQL's SQL text for reading. Unqualified table names resolve through the connection's
 * search_path, as OTRS's own queries do. Its rendering of the OTRS schema is postgres-ddl.ts.
 */

/** Always quotes, so any name (reserved, mixed case, an operator's column) is taken literally. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

const q = quoteIdentifier;

export const postgres: Dialect = {
  name: 'postgres',
  quoteIdentifier,

  layoutQuery: (tables) =>
    statement(
      'SELECT t.name AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS column_type ' +
        'FROM unnest($1::text[]) WITH ORDINALITY AS t(name, ord) ' +
        'JOIN pg_catalog.pg_attribute a ON a.attrelid = to_regclass(quote_ident(t.name)) AND a.attnum > 0 AND NOT a.attisdropped ' +
        'ORDER BY t.ord, a.attnum',
      [tables],
    ),

  isIntegerType: (type) => type === 'smallint' || type === 'integer' || type === 'bigint',

  // OTRS requires a UTF-8 database on PostgreSQL; its default (deterministic) collations hold two
  // names equal only when they are the same text, so after NFC names compare exactly.
  textCapabilities: () => ({ nameComparison: 'exact', supportsFourByteCharacters: true }),

  ...portableReads(
    q,
    (column) => `to_char(${column}, 'YYYY-MM-DD HH24:MI:SS')`,
    (names) => ({ sql: '= ANY($1::text[])', params: [names] }),
  ),

  // OTRS looks logins up case-insensitively on case-sensitive databases; the exact spelling wins a tie.
  userQuery: (login) =>
    statement(
      `SELECT u.id, u.login, v.name AS valid_name FROM ${q('users')} u LEFT JOIN ${q('valid')} v ON v.id = u.valid_id ` +
        'WHERE lower(u.login) = lower($1) ORDER BY (u.login = $1) DESC, u.id LIMIT 1',
      [login],
    ),
};
