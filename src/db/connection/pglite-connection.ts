import { setFlagsFromString } from 'node:v8';
import type { PGlite, PGliteInterface } from '@electric-sql/pglite';
import { ConnectionError } from '../../errors.js';
import type { Db } from '../db.js';
import { sessionDb } from './session-db.js';

/** PGlite starts under way in this process; V8 compiles Liftoff-only while any is. */
let starting = 0;

/**
 * Starts PGlite on a data folder (its first start there runs initdb, with PGlite's arguments and
 * `initdbArgs`). The driver is loaded here, on the first embedded open, so a run against a
 * server never loads it.
 *
 * While PGlite compiles its WebAssembly (inside `create`; once per process, PGlite keeps the
 * compiled module), V8 compiles with its baseline compiler only (`--liftoff-only`). Otherwise
 * the optimising tier recompiles the hot functions of the 9 MB module on background threads
 * while the first queries run: measured, that doubled the open time and added ~90 MB of peak
 * RSS, and a CLI run never lives long enough to win it back (even 200 heavier queries ran
 * faster on baseline code alone). The flag is set back once PGlite is up, so WebAssembly the
 * process compiles later (a library user's) compiles as usual; PGlite's code stays baseline.
 */
export async function startPgliteEngine(dataDir: string, initdbArgs: readonly string[] = []): Promise<PGlite> {
  if (starting++ === 0) setFlagsFromString('--liftoff-only');
  try {
    const { PGlite: Engine } = await import('@electric-sql/pglite');
    return await Engine.create(dataDir, { initDbStartParams: [...initdbArgs] });
  } finally {
    if (--starting === 0) setFlagsFromString('--no-liftoff-only');
  }
}

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
