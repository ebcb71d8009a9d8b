import type { Db, TransactionOptions } from '../db.js';

/** What a driver must provide: run one statement, and close. */
export interface Session {
  run(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
  /** Turns a driver's failure into what `Db.query` promises (SQL errors pass through). */
  translateError(err: unknown): unknown;
}

/**
 * The part of `Db` every driver shares: counting statements, and transactions as
 * BEGIN / COMMIT / ROLLBACK on the one connection.
 */
export function sessionDb(dialect: Db['dialect'], description: string, session: Session): Db {
  let statements = 0;
  let closed = false;
  let inTransaction = false;

  const query = async <Row>(sql: string, params: readonly unknown[] = []): Promise<Row[]> => {
    if (closed) throw new Error(`query on a closed connection to ${description}`);
    statements++;
    try {
      return (await session.run(sql, params)) as Row[];
    } catch (err) {
      throw session.translateError(err);
    }
  };

  const db: Db = {
    dialect,
    description,
    get statementCount() {
      return statements;
    },
    query,
    async transaction<T>(fn: (tx: Db) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
      if (inTransaction) throw new Error('transactions do not nest: use the tx handed to the outer transaction');
      for (const statement of beginStatements(dialect, options)) await query(statement);
      inTransaction = true;
      try {
        const result = await fn(tx);
        await query('COMMIT');
        return result;
      } catch (err) {
        try {
          await query('ROLLBACK');
        } catch {
          // The connection is gone: the server rolls the transaction back by itself.
        }
        throw err;
      } finally {
        inTransaction = false;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await session.close();
    },
  };

  const tx: Db = {
    dialect,
    description,
    get statementCount() {
      return statements;
    },
    query,
    transaction: () => Promise.reject(new Error('transactions do not nest')),
    close: () => Promise.reject(new Error('close the database, not the transaction')),
  };
  return db;
}

/**
 * BEGIN with the transaction's characteristics. PostgreSQL takes them in BEGIN itself; MySQL and
 * MariaDB take them from `SET TRANSACTION` (without SESSION: the next transaction only) sent
 * just before, since BEGIN cannot name an isolation level there.
 */
export function beginStatements(dialect: Db['dialect'], options: TransactionOptions): string[] {
  const traits = [...(options.isolation ? [`ISOLATION LEVEL ${options.isolation.toUpperCase()}`] : []), ...(options.readOnly ? ['READ ONLY'] : [])];
  if (traits.length === 0) return ['BEGIN'];
  return dialect === 'postgres' ? [`BEGIN ${traits.join(', ')}`] : [`SET TRANSACTION ${traits.join(', ')}`, 'BEGIN'];
}
