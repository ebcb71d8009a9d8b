// In-process measurements (the library, warm) of one size: load + validate alone, or every phase
// on one kind of database. bench/run.js starts this as a child, so a measurement that hangs can
// be killed and the bench goes on. It prints one JSON line per event:
//   {type:'start', phase, run}   a timed phase begins (run.js times out from here)
//   {type:'result', phase, run, ms, statements}
//   {type:'error' | 'skipped', phase, run, message}
// Each run uses fresh databases: the product walks one through creates, plan, updates,
// invalidations and a no-op; the floors and the naive loop get one each. A warm-up pass on the
// small files comes first and is not reported.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyConfig, diffStates, introspect, openDatabase, readConfig, readConfirmableState, readNameKeys, resolveDatabaseTarget, summarize } from '../dist/src/index.js';
import { channelRows, channelsOf } from './lib/config-files.js';
import { createOtrsTables, openBackend } from './lib/databases.js';
import { floors, naive, verifyState } from './lib/floor-sql.js';
import { connectRaw } from './lib/raw-driver.js';

/** @type {{mode:'validate'|'database', database?:string, n:number, warmN:number, runs:number[], files:Record<string,string>, warmFiles:Record<string,string>, url?:string, workDir:string, pristine?:string, skip:string[], naiveMax:number}} */
const args = JSON.parse(process.argv[2] ?? '{}');
const emit = (event) => process.stdout.write(`${JSON.stringify(event)}\n`);
const APPLY_OPTIONS = { as: 'root@localhost', lockTimeoutMs: 30_000, allowMassInvalidation: true };
/** Phases that failed or timed out: not measured again; servers reach the state after them through the floor's statement. */
const skipped = new Set(args.skip);

/** Everything one size needs, built before any timing: desired states, the floors' rows, the expected plans. */
async function inputs(n, files) {
  const read = (file) => readConfig([file], { env: {}, cwd: args.workDir });
  const created = channelRows(channelsOf(n, 'created'));
  const updatedRows = channelRows(channelsOf(n, 'updated'));
  const kept = new Set(channelsOf(n, 'invalidated').map((c) => c.name));
  return {
    n,
    desired: { created: await read(files.created), updated: await read(files.updated), invalidated: await read(files.invalidated) },
    rows: {
      created,
      updates: updatedRows.filter((r, i) => r.comment !== created[i].comment),
      invalidations: created.filter((r) => !kept.has(r.name)).map((r) => r.name),
    },
  };
}

/**
 * Times fn (after a full GC) and reports it once `verify` (untimed) found the database as it
 * should be; `report: false` for the warm-up.
 */
async function timed(phase, run, report, fn, verify = async () => undefined) {
  globalThis.gc?.();
  if (report) emit({ type: 'start', phase, run });
  const started = performance.now();
  const extra = await fn();
  const ms = performance.now() - started;
  await verify();
  if (report) emit({ type: 'result', phase, run, ms, ...extra });
}

/** What verifyState counts for an input. */
const counts = (input) => ({ n: input.n, updates: input.rows.updates.length, invalidations: input.rows.invalidations.length });

