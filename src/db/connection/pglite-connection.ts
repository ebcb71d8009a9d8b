import type { PGliteInterface } from '@electric-sql/pglite';
import { ConnectionError } from '../../errors.js';
import type { Db } from '../db.js';
import { sessionDb } from './session-db.js';

export interface PgliteWrapOptions {
  /** @default 'PGlite database' */
  readonly description?: string;
  /** Runs on `close()`; by default the instance stays open (tests share one per file). */
  readonly onClose?: () => Promise<void>;
  /** Throws when the database must not be used any more (the embedded lock was lost). */
  readonly assertUsable?: () => void;
}

/**
 * A `Db` over a PGlite instance, as it stands: its current schema and search_path. The embedded
 * database uses this, and tests use it directly on one shared in-memory instance.
 */
export function wrapPglite(instance: Pick<PGliteInterface, 'query'>, options: PgliteWrapOptions = {}): Db {
  return sessionDb('postgres', options.description ?? 'PGlite database', {
    async run(sql, params) {
      options.assertUsable?.();
      const result = await instance.query<Record<string, unknown>>(sql, [...params]);
      return result.rows;
    },
    close: async () => {
      await options.onClose?.();
    },
    // A WebAssembly trap means the engine itself died; SQL errors (with their SQLSTATE) and bugs pass through.
    translateError: (err) =>
      err instanceof Error && err.name === 'RuntimeError' ? new ConnectionError(`the embedded database engine failed (${err.message})`) : err,
  });
}
