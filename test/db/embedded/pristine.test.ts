import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveDatabaseTarget } from '../../../src/db/connection/resolve-target.js';
import type { EmbeddedTarget } from '../../../src/db/connection/database-target.js';
import type { Db } from '../../../src/db/db.js';
import { openEmbedded } from '../../../src/db/embedded/embedded.js';
import { OTRS_TABLES } from '../../../src/db/embedded/otrs-schema.js';
import { currentPristineKey, pristineKey, type PristineSources } from '../../../src/db/embedded/pristine-location.js';
import { introspect } from '../../../src/db/introspect.js';

/**
 * A new embedded folder is a copy of one pristine data folder rather than a fresh initdb. Told
 * apart without timing anything: every initdb draws a new random system identifier (the first
 * 8 bytes of global/pg_control), and a copy keeps its original's. So "made once, copied since"
 * is "every new folder has the pristine folder's identifier".
 */
const systemIdentifier = (dataDir: string): bigint => readFileSync(join(dataDir, 'global', 'pg_control')).readBigUInt64LE(0);

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** The spawned runs use the built library: vitest's global setup (and CI) run `npm run build` first. */
const builtDb = join(root, 'dist/src/db/');
const child = join(root, 'test/db/embedded/open-new-folder.mjs');

const scratch = mkdtempSync(join(tmpdir(), 'otrs-pristine-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const key = currentPristineKey();
/** Made by the first test's first open; the later tests copy from it. */
const cache = join(scratch, 'cache');
const fromCache: PristineSources = { shipped: undefined, cache };

const target = (dir: string): EmbeddedTarget => {
  const resolved = resolveDatabaseTarget(`embedded:${dir}`, {}, scratch);
  if (resolved.kind !== 'embedded') throw new Error(`not an embedded target: ${dir}`);
  return resolved;
};
const openIn = (dir: string, sources: PristineSources): Promise<Db> => openEmbedded(target(dir), 30_000, sources);
async function openAndClose(dir: string, sources: PristineSources): Promise<void> {
  await (await openIn(dir, sources)).close();
}

/** Everything a database holds in its schema, but the creation times of the seed rows. */
async function contents(db: Db): Promise<Record<string, unknown>> {
  const columns = await db.query<{ table_name: string }>(
    `SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const constraints = await db.query(
    `SELECT conrelid::regclass::text AS on_table, conname, pg_get_constraintdef(oid) AS definition
       FROM pg_catalog.pg_constraint WHERE connamespace = current_schema()::regnamespace ORDER BY 1, 2`,
  );
  const indexes = await db.query('SELECT tablename, indexname, indexdef FROM pg_catalog.pg_indexes WHERE schemaname = current_schema() ORDER BY 1, 2');
  const sequences = await db.query('SELECT sequencename, last_value FROM pg_catalog.pg_sequences WHERE schemaname = current_schema() ORDER BY 1');
  const tables = [...new Set(columns.map((c) => c.table_name))].sort();
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) {
    const all = await db.query<Record<string, unknown>>(`SELECT * FROM "${table}" ORDER BY 1, 2`);
    rows[table] = all.map(({ create_time: _created, change_time: _changed, ...rest }) => rest);
  }
  return { tables, columns, constraints, indexes, sequences, rows };
}

describe('a new embedded folder from the pristine data folder', () => {
  let pristineId: bigint;

  beforeAll(async () => {
    await openAndClose(join(scratch, 'first'), fromCache);
    pristineId = systemIdentifier(join(cache, key));
  });

  test('the pristine folder is made once, in the cache, and every new folder is a copy of it', async () => {
    await openAndClose(join(scratch, 'second'), fromCache);
    mkdirSync(join(scratch, 'empty'));
    await openAndClose(join(scratch, 'empty'), fromCache);

    // One folder in the cache, named by its key; no temporary folder left beside it.
    expect(readdirSync(cache)).toEqual([key]);
    // No initdb for any of them: each is a copy of the pristine folder. A missing directory and
    // an empty one are both new. Copies are made beside the target and renamed: none is left.
    for (const dir of ['first', 'second', 'empty']) {
      expect(systemIdentifier(join(scratch, dir))).toBe(pristineId);
      expect(existsSync(join(scratch, `${dir}.creating`))).toBe(false);
    }
  });

  test('a copy holds exactly what a folder created in place holds: the OTRS tables and a fresh install', async () => {
    // No pristine folder can be had (the cache path is a file): created in place, as before.
    const unusable = join(scratch, 'cache-is-a-file');
    writeFileSync(unusable, '');
    const inPlace = await openIn(join(scratch, 'in-place'), { shipped: undefined, cache: unusable });
    const copied = await openIn(join(scratch, 'copied'), fromCache);
    try {
      const expected = await contents(inPlace);
      expect(expected.tables).toEqual(OTRS_TABLES.map((t) => t.name).sort());
      expect(await contents(copied)).toEqual(expected);
      const state = await introspect(copied);
      expect(state.groups.map((g) => g.name)).toEqual(['users', 'admin', 'stats']);
      expect(state.channels).toEqual([]);
      // The copy lacks only the template databases (pristine-recipe.ts).
      expect(await inPlace.query('SELECT datname FROM pg_catalog.pg_database ORDER BY datname')).toEqual([
        { datname: 'postgres' },
        { datname: 'template0' },
        { datname: 'template1' },
      ]);
      expect(await copied.query('SELECT datname FROM pg_catalog.pg_database ORDER BY datname')).toEqual([{ datname: 'postgres' }]);
    } finally {
      await inPlace.close();
      await copied.close();
    }
    expect(systemIdentifier(join(scratch, 'in-place'))).not.toBe(pristineId);
    expect(systemIdentifier(join(scratch, 'copied'))).toBe(pristineId);
  });

  test('a copy that died half-way is made again, never taken for a database', async () => {
    const dir = join(scratch, 'interrupted');
    // What a killed copy leaves: part of the files under DIR.creating, no DIR.
    cpSync(join(cache, key), `${dir}.creating`, { recursive: true });
    rmSync(join(`${dir}.creating`, 'global'), { recursive: true });
    rmSync(join(`${dir}.creating`, 'PG_VERSION'));

    const db = await openIn(dir, fromCache);
    try {
      expect((await introspect(db)).groups).toHaveLength(3);
    } finally {
      await db.close();
    }
    expect(systemIdentifier(dir)).toBe(pristineId);
    expect(existsSync(`${dir}.creating`)).toBe(false);
  });

  test("a half-made pristine folder in the cache (a killed run's temporary folder) is not used", async () => {
    const otherCache = join(scratch, 'cache-with-leftover');
    const leftover = join(otherCache, `${key}.tmp-999999-0badcafe`);
    cpSync(join(cache, key), leftover, { recursive: true });
    rmSync(join(leftover, 'base'), { recursive: true });

    await openAndClose(join(scratch, 'beside-leftover'), { shipped: undefined, cache: otherCache });
    expect(readdirSync(otherCache).sort()).toEqual([key, `${key}.tmp-999999-0badcafe`]);
    const made = systemIdentifier(join(otherCache, key));
    expect(made).not.toBe(systemIdentifier(leftover));
    expect(systemIdentifier(join(scratch, 'beside-leftover'))).toBe(made);
  });

  test('a directory that holds anything already is left as it is: the database is created in place', async () => {
    const dir = join(scratch, 'not-empty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const db = await openIn(dir, fromCache);
    try {
      expect((await introspect(db)).groups).toHaveLength(3);
    } finally {
      await db.close();
    }
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine\n');
    expect(systemIdentifier(dir)).not.toBe(pristineId);
  });

  test('two first runs at once, in two processes, with no pristine folder yet: both succeed and share one', async () => {
    const sharedCache = join(scratch, 'cache-raced');
    if (!existsSync(join(builtDb, 'embedded/embedded.js'))) throw new Error(`${builtDb} is not built: run npm run build first`);
    const run = (dir: string): Promise<{ code: number | null; stdout: string; stderr: string }> =>
      new Promise((resolve, reject) => {
        const proc = spawn(process.execPath, [child, pathToFileURL(builtDb).href, join(scratch, dir), sharedCache], { cwd: scratch });
        let stdout = '';
        let stderr = '';
        proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        proc.on('error', reject);
        proc.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    const results = await Promise.all([run('raced-a'), run('raced-b')]);
    expect(results).toEqual([
      { code: 0, stdout: 'opened\n', stderr: '' },
      { code: 0, stdout: 'opened\n', stderr: '' },
    ]);
    // Each may have made a pristine folder; one rename won, the other's was removed.
    expect(readdirSync(sharedCache)).toEqual([key]);
    const shared = systemIdentifier(join(sharedCache, key));
    expect(systemIdentifier(join(scratch, 'raced-a'))).toBe(shared);
    expect(systemIdentifier(join(scratch, 'raced-b'))).toBe(shared);
  });
});

describe('the pristine key', () => {
  test('names the PGlite version and changes with the schema text, the recipe and the version', () => {
    const base = pristineKey('CREATE TABLE a (id int);\n', '0.5.16');
    expect(base).toMatch(/^pglite-0\.5\.16-[0-9a-f]{16}$/);
    expect(pristineKey('CREATE TABLE a (id int);\n', '0.5.16')).toBe(base);
    expect(pristineKey('CREATE TABLE a (id int);\nCREATE TABLE b (id int);\n', '0.5.16')).not.toBe(base);
    expect(pristineKey('CREATE TABLE a (id int);\n', '0.5.17')).not.toBe(base);
    expect(pristineKey('CREATE TABLE a (id int);\n', '0.5.16', [['--wal-segsize=1'], []])).not.toBe(base);
    expect(pristineKey('CREATE TABLE a (id int);\n', '0.5.16', [['--wal-segsize=1'], ['DROP DATABASE template0']])).not.toBe(
      pristineKey('CREATE TABLE a (id int);\n', '0.5.16', [['--wal-segsize=1', 'DROP DATABASE template0'], []]),
    );
    expect(pristineKey('', '1.0.0/x')).toMatch(/^pglite-1\.0\.0_x-[0-9a-f]{16}$/);
  });
});
