import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

/**
 * The README's first and later `plan` on the embedded database, as whole processes of the built
 * CLI, against issue 11's PGlite floor (a process that only opens PGlite with default options on
 * an existing folder and runs one SELECT). Measured in kilobytes of peak RSS, never in time.
 */
const root = fileURLToPath(new URL('../../..', import.meta.url));
const here = join(root, 'test/db/embedded');
const bin = join(root, 'bin/otrs-chat-config.js');
const example = join(root, 'examples/small-shop');
/** Built by `npm run build` (vitest's global setup runs it): the pristine folder of the built CLI. */
const shippedRoot = join(root, 'dist/src/db/embedded/pristine');

const scratch = mkdtempSync(join(tmpdir(), 'otrs-footprint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** The user's cache of these runs: it must stay unmade while the build's pristine folder is there. */
const cache = join(scratch, 'cache');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident set size, in kilobytes. */
  readonly peakKb: number;
}

let runs = 0;
/** Runs a node script with the peak-RSS reporter preloaded and a minimal environment. */
function runNode(args: readonly string[]): Promise<Run> {
  const rssFile = join(scratch, `rss-${++runs}`);
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['-r', join(here, 'report-peak-rss.cjs'), ...args], {
      cwd: scratch,
      env: { PATH: process.env.PATH ?? '', HOME: scratch, XDG_CACHE_HOME: cache, OTRS_TEST_PEAK_RSS_FILE: rssFile },
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    proc.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    proc.on('error', reject);
    proc.on('close', (code) => resolve({ code, stdout, stderr, peakKb: Number(readFileSync(rssFile, 'utf8')) }));
  });
}

const systemIdentifier = (dataDir: string): bigint => readFileSync(join(dataDir, 'global', 'pg_control')).readBigUInt64LE(0);

describe('the embedded database at start', () => {
  test("the README's first plan on a new folder, and the next, peak at most 60 MB above the PGlite floor", async () => {
    const dir = join(scratch, 'db');
    const plan = [bin, 'plan', example, '--database', `embedded:${dir}`];
    const first = await runNode(plan);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('+ channel "Default channel"');
    const second = await runNode(plan);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
    const floor = await runNode([join(here, 'pglite-floor.mjs'), dir]);
    expect(floor.code).toBe(0);

    // Made by copying the build's pristine folder (same initdb identifier), no cache made.
    const [shipped, ...others] = readdirSync(shippedRoot);
    expect(others).toEqual([]);
    expect(systemIdentifier(dir)).toBe(systemIdentifier(join(shippedRoot, shipped ?? '')));
    expect(existsSync(cache)).toBe(false);

    const allowanceKb = 60 * 1024;
    expect(first.peakKb, `first plan's peak RSS in KB; the floor's is ${floor.peakKb}`).toBeLessThanOrEqual(floor.peakKb + allowanceKb);
    expect(second.peakKb, `second plan's peak RSS in KB; the floor's is ${floor.peakKb}`).toBeLessThanOrEqual(floor.peakKb + allowanceKb);
  });

  test("PGlite started by the CLI's engine compiles to baseline code: a lower peak than PGlite's default start", async () => {
    const dir = join(scratch, 'engine');
    expect((await runNode([bin, 'plan', example, '--database', `embedded:${dir}`])).code).toBe(0);
    const engine = pathToFileURL(join(root, 'dist/src/db/connection/pglite-connection.js')).href;
    const baseline = await runNode([join(here, 'pglite-floor.mjs'), dir, engine]);
    const optimising = await runNode([join(here, 'pglite-floor.mjs'), dir]);
    expect([baseline.code, optimising.code]).toEqual([0, 0]);
    // Measured ~85 MB apart (the optimising tier's compilations of the 9 MB module); half of it is asked.
    expect(baseline.peakKb, `peak RSS in KB; PGlite's default start peaked at ${optimising.peakKb}`).toBeLessThanOrEqual(optimising.peakKb - 40 * 1024);
  });

  test('the PGlite driver is loaded only to open an embedded database', async () => {
    const refusing = ['--import', join(here, 'refuse-pglite.mjs'), bin];
    const validate = await runNode([...refusing, 'validate', example]);
    expect(validate).toMatchObject({ code: 0, stdout: expect.stringContaining('3 channels') });
    // A server database: the run gets as far as connecting (nothing listens on port 1).
    const server = await runNode([...refusing, 'plan', example, '--database', 'postgres://otrs@127.0.0.1:1/otrs']);
    expect(server).toMatchObject({ code: 1, stderr: expect.stringMatching(/^error: cannot connect to postgres:\/\/otrs@127\.0\.0\.1:1\/otrs: /) });
    // The refusal bites where the driver is needed.
    const embedded = await runNode([...refusing, 'plan', example, '--database', `embedded:${join(scratch, 'refused')}`]);
    expect(embedded).toMatchObject({ code: 1, stderr: expect.stringContaining('the PGlite driver was loaded') });
  });
});
