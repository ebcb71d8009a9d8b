import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { openDatabase } from '../../../src/db/connect.js';
import { resolveDatabaseTarget } from '../../../src/db/connection/resolve-target.js';
import type { Db } from '../../../src/db/db.js';
import { introspect } from '../../../src/db/introspect.js';
import { ConnectionError, LockTimeoutError } from '../../../src/errors.js';
import { waitFor } from '../../wait-for.js';

/**
 * What the lock code does, counted instead of timed: each look at `DIR.owner` is one failed try
 * for the lock (one per 200 ms poll), and each rename of `DIR.lock` to `DIR.lock.stale-*` is the
 * takeover of a lock whose owner is dead. Counted by path, through node:fs as the lock code sees it.
 */
const lockCalls = vi.hoisted(() => ({ ownerReads: new Map<string, number>(), takeovers: new Map<string, number>() }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const bump = (counts: Map<string, number>, path: string): void => void counts.set(path, (counts.get(path) ?? 0) + 1);
  const readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
    if (String(args[0]).endsWith('.owner')) bump(lockCalls.ownerReads, String(args[0]));
    return fs.readFileSync(...args);
  }) as typeof fs.readFileSync;
  const renameSync: typeof fs.renameSync = (from, to) => {
    if (String(to).includes('.lock.stale-')) bump(lockCalls.takeovers, String(from));
    fs.renameSync(from, to);
  };
  const patched = { ...fs, readFileSync, renameSync };
  return { ...patched, default: patched };
});
/** Failed tries for the lock on `dir` so far. */
const lockTries = (dir: string): number => lockCalls.ownerReads.get(`${dir}.owner`) ?? 0;
/** Takeovers of the lock on `dir` from a dead owner so far. */
const takeovers = (dir: string): number => lockCalls.takeovers.get(`${dir}.lock`) ?? 0;

const root = fileURLToPath(new URL('../../..', import.meta.url));
/** The child processes run the built library: vitest's global setup (and CI) run `npm run build` first. */
const builtConnect = join(root, 'dist/src/db/connect.js');
const holder = join(root, 'test/fixtures/db/hold-embedded.mjs');

const scratch = mkdtempSync(join(tmpdir(), 'otrs-embedded-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
// Run from the sources there is no pristine folder from the build: the first open makes one in
// the user's cache, here a scratch folder rather than the developer's own (pristine.test.ts).
process.env.XDG_CACHE_HOME = join(scratch, 'cache');
let dirs = 0;
const newDir = (): string => join(scratch, `db${++dirs}`);
/** Creating the data files takes seconds; most tests start from a copy made once. */
const template = join(scratch, 'template');
const copiedDir = (): string => {
  const dir = newDir();
  cpSync(template, dir, { recursive: true });
  return dir;
};
beforeAll(async () => {
  await (await open(template)).close();
});

const open = (dir: string, lockTimeoutMs = 30_000): Promise<Db> =>
  openDatabase(resolveDatabaseTarget(`embedded:${dir}`, {}, scratch), { lockTimeoutMs });

/** Starts a child holding DIR; resolves once it has the database open. */
function startHolder(dir: string, mode = ''): Promise<ChildProcess> {
  if (!existsSync(builtConnect)) throw new Error(`${builtConnect} is missing: run npm run build first`);
  const child = spawn(process.execPath, [holder, pathToFileURL(builtConnect).href, dir, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().startsWith('ready')) resolve(child);
    });
    child.on('exit', (code) => (mode ? resolve(child) : reject(new Error(`holder exited early (${code})`))));
  });
}

const exited = (child: ChildProcess): Promise<void> =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));

describe('the embedded database', () => {
  test('is created on first use with the OTRS tables and a fresh install, and keeps its data', async () => {
    const dir = newDir();
    const first = await open(dir);
    expect(first.description).toBe(`embedded database in ./db${dirs}`);
    const state = await introspect(first);
    expect(state.groups.map((g) => g.name)).toEqual(['users', 'admin', 'stats']);
    expect(state.settings).toHaveLength(12);
    await first.query(
      "INSERT INTO chat_channel (name, group_id, valid_id, create_time, create_by, change_time, change_by) VALUES ('Kept', 1, 1, current_timestamp, 1, current_timestamp, 1)",
    );
    await first.close();
    await first.close();

    const again = await open(dir);
    try {
      expect((await introspect(again)).channels.map((c) => c.name)).toEqual(['Kept']);
      expect(await again.query('SELECT name FROM valid ORDER BY id')).toHaveLength(3);
    } finally {
      await again.close();
    }
  });

  test('a second user of the same directory waits up to the lock timeout, then fails naming the holder', async () => {
    const dir = copiedDir();
    const holding = await open(dir);
    try {
      const attempt = open(dir, 1500);
      await expect(attempt).rejects.toBeInstanceOf(LockTimeoutError);
      await expect(attempt).rejects.toThrow(
        `another otrs-chat-config process (pid ${process.pid}) is using the embedded database in ./db${dirs}; waited 1.5 s (--lock-timeout)`,
      );
      // It tried again while it waited, then stopped: a try at the start, one after each of the at
      // most 8 polls of 200 ms that fit in 1.5 s, and one after a last poll cut short by the deadline.
      const tries = lockTries(dir);
      expect(tries).toBeGreaterThanOrEqual(2);
      expect(tries).toBeLessThanOrEqual(10);

      // One still waiting gets the directory as soon as the holder lets go.
      const waiter = open(dir, 120_000);
      await waitFor(() => lockTries(dir) >= tries + 2, { what: 'the waiter to try for the lock twice' });
      await holding.close();
      await (await waiter).close();
    } finally {
      await holding.close();
    }
  });

  test('a holder killed with SIGKILL does not lock the directory for good: its dead pid frees it', async () => {
    const dir = copiedDir();
    const child = await startHolder(dir);
    await expect(open(dir, 300)).rejects.toThrow(`(pid ${child.pid})`);
    child.kill('SIGKILL');
    await exited(child);

    const db = await open(dir, 20_000);
    try {
      // Taken over once the dead owner's heartbeat stopped (2 s), not left until its lock went stale (10 s).
      expect(takeovers(dir)).toBe(1);
      expect((await introspect(db)).groups).toHaveLength(3);
    } finally {
      await db.close();
    }
  });

  test('a holder that exits without closing, or is terminated, releases the lock on its way out', async () => {
    const dir = copiedDir();
    await exited(await startHolder(dir, 'exit-without-close'));
    const first = await open(dir, 500);
    await first.close();

    const child = await startHolder(dir);
    child.kill('SIGTERM');
    await exited(child);
    const second = await open(dir, 500);
    await second.close();
  });

  test('a holder whose lock was taken from it stops querying instead of writing alongside the new owner', async () => {
    const dir = copiedDir();
    const db = await open(dir);
    rmSync(`${dir}.lock`, { recursive: true });
    // Queries go on until the next heartbeat (every second) finds the lock gone; from then on every one fails.
    const failure = await waitFor(() => db.query('SELECT 1').then(() => undefined, (err: unknown) => err), {
      intervalMs: 100,
      what: 'a query to fail once the lock was taken away',
    });
    expect(failure).toBeInstanceOf(ConnectionError);
    expect((failure as Error).message).toMatch(/^lost the lock on the embedded database in \.\/db\d+ \(.*\); stopped so that two processes never write it at once$/);
    await expect(db.query('SELECT 1')).rejects.toBeInstanceOf(ConnectionError);
    await db.close();
  });
});
