import { statSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { ConnectionError, systemErrorCode } from '../../errors.js';
import type { EmbeddedTarget } from '../connection/database-target.js';
import type { Db } from '../db.js';
import { copyPristine, listDirectory } from './copy-pristine.js';
import { embeddedDirectoryError, lockDirectory } from './embedded-lock.js';
import { installSchemaIfEmpty } from './install-schema.js';
import { makeDirectory } from './make-directory.js';
import { findOrMakePristine } from './pristine-data.js';
import { defaultPristineSources, type PristineSources } from './pristine-location.js';
import { startPgliteEngine, wrapPglite } from '../connection/pglite-connection.js';

/**
 * Opens the embedded PostgreSQL (PGlite) in `target.dir` for this process alone:
 * 1. lock the directory (waiting up to lockTimeoutMs for another CLI);
 * 2. a new directory (missing or empty) becomes a copy of the pristine data folder, which holds
 *    the OTRS tables and a fresh install's rows already (pristine-data.ts); where none can be
 *    had, PGlite's first start creates the data files in place (initdb, seconds of CPU);
 * 3. start PGlite on it;
 * 4. on a database without tables, create the OTRS tables and a fresh install's rows, all or nothing.
 * The lock is released on close and on process exit.
 * @param sources where pristine data folders are found or made; the build's, then the user cache
 */
export async function openEmbedded(target: EmbeddedTarget, lockTimeoutMs: number, sources: PristineSources = defaultPristineSources()): Promise<Db> {
  const shownAs = target.description.replace(/^embedded database in /, '');
  checkDirectory(target.dir, shownAs);
  const lock = await lockDirectory(target.dir, lockTimeoutMs, shownAs);
  let instance: PGlite | undefined;
  try {
    await prepareDirectory(target.dir, shownAs, sources);
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
    await installSchemaIfEmpty(db);
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

/**
 * Step 2: a missing or empty directory is filled from the pristine data folder. A directory with
 * anything in it is left as it is: a database, or what a run of an older version left half-made
 * (PGlite's start and step 4 finish that). A failed copy leaves `dir` as it was, and PGlite's
 * first start creates the data files as before.
 */
async function prepareDirectory(dir: string, shownAs: string, sources: PristineSources): Promise<void> {
  try {
    if ((listDirectory(dir)?.length ?? 0) === 0) {
      const pristine = await findOrMakePristine(sources);
      if (pristine !== undefined) {
        try {
          copyPristine(pristine, dir);
          return;
        } catch {
          // Made in place below instead; a real problem with `dir` is reported from there.
        }
      }
    }
    makeDirectory(dir);
  } catch (err) {
    throw embeddedDirectoryError(err, shownAs);
  }
}

async function startPglite(dir: string, shownAs: string): Promise<PGlite> {
  try {
    return await startPgliteEngine(dir);
  } catch (err) {
    if (systemErrorCode(err) !== undefined) throw embeddedDirectoryError(err, shownAs);
    throw new ConnectionError(
      `cannot open the embedded database in ${shownAs} (${err instanceof Error ? err.message : String(err)}); move the directory aside to start afresh`,
    );
  }
}