function expectPlan(phase, plan, expected) {
  const got = summarize(plan);
  for (const key of ['create', 'change', 'invalidate']) {
    if (got[key] !== (expected[key] ?? 0)) throw new Error(`${phase}: the plan has ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
}

/** As the CLI's `plan` reads for a text or Markdown plan: without who changed each row when (only JSON records that). */
const PLAN_READ = { stamps: false };

async function planOf(db, desired) {
  const actual = await introspect(db, PLAN_READ);
  return diffStates(desired, actual, { nameKeys: await readNameKeys(db, actual, desired) });
}

/** The plan an apply confirms, as the CLI's apply makes it: read together with the state digest. */
async function confirmedPlanOf(db, desired) {
  const state = await readConfirmableState(db, PLAN_READ);
  return { state, plan: diffStates(desired, state.actual, { nameKeys: await readNameKeys(db, state.actual, desired) }) };
}

/**
 * The product on one fresh database: creates, plan (no changes), updates, invalidations, no-op.
 * `apply-*` times applyConfig alone (under its lock it checks the state digest read with the plan,
 * as the CLI's apply does, and re-reads only when something changed); the
 * plan it confirms is made before the clock starts, as the CLI shows it before applying.
 */
async function productSequence(backend, input, run, report) {
  const { desired, rows, n } = input;
  const phases = [
    { phase: 'apply-create', state: 'created', desired: desired.created, expected: { create: n }, viaFloor: (raw) => floors.insert(raw, rows.created) },
    { phase: 'plan', desired: desired.created, expected: {} },
    { phase: 'apply-update', state: 'updated', desired: desired.updated, expected: { change: rows.updates.length }, viaFloor: (raw) => floors.update(raw, rows.updates) },
    { phase: 'apply-invalidate', state: 'invalidated', desired: desired.invalidated, expected: { invalidate: rows.invalidations.length }, viaFloor: (raw) => floors.invalidate(raw, rows.invalidations) },
    { phase: 'apply-noop', state: 'invalidated', desired: desired.invalidated, expected: {} },
  ];
  const fresh = await backend.fresh();
  const db = await openDatabase(resolveDatabaseTarget(fresh.target, {}, args.workDir), { lockTimeoutMs: 30_000 });
  let broken;
  try {
    for (const p of phases) {
      if (broken) {
        if (report) emit({ type: 'skipped', phase: p.phase, run, message: broken });
        continue;
      }
      if (report && skipped.has(p.phase)) {
        if (!p.viaFloor) continue;
        // The state after this phase, written by the floor's statement on a connection of its own (PGlite allows one process per folder).
        if (!fresh.url) {
          broken = `not measured: ${p.phase} failed or timed out earlier, and PGlite cannot reach the state after it while the product holds the folder`;
          continue;
        }
        const raw = await connectRaw(backend.name, fresh.url);
        await p.viaFloor(raw).finally(() => raw.close());
        continue;
      }
      try {
        if (p.phase === 'plan') {
          await timed('plan', run, report, async () => {
            const before = db.statementCount;
            const plan = await planOf(db, p.desired);
            const statements = db.statementCount - before;
            expectPlan('plan', plan, p.expected);
            return { statements };
          });
        } else {
          const { state, plan } = await confirmedPlanOf(db, p.desired);
          expectPlan(p.phase, plan, p.expected);
          await timed(
            p.phase,
            run,
            report,
            async () => ({ statements: (await applyConfig(db, p.desired, plan, { ...APPLY_OPTIONS, confirmedState: state })).statements }),
            () => verifyState((sql) => db.query(sql), p.state, counts(input)),
          );
        }
      } catch (err) {
        if (!report) throw err;
        emit({ type: 'error', phase: p.phase, run, message: err instanceof Error ? err.message : String(err) });
        skipped.add(p.phase);
        broken = `not measured: ${p.phase} failed in this run`;
      }
    }
  } finally {
    await db.close();
    await fresh.dispose();
  }
}

/** A raw connection on a fresh database: a server database of its own, or a new schema in one PGlite copy per process. */
function rawDatabases(backend) {
  if (backend.name !== 'pglite') {
    return {
      async fresh() {
        const f = await backend.fresh();
        const raw = await connectRaw(backend.name, f.url);
        return { raw, dispose: () => raw.close().finally(() => f.dispose()) };
      },
      close: async () => undefined,
    };
  }
  let shared;
  return {
    async fresh() {
      shared ??= backend.fresh().then(async (f) => ({ f, raw: await connectRaw('pglite', f.dir) }));
      const { raw } = await shared;
      const schema = `bench_${randomBytes(5).toString('hex')}`;
      await raw.run(`CREATE SCHEMA ${schema}`);
      await raw.run(`SET search_path TO ${schema}`);
      await createOtrsTables(async (sql) => (await raw.run(sql)).rows, 'postgres');
      return {
        raw,
        async dispose() {
          await raw.run('SET search_path TO public');
          await raw.run(`DROP SCHEMA ${schema} CASCADE`);
        },
      };
    },
    async close() {
      if (!shared) return;
      const { f, raw } = await shared;
      await raw.close();
      await f.dispose();
    },
  };
}

/**
 * Runs steps `{ phase, run(raw), prepare?(raw) }` in order on one fresh raw database. A step that
 * failed or timed out in an earlier run is not measured again: `prepare` (the floor's statement)
 * gives the next step the state it needs, or without one the rest is skipped. A failure now is
 * reported and skips the rest of the list. The warm-up runs every step.
 */
async function rawSequence(raws, input, steps, run, report) {
  const { raw, dispose } = await raws.fresh();
  let broken;
  try {
    for (const step of steps) {
      if (broken) {
        if (report) emit({ type: 'skipped', phase: step.phase, run, message: broken });
        continue;
      }
      if (report && skipped.has(step.phase)) {
        if (step.prepare) await step.prepare(raw);
        else broken = `not measured: ${step.phase} failed or timed out earlier`;
        continue;
      }
      try {
        await timed(
          step.phase,
          run,
          report,
          async () => ({ statements: await step.run(raw) }),
          async () => step.state && (await verifyState(async (sql) => (await raw.run(sql)).rows, step.state, counts(input))),
        );
      } catch (err) {
        if (!report) throw err;
        emit({ type: 'error', phase: step.phase, run, message: err instanceof Error ? err.message : String(err) });
        skipped.add(step.phase);
        broken = `not measured: ${step.phase} failed in this run`;
      }
    }
  } finally {
    await dispose();
  }
}

async function databaseRuns() {
  const backend = await openBackend(args.database, { url: args.url, workDir: join(args.workDir, `child-${process.pid}`), pristine: args.pristine });
  const raws = rawDatabases(backend);
  const one = async (input, run, report) => {
    const { rows, n } = input;
    await productSequence(backend, input, run, report);
    await rawSequence(raws, input, [
      { phase: 'floor-insert', state: 'created', run: async (raw) => (await floors.insert(raw, rows.created), 1) },
      { phase: 'floor-select', run: async (raw) => (await floors.select(raw, n), 1), prepare: async () => undefined },
      { phase: 'floor-update', state: 'updated', run: async (raw) => (await floors.update(raw, rows.updates), 1) },
      { phase: 'floor-invalidate', state: 'invalidated', run: async (raw) => (await floors.invalidate(raw, rows.invalidations), 1) },
    ], run, report);
    if (n > args.naiveMax) return;
    await rawSequence(raws, input, [
      { phase: 'naive-insert', state: 'created', run: (raw) => naive.insert(raw, rows.created), prepare: (raw) => floors.insert(raw, rows.created) },
      { phase: 'naive-update', state: 'updated', run: (raw) => naive.update(raw, rows.updates), prepare: (raw) => floors.update(raw, rows.updates) },
      { phase: 'naive-invalidate', state: 'invalidated', run: (raw) => naive.invalidate(raw, rows.invalidations), prepare: (raw) => floors.invalidate(raw, rows.invalidations) },
    ], run, report);
  };
  try {
    await one(await inputs(args.warmN, args.warmFiles), 0, false);
    const input = await inputs(args.n, args.files);
    for (const run of args.runs) await one(input, run, true);
  } finally {
    await raws.close();
    await backend.close();
  }
}

async function validateRuns() {
  const read = (file) => readConfig([file], { env: {}, cwd: args.workDir });
  await read(args.warmFiles.created);
  for (const run of args.runs) {
    await timed('validate', run, true, async () => {
      const desired = await read(args.files.created);
      if (desired.channels.length !== args.n) throw new Error(`validate read ${desired.channels.length} channels, expected ${args.n}`);
      return {};
    });
  }
}

mkdirSync(args.workDir, { recursive: true });
try {
  if (args.mode === 'validate') await validateRuns();
  else await databaseRuns();
  emit({ type: 'done' });
} catch (err) {
  emit({ type: 'fatal', message: err instanceof Error ? err.stack ?? err.message : String(err) });
  process.exitCode = 1;
}
