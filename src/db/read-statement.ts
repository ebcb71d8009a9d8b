import { DatabaseError, ExitError } from '../errors.js';
import type { Db } from './db.js';
import { dialectFor, type LayoutRow } from './dialects/index.js';
import type { Statement } from './statement.js';

/** Sends one prepared statement and returns its rows. */
export function run<Row>(db: Db, statement: Statement): Promise<Row[]> {
  return db.query<Row>(statement.sql, statement.params);
}

/** The columns of each of `tables` that exists, in table and column order (the dialect's `layoutQuery`). */
export async function readLayout(db: Db, tables: readonly string[]): Promise<LayoutRow[]> {
  const dialect = dialectFor(db.dialect);
  const statement = dialect.layoutQuery(tables);
  return dialect.layoutRows ? dialect.layoutRows(await run<Readonly<Record<string, unknown>>>(db, statement)) : run<LayoutRow>(db, statement);
}

/**
 * Runs reads whose failure is a database problem, not a bug: an error the code already put in
 * words passes through; any other becomes one `DatabaseError` with the driver's words after
 * `failed`, e.g. "reading the OTRS tables failed: …".
 * @param action what was being done, for the error's heading
 * @param what what the sentence says failed
 */
export async function reading<T>(fn: () => Promise<T>, action: string, what: string): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ExitError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new DatabaseError(action, `${what} failed: ${detail}`);
  }
}
