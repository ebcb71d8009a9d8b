/**
 * The one small interface every database sits behind (pg, PGlite, mysql2). Callers write
 * SQL in the dialect named by `dialect` (see `dialects/`); drivers stay inside `src/db`.
 */
export interface Db {
  readonly dialect: 'postgres' | 'mysql';
  /**
   * A description safe to print: never a password, e.g. "postgres://otrs@db.example:5432/otrs"
   * or "embedded database in ./.otrs-chat-config/db".
   */
  readonly description: string;
  /**
   * Runs one statement with bind parameters (`$1`... on PostgreSQL, `?` on MySQL). A failing
   * statement rejects with the driver's error, whose SQLSTATE `sqlStateOf` reads: the caller wraps it
   * in a `DatabaseError` naming its step. A lost connection rejects with a `ConnectionError`.
   */
  query<Row = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Runs fn in one transaction; commits on success, rolls back on any error and rethrows.
   * Use only `tx` inside fn; transactions do not nest.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Statements sent so far, BEGIN/COMMIT included (tests pin the fixed number of queries). */
  readonly statementCount: number;
  /** Closes the connection and releases what it holds (the embedded directory's lock). Idempotent. */
  close(): Promise<void>;
}

/** How a transaction starts: set with its BEGIN, so before any statement of it can take a snapshot. */
export interface TransactionOptions {
  /** @default the server's or session's default */
  readonly isolation?: 'read committed' | 'repeatable read';
  readonly readOnly?: boolean;
}
