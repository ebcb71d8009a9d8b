/** One SQL statement and its bind parameters, in one dialect's SQL (`$1`... on PostgreSQL, `?` on MySQL). */
export interface Statement {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** A statement and its parameters (none by default). */
export const statement = (sql: string, params: readonly unknown[] = []): Statement => ({ sql, params });
