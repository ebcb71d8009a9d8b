// `npm run bench` (issue 11): how validate, plan and apply compare with the floor of what any
// tool must do, on PGlite, PostgreSQL and MariaDB, for 100 to 50,000 channels, in one run:
// - in process (the library, warm; bench/in-process.js in a child per database and size):
//   load + validate, plan, apply of N creates / N/10 updates / N/5 invalidations / a no-op,
//   with the statements each sent; against the same rows written or read by ONE statement
//   through the same driver (the floors), and a naive loop of one SELECT + one write per
//   channel (N <= 10,000);
// - whole process (the CLI, cold): validate, plan, apply, with peak RSS; against node processes
//   that only parse the file (parse floor) or parse and then run the one statement (parse +
//   statement floor, bench/floor-process.js);
// - start-up: --version against `node -e 0`; the README's first and second plan on a new
//   embedded folder against a process that opens PGlite on an existing folder (PGlite floor).
// Writes bench/results.json (every run) and bench/RESULTS.md (medians, ratios, the issue's
// targets met or not). Settings: bench/lib/options.js. Needs dist/ (npm run bench builds).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeConfigFiles } from './lib/config-files.js';
import { openBackend, TITLES } from './lib/databases.js';
import { describeMachine } from './lib/machine.js';
import { NAIVE_MAX, readOptions, WARM_N } from './lib/options.js';
import { RSS_METHOD, spawnMeasured } from './lib/spawn-measured.js';
import { createStore } from './lib/store.js';
import { writeResults } from './lib/write-results.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'otrs-chat-config.js');
const FLOOR = join(ROOT, 'bench', 'floor-process.js');
const CHILD = join(ROOT, 'bench', 'in-process.js');
const README_EXAMPLE = join(ROOT, 'examples', 'small-shop');
/** How long an in-process child may go without a line while it sets up (not a measurement). */
const SETUP_TIMEOUT_MS = 300_000;

const started = performance.now();
const options = readOptions(process.env);
const store = createStore((n) => (n === null ? options.startupRuns : options.runsFor(n)));
const work = mkdtempSync(join(os.tmpdir(), 'otrs-bench-'));
const outDir = join(work, 'out');
mkdirSync(outDir);
/** The children's environment: the database comes from --database alone. */
const childEnv = { ...process.env };
delete childEnv.OTRS_DATABASE_URL;
delete childEnv.CI;
/** The server being measured: after a timeout its sessions on the bench's databases are killed, so nothing runs on behind our back. */
let activeBackend;

