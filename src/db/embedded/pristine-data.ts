import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startPgliteEngine, wrapPglite } from '../connection/pglite-connection.js';
import { installSchemaIfEmpty } from './install-schema.js';
import { makeDirectory } from './make-directory.js';
import { currentPristineKey, type PristineSources } from './pristine-location.js';
import { PRISTINE_AFTER_SCHEMA, PRISTINE_INITDB_ARGS } from './pristine-recipe.js';

/**
 * The pristine data folder for this schema and PGlite: the build's if it made one, else the
 * user cache's, made there now if missing. `undefined` when none can be had (no cache folder,
 * an unwritable one, a failure making it): the caller then creates the database in place.
 */
export async function findOrMakePristine(sources: PristineSources): Promise<string | undefined> {
  let key: string;
  try {
    key = currentPristineKey();
  } catch {
    return undefined;
  }
  for (const root of [sources.shipped, sources.cache]) {
    if (root !== undefined && isPristine(join(root, key))) return join(root, key);
  }
  if (sources.cache === undefined) return undefined;
  try {
    return await makePristine(sources.cache, key);
  } catch {
    return undefined;
  }
}

/**
 * A folder named by its key exists only complete: it is made under a temporary name and renamed
 * into place (`makePristine`), so a half-made one is never taken for it.
 */
export function isPristine(folder: string): boolean {
  return existsSync(join(folder, 'PG_VERSION'));
}

/**
 * Makes `root/key`: PGlite's initdb, the OTRS schema with a fresh install's rows, then the rest
 * of the recipe (pristine-recipe.ts), in a temporary folder beside it (`key.tmp-PID-RANDOM`),
 * closed cleanly, then renamed into place. Two processes making it at once each make their own;
 * the first rename wins and the other's copy is removed. The temporary folder is removed on
 * failure, so a failed run leaves nothing half-made behind (a killed one leaves it under its
 * temporary name, never taken for a pristine folder).
 * @returns the folder, `root/key`
 */
export async function makePristine(root: string, key: string): Promise<string> {
  const folder = join(root, key);
  makeDirectory(root);
  const temporary = join(root, `${key}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    mkdirSync(temporary);
    const engine = await startPgliteEngine(temporary, PRISTINE_INITDB_ARGS);
    try {
      const db = wrapPglite(engine, { description: 'pristine embedded database' });
      await installSchemaIfEmpty(db);
      for (const statement of PRISTINE_AFTER_SCHEMA) await db.query(statement);
    } finally {
      await engine.close();
    }
    try {
      renameSync(temporary, folder);
    } catch (err) {
      // Another process renamed its own copy into place first: that one is as good.
      if (!isPristine(folder)) throw err;
    }
  } finally {
    // Only ever this call's own folder; gone already after a successful rename.
    rmSync(temporary, { recursive: true, force: true });
  }
  return folder;
}
