import { statSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { ConnectionError, systemErrorCode } from '../../errors.js';
import type { EmbeddedTarget } from '../connection/database-target.js';
import type { Db } from '../db.js';
import { embeddedDirectoryError, lockDirectory } from './embedded-lock.js';
import { makeDirectory } from './make-directory.js';
import { readOtrsSchemaSql } from './otrs-schema.js';
import { wrapPglite } from '../connection/pglite-connection.js';
import { runSqlScript } from './sql-script.js';

/**
 * Opens the embedded PostgreSQL (PGlite) in `target.dir` for this process alone:
 * 1. lock the directory (waiting up to lockTimeoutMs for another CLI);
 * 2. start PGlite on it (its first start creates the data files);
 * 3. on a database without tables, create the OTRS tables and a fresh install's rows, all or nothing.
 * The lock is released on close and on process exit.
 */
export async function openEmbedded(target: EmbeddedTarget, lockTimeoutMs: number): Promise<Db> {
  const shownAs = target.description.replace(/^embedded database in /, '');
  checkDirectory(target.dir, shownAs);
  const lock = await lockDirectory(target.dir, lockTimeoutMs, shownAs);
  let instance: PGlite | undefined;
  try {
    try {
      makeDirectory(target.dir);
    } catch (err) {
      throw embeddedDirectoryError(err, shownAs);
    }
    instance = await startPglite(target.dir, shownAs);
    const engine = instance;
    const db = wrapPglite(engine, {
      description: target.description,
      assertUsable: () => lock.assertHeld(),
      onClose: async () => {
        try {
          await engine.close();
        } finally {
          await lock.release();
        }
      },
    });
    await createSchemaIfEmpty(db);
    return db;
  } catch (err) {
    await instance?.close().catch(() => undefined);
    await lock.release();
    throw err;
  }
}

/** A path that cannot be the database's directory is one sentence before anything is created or locked. */
function checkDirectory(dir: string, shownAs: string): void {
  try {
    if (!statSync(dir).isDirectory()) throw new ConnectionError(`cannot use ${shownAs} for the embedded database: it is a file, not a directory`);
  } catch (err) {
    if (err instanceof ConnectionError) throw err;
    // Missing is fine: it is created. Anything else says why the path cannot be used.
    if (systemErrorCode(err) !== 'ENOENT') throw embeddedDirectoryError(err, shownAs);
  }
}

async function startPglite(dir: string, shownAs: string): Promise<PGlite> {
  try {
    return await PGlite.create(dir);
  } catch (err) {
    if (systemErrorCode(err) !== undefined) throw embeddedDirectoryError(err, shownAs);
    throw new ConnectionError(
      `cannot open the embedded database in ${shownAs} (${err instanceof Error ? err.message : String(err)}); move the directory aside to start afresh`,
    );
  }
}

/** "Fresh" means no table in the current schema, so a first run that died half-way is redone, not left half-made. */
async function createSchemaIfEmpty(db: Db): Promise<void> {
  const [row] = await db.query<{ tables: number }>(
    'SELECT count(*)::int AS tables FROM pg_catalog.pg_tables WHERE schemaname = current_schema()',
  );
  if (Number(row?.tables) > 0) return;
  await db.transaction((tx) => runSqlScript(tx, readOtrsSchemaSql()));
}
