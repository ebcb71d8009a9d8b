import { ConnectionError } from '../errors.js';
import type { DatabaseTarget } from './database-target.js';
import type { Db } from './db.js';
import { openPostgres } from './postgres-connection.js';

export type { Db } from './db.js';
export { resolveDatabaseTarget, type DatabaseTarget } from './database-target.js';

export interface OpenOptions {
  /** How long to wait for another process holding the embedded database. @default 30 000 (`--lock-timeout`) */
  readonly lockTimeoutMs: number;
}

/** Opens the target's database. Every failure is an `ExitError` of one sentence, never with a password. */
export async function openDatabase(target: DatabaseTarget, options: OpenOptions): Promise<Db> {
  switch (target.kind) {
    case 'postgres':
      return openPostgres(target);
    case 'embedded': {
      // Loaded on demand: the lock library hooks process exit as it loads.
      const { openEmbedded } = await import('./embedded.js');
      return openEmbedded(target, options.lockTimeoutMs);
    }
    case 'mysql':
      throw new ConnectionError(
        `cannot open ${target.description}: MySQL and MariaDB support is not built yet; use a postgres:// URL or embedded[:DIR] for now`,
      );
  }
}
