import type { Statement } from '../statement.js';
import { costOf, type StatementCost } from './mysql-chunks.js';
import { quoteIdentifier as q } from './mysql.js';

/**
 * The shapes a batch's rows take in MySQL text. Where the server has `JSON_TABLE`, one: every
 * row in ONE JSON text parameter (`jsonTable`), so a batch is one statement up to the packet
 * limit. Elsewhere (MySQL 5.7, MariaDB before 10.6): `VALUES` tuples, a list of ids, and a
 * derived table of the rows' values, every value a bound parameter, split at 65,535
 * placeholders. Each returns its statement with what its fixed text costs and what each row
 * adds, so `chunkBuilt` (mysql-chunks.ts) can split a batch that the server's limits refuse
 * whole. No shape repeats a subquery per row (issue 11: that is quadratic on the server).
 */

/** A statement, and its cost split into what it has whatever its rows and what each row adds. */
export interface BuiltStatement {
  readonly fixed: StatementCost;
  readonly rowCost: (index: number) => StatementCost;
  readonly statement: Statement;
}

const NOTHING: StatementCost = { bytes: 0, parameters: 0 };

/** `head VALUES (?, ?, ...), ...`: the cost of each row is its tuple (its own text, given by `tupleOf`) and its values. */
export function tuples(head: string, tupleOf: (index: number) => string, values: readonly (readonly unknown[])[]): BuiltStatement {
  return {
    fixed: costOf(`${head} VALUES `, []),
    rowCost: (i) => costOf(`${tupleOf(i)}, `, values[i] ?? []),
    statement: { sql: `${head} VALUES ${values.map((_, i) => tupleOf(i)).join(', ')}`, params: values.flat() },
  };
}

/** `head ?, ?, ... tail`: the statement's own parameters, then one id per row. */
export function idList(head: string, params: readonly unknown[], ids: readonly number[], tail: string): BuiltStatement {
  return {
    fixed: costOf(`${head}${tail}`, params),
    rowCost: (i) => costOf('?, ', [ids[i]]),
    statement: { sql: `${head}${ids.map(() => '?').join(', ')}${tail}`, params: [...params, ...ids] },
  };
}

/** A column of a derived table, and the row's value for it. */
export interface DerivedColumn<Row> {
  readonly name: string;
  readonly value: (row: Row) => unknown;
}

/** Where a derived table sits: the text before and after it, each with its own parameters. */
export interface DerivedTablePlace {
  readonly head: string;
  readonly headParams: readonly unknown[];
  readonly tail: string;
  readonly tailParams: readonly unknown[];
}

/**
 * `head(SELECT ? AS a, ? AS b UNION ALL SELECT ?, ? ...) alias tail`: the rows as a derived table,
 * where `jsonTable` cannot be had. Every row is a `UNION ALL` branch, the one form every server
 * takes: MySQL 5.7 has neither `VALUES` rows nor `JSON_TABLE`, and MariaDB sizes a `VALUES`
 * table's columns by its first row's values. Its text columns carry the connection's collation: assign them, never compare
 * or combine them with a column (mysql-write.ts).
 */
export function derivedTable<Row>(alias: string, columns: readonly DerivedColumn<Row>[], rows: readonly Row[], place: DerivedTablePlace): BuiltStatement {
  const first = `SELECT ${columns.map((c) => `? AS ${q(c.name)}`).join(', ')}`;
  const later = ` UNION ALL SELECT ${columns.map(() => '?').join(', ')}`;
  const values = (row: Row): unknown[] => columns.map((c) => c.value(row));
  return {
    // Every row costed as a later branch, and the first one's aliases on top: never below the text.
    fixed: costOf(`${place.head}() ${alias}${place.tail}${columns.map((c) => ` AS ${q(c.name)}`).join('')}`, [...place.headParams, ...place.tailParams]),
    rowCost: (i) => {
      const row = rows[i];
      return row === undefined ? NOTHING : costOf(later, values(row));
    },
    statement: {
      sql: `${place.head}(${rows.length > 0 ? first : ''}${later.repeat(Math.max(0, rows.length - 1))}) ${alias}${place.tail}`,
      params: [...place.headParams, ...rows.flatMap(values), ...place.tailParams],
    },
  };
}

/** A column of a `jsonTable`: its SQL type in `JSON_TABLE`, and the row's value for it (`null` or `undefined`: SQL NULL). */
export interface JsonColumn<Row> {
  readonly name: string;
  readonly type: 'integer' | 'text';
  readonly value: (row: Row) => string | number | null | undefined;
}

/**
 * The column types of a `JSON_TABLE`. Text is `LONGTEXT`: MariaDB cuts a value longer than a
 * `VARCHAR(n)` column of `JSON_TABLE` with only a warning, even in strict mode, so no width is
 * safe but the widest; it is only ever assigned, and the table's column then refuses (strict
 * mode) what it cannot hold, as it does a bound parameter. utf8mb4, so every character arrives
 * as sent; its collation never meets a column's (see `derivedTable`).
 */
const JSON_TYPES: Readonly<Record<JsonColumn<unknown>['type'], string>> = { integer: 'BIGINT', text: 'LONGTEXT CHARACTER SET utf8mb4' };

/**
 * `JSON_TABLE(?, '$[*]' COLUMNS(...))` over one JSON array of arrays, one per row, each value
 * at its column's index. A JSON `null` gives SQL NULL (checked on MariaDB 10.11).
 * @param ordinality names a `FOR ORDINALITY` column first (the row's place, from 1)
 */
export function jsonTableClause(columns: readonly Pick<JsonColumn<unknown>, 'name' | 'type'>[], ordinality?: string): string {
  const paths = columns.map((c, i) => `${q(c.name)} ${JSON_TYPES[c.type]} PATH '$[${i}]'`);
  return `JSON_TABLE(?, '$[*]' COLUMNS(${[...(ordinality ? [`${q(ordinality)} FOR ORDINALITY`] : []), ...paths].join(', ')}))`;
}

/**
 * `head JSON_TABLE(?, ...) alias tail`: the rows as ONE JSON text parameter (MySQL 8.0.4+,
 * MariaDB 10.6+), so the statement's text and its placeholders are the same whatever the
 * number of rows, and no placeholder limit applies. Each row costs its JSON bytes; a batch is
 * split only when its JSON would pass the packet limit (mysql-chunks.ts). Like `derivedTable`,
 * its text columns are only ever assigned, never compared or combined with a column.
 */
export function jsonTable<Row>(alias: string, columns: readonly JsonColumn<Row>[], rows: readonly Row[], place: DerivedTablePlace & { readonly ordinality?: string }): BuiltStatement {
  const texts = rows.map((row) => JSON.stringify(columns.map((c) => c.value(row) ?? null)));
  const sql = `${place.head}${jsonTableClause(columns, place.ordinality)} ${alias}${place.tail}`;
  return {
    fixed: costOf(sql, [...place.headParams, '[]', ...place.tailParams]),
    // Its text and a comma: no placeholder.
    rowCost: (i) => ({ bytes: Buffer.byteLength(texts[i] ?? '', 'utf8') + 1, parameters: 0 }),
    statement: { sql, params: [...place.headParams, `[${texts.join(',')}]`, ...place.tailParams] },
  };
}
