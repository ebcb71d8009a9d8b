import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { ConnectionError } from '../../errors.js';
import type { EmbeddedTarget } from '../connection/database-target.js';
import type { Db } from '../db.js';
import { lockDirectory } from './embedded-lock.js';
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
  const lock = await lockDirectory(target.dir, lockTimeoutMs, shownAs);
  let instance: PGlite | undefined;
  try {
    mkdirSync(target.dir, { recursive: true });
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

async function startPglite(dir: string, shownAs: string): Promise<PGlite> {
  try {
    return await PGlite.create(dir);
  } catch (err) {
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
