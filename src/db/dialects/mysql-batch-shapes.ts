import type { Statement } from '../statement.js';
import { costOf, type StatementCost } from './mysql-chunks.js';
import { quoteIdentifier as q } from './mysql.js';

/**
 * The shapes a batch's rows take in MySQL text: `VALUES` tuples, a list of ids, and a derived
 * table of the rows' values, every value a bound parameter. Each returns its statement with
 * what its fixed text costs and what each row adds, so `chunkBuilt` (mysql-chunks.ts) can split
 * a batch that the server's limits refuse whole. Every shape grows by a short text per row: no
 * shape repeats a subquery per row (issue 11: that is quadratic on the server).
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
 * `head(SELECT ? AS a, ? AS b UNION ALL SELECT ?, ? ...) alias tail`: the rows as a derived table.
 * Every row is a `UNION ALL` branch, the one form every server takes: MySQL 5.7 has neither
 * `VALUES` rows nor `JSON_TABLE`, and MariaDB sizes a `VALUES` table's columns by its first
 * row's values. Its text columns carry the connection's collation: assign them, never compare
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
