import type { DatabaseTarget } from './connection/database-target.js';
import type { Db } from './db.js';

export type { Db } from './db.js';
export { resolveDatabaseTarget } from './connection/resolve-target.js';
export type { DatabaseTarget } from './connection/database-target.js';

export interface OpenOptions {
  /** How long to wait for another process holding the embedded database. @default 30 000 (`--lock-timeout`) */
  readonly lockTimeoutMs: number;
}

/** Opens the target's database. Every failure is an `ExitError` of one sentence, never with a password. */
export async function openDatabase(target: DatabaseTarget, options: OpenOptions): Promise<Db> {
  switch (target.kind) {
    case 'postgres': {
      // Loaded on demand, like the others: a MySQL or embedded run never loads `pg`.
      const { openPostgres } = await import('./connection/postgres-connection.js');
      return openPostgres(target);
    }
    case 'embedded': {
      // Loaded on demand: the lock library hooks process exit as it loads.
      const { openEmbedded } = await import('./embedded/embedded.js');
      return openEmbedded(target, options.lockTimeoutMs);
    }
    case 'mysql': {
      // Loaded on demand: most runs never need the MySQL driver.
      const { openMysql } = await import('./connection/mysql-connection.js');
      return openMysql(target);
    }
  }
}