const elapsed = () => {
  const s = Math.round((performance.now() - started) / 1000);
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
const log = (line) => console.log(`[${elapsed()}] ${line}`);
const shout = (line) => console.log(`\n[${elapsed()}] !!! ${line}\n`);
const fmt = (ms) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en-US'));

/** Records one run and prints it. */
function record(database, n, phase, run, result) {
  if (!store.record(database, n, phase, run, result)) return;
  const where = `${database.padEnd(8)} ${n === null ? '' : `N=${n}`.padEnd(8)} run ${run}`;
  const what = result.status === 'ok'
    ? `${fmt(result.ms).padStart(8)} ms${result.rssKb ? `  ${Math.round(result.rssKb / 1024)} MB` : ''}${result.statements !== undefined ? `  ${result.statements} statements` : ''}`
    : `${result.status.toUpperCase()}${result.message ? `: ${result.message}` : ''}`;
  log(`${where}  ${phase.padEnd(22)} ${what}`);
}

/**
 * One cold process (`node <args>`), recorded under `phase`. ok = exit code `expectCode` and
 * `check(stdout)`; a timed-out or failed run is recorded as such, never as a figure.
 */
async function measureProcess(database, n, phase, run, args, { cwd = work, env = childEnv, expectCode = 0, check = () => true } = {}) {
  if (store.gaveUp(database, n, phase)) {
    record(database, n, phase, run, { status: 'skipped', message: 'timed out or failed in an earlier run' });
    return false;
  }
  const r = await spawnMeasured(args, { cwd, env, outDir, timeoutMs: options.timeoutMs });
  if (r.timedOut) {
    record(database, n, phase, run, { status: 'timed out', message: `killed after ${options.timeoutMs / 1000} s` });
    await activeBackend?.killSessions();
    return false;
  }
  if (r.code !== expectCode || !check(r.stdout)) {
    const why = r.code !== expectCode ? `exit ${r.code ?? r.signal}, expected ${expectCode}` : `unexpected output ${JSON.stringify(r.stdout.slice(0, 200))}`;
    record(database, n, phase, run, { status: 'failed', message: `${why}; ${lastLines(r.stderrTail)}` });
    return false;
  }
  record(database, n, phase, run, { status: 'ok', ms: r.ms, rssKb: r.rssKb });
  return true;
}

const lastLines = (text) => text.trim().split('\n').slice(-3).join(' | ');
const printsCount = (n) => (stdout) => stdout.trim() === String(n);

/** Start-up: --version against node -e 0; the README's first and second plan on a new embedded folder against the PGlite floor. */
async function measureStartup() {
  log('start-up: --version, node -e 0, and the README\'s plan on a new embedded folder');
  for (let run = 1; run <= options.startupRuns; run++) {
    await measureProcess('none', null, 'node-e-0', run, ['-e', '0']);
    await measureProcess('none', null, 'cli-version', run, [BIN, '--version'], { check: (out) => /^\d+\.\d+\.\d+/.test(out.trim()) });
    // `npx otrs-chat-config plan examples/small-shop` in a new directory: the default embedded folder is ./.otrs-chat-config/db.
    // A new user cache too, so no run finds what an earlier one (or another checkout) left in ~/.cache.
    const cwd = mkdtempSync(join(work, 'readme-'));
    const env = { ...childEnv, XDG_CACHE_HOME: join(cwd, 'cache') };
    const plan = [BIN, 'plan', README_EXAMPLE];
    const plans = (out) => /Plan: 3 to create/.test(out);
    await measureProcess('none', null, 'readme-first-plan', run, plan, { cwd, env, check: plans });
    await measureProcess('none', null, 'readme-second-plan', run, plan, { cwd, env, check: plans });
    await measureProcess('none', null, 'floor-pglite-open', run, [FLOOR, 'pglite', join(cwd, '.otrs-chat-config', 'db')], { check: printsCount(0) });
    rmSync(cwd, { recursive: true, force: true });
  }
}

/**
 * Runs bench/in-process.js for one database (or 'none': validate) and size, recording its lines.
 * A phase silent for longer than the timeout is killed and recorded as timed out; a new child
 * then goes on from the same run without it (servers reach the state after it through the floor).
 */
async function inProcess(database, n, childArgs) {
  const runs = Array.from({ length: options.runsFor(n) }, (_, i) => i + 1);
  const skip = new Set();
  let from = 0;
  while (from < runs.length) {
    const outcome = await oneChild(database, n, { ...childArgs, n, runs: runs.slice(from), skip: [...skip] });
    if (outcome.done) return;
    await activeBackend?.killSessions();
    if (outcome.timedOutPhase) {
      skip.add(outcome.timedOutPhase);
      from = runs.indexOf(outcome.run);
      continue;
    }
    shout(`${database} N=${n}: the in-process child stopped: ${outcome.message}`);
    for (const run of runs.slice(from)) record(database, n, 'in-process', run, { status: 'failed', message: outcome.message });
    return;
  }
}

function oneChild(database, n, args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', CHILD, JSON.stringify(args)], { cwd: work, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
    let current;
    let lastRun = args.runs[0];
    let outcome;
    let timer;
    const arm = () => {
      clearTimeout(timer);
      // A measurement gets the timeout; the set-up around it (fresh databases, reading configs, the warm-up) at least SETUP_TIMEOUT_MS.
      timer = setTimeout(() => {
        if (current) {
          record(database, n, current.phase, current.run, { status: 'timed out', message: `killed after ${options.timeoutMs / 1000} s` });
          outcome = { timedOutPhase: current.phase, run: current.run };
        } else {
          outcome = { message: `no progress for ${Math.max(options.timeoutMs, SETUP_TIMEOUT_MS) / 1000} s (setting up run ${lastRun})` };
        }
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Already gone.
        }
      }, current ? options.timeoutMs : Math.max(options.timeoutMs, SETUP_TIMEOUT_MS));
    };
    const handle = (event) => {
      if (event.run) lastRun = event.run;
      if (event.type === 'start') current = event;
      else if (event.type === 'result') {
        current = undefined;
        record(database, n, event.phase, event.run, { status: 'ok', ms: event.ms, statements: event.statements });
      } else if (event.type === 'error' || event.type === 'skipped') {
        current = undefined;
        record(database, n, event.phase, event.run, { status: event.type === 'error' ? 'failed' : 'skipped', message: event.message });
      } else if (event.type === 'done') outcome = { done: true };
      else if (event.type === 'fatal') outcome = { message: event.message };
    };
    arm();
    createInterface({ input: child.stdout }).on('line', (line) => {
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        return;
      }
      handle(event);
      arm();
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(outcome ?? { message: `exit ${code ?? signal}: ${lastLines(stderr)}` });
    });
  });
}

/** validate needs no database: measured once per size. */
async function measureValidate(n, files, warmFiles) {
  log(`validate, N=${n}: in process`);
  await inProcess('none', n, { mode: 'validate', warmN: WARM_N, files, warmFiles, workDir: work });
  log(`validate, N=${n}: whole process (CLI validate, parse floor)`);
  for (let run = 1; run <= options.runsFor(n); run++) {
    await measureProcess('none', n, 'cli-validate', run, [BIN, 'validate', files.created, '--no-color']);
    await measureProcess('none', n, 'floor-parse', run, [FLOOR, 'parse', files.created], { check: printsCount(n) });
  }
}

/**
 * The CLI's apply (N creates) and plan (of no changes, on the database the apply made), each
 * followed by its floor: parse + one SELECT on the same database, parse + one INSERT on a fresh one.
 * `plan --detailed-exitcode` exiting 0 also proves the apply wrote what the config says.
 */
async function measureWholeProcess(backend, n, files) {
  const name = backend.name;
  const where = (fresh) => (name === 'pglite' ? fresh.dir : fresh.url);
  for (let run = 1; run <= options.runsFor(n); run++) {
    const loaded = await backend.fresh();
    try {
      const applied = await measureProcess(name, n, 'cli-apply', run, [BIN, 'apply', files.created, '--database', loaded.target, '--yes', '--no-color']);
      // Without the CLI's rows, the plan and its floor still get a database of N channels: the floor's.
      const ready = applied || (await measureProcess(name, n, 'setup-insert', run, [FLOOR, 'insert', files.created, name, where(loaded)], { check: printsCount(n) }));
      for (const [phase, args] of [
        ['cli-plan', [BIN, 'plan', files.created, '--database', loaded.target, '--no-color', '--detailed-exitcode']],
        ['floor-parse-select', [FLOOR, 'select', files.created, name, where(loaded)]],
      ]) {
        if (ready) await measureProcess(name, n, phase, run, args, { check: phase === 'cli-plan' ? undefined : printsCount(n) });
        else record(name, n, phase, run, { status: 'skipped', message: 'no database of N channels: neither the CLI nor the floor could make one' });
      }
    } finally {
      await loaded.dispose();
    }
    const empty = await backend.fresh();
    try {
      await measureProcess(name, n, 'floor-parse-insert', run, [FLOOR, 'insert', files.created, name, where(empty)], { check: printsCount(n) });
    } finally {
      await empty.dispose();
    }
  }
}

async function measureDatabase(db, filesBySize, warmFiles) {
  log(`${TITLES[db.name]}: opening${db.name === 'pglite' ? ' (its pristine folder is made once, by the product\'s own first open)' : ''}`);
  const backend = await openBackend(db.name, { url: db.url, workDir: join(work, 'db') });
  activeBackend = backend;
  const swept = await backend.sweep();
  if (swept > 0) log(`${db.name}: dropped ${swept} database(s) left by an earlier bench`);
  try {
    for (const n of options.sizes) {
      log(`${db.name}, N=${n}: in process (product, floors${n <= NAIVE_MAX ? ', naive' : ''})`);
      await inProcess(db.name, n, {
        mode: 'database',
        database: db.name,
        url: db.url,
        pristine: backend.pristine,
        warmN: WARM_N,
        files: filesBySize.get(n),
        warmFiles,
        workDir: join(work, 'in-process'),
        naiveMax: NAIVE_MAX,
      });
      log(`${db.name}, N=${n}: whole process (CLI apply and plan, parse + statement floors)`);
      await measureWholeProcess(backend, n, filesBySize.get(n));
    }
  } finally {
    activeBackend = undefined;
    await backend.sweep().catch(() => 0);
    await backend.close();
  }
  return backend.version;
}

async function main() {
  const machine = describeMachine(ROOT);
  machine.rssMethod = RSS_METHOD;
  log(`otrs-chat-config bench: N = ${options.sizes.join(', ')}; runs ${options.sizes.map((n) => options.runsFor(n)).join('/')}; timeout ${options.timeoutMs / 1000} s per measurement`);
  log(`machine: ${machine.cpu}, ${machine.cores} cores, load average ${machine.loadAverageAtStart.join(' ')}`);
  const notMeasured = options.databases.filter((d) => d.reason);
  for (const d of notMeasured) shout(`${TITLES[d.name]} is NOT MEASURED: ${d.reason}`);

  const configDir = join(work, 'configs');
  mkdirSync(configDir);
  const warmFiles = writeConfigFiles(configDir, WARM_N);
  const filesBySize = new Map(options.sizes.map((n) => [n, writeConfigFiles(configDir, n)]));

  await measureStartup();
  for (const n of options.sizes) await measureValidate(n, filesBySize.get(n), warmFiles);
  const versions = {};
  for (const db of options.databases.filter((d) => !d.reason)) {
    try {
      versions[db.name] = await measureDatabase(db, filesBySize, warmFiles);
    } catch (err) {
      shout(`${TITLES[db.name]}: the bench could not go on: ${err instanceof Error ? err.message : String(err)}`);
      notMeasured.push({ name: db.name, reason: `the bench failed: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  const totalSeconds = (performance.now() - started) / 1000;
  machine.loadAverageAtEnd = os.loadavg().map((l) => Math.round(l * 100) / 100);
  machine.versions = versions;
  const measured = options.databases.filter((d) => !notMeasured.some((m) => m.name === d.name)).map((d) => d.name);
  const context = { options: { sizes: options.sizes, runs: Object.fromEntries(options.sizes.map((n) => [n, options.runsFor(n)])), startupRuns: options.startupRuns, timeoutSeconds: options.timeoutMs / 1000, full: options.full }, machine, measured, notMeasured, totalSeconds };
  writeResults(join(ROOT, 'bench'), store, context);
  console.log(`\nWrote bench/RESULTS.md and bench/results.json. Total time ${Math.floor(totalSeconds / 60)} min ${Math.round(totalSeconds % 60)} s.`);
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
