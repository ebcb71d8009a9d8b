// Benchmark: how validate, plan and apply scale with the number of channels, on the embedded
// database (PGlite). Prints absolute figures and the ratios that matter: statements sent
// must not grow with the channel count (docs/design.md §8), time should grow about linearly.
// Run with `npm run bench` (builds first). Figures are for one machine and one run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyConfig,
  diffStates,
  introspect,
  openDatabase,
  readConfig,
  readNameKeys,
  resolveDatabaseTarget,
} from '../dist/src/index.js';

const SIZES = (process.env.BENCH_SIZES ?? '100,1000,10000').split(',').map(Number);
const VALIDATE_SIZE = Number(process.env.BENCH_VALIDATE_SIZE ?? 50_000);

function configText(n, suffix) {
  const lines = ['version: 1', 'reconcile:', '  maxInvalidatePercent: 100', 'channels:'];
  for (let i = 0; i < n; i++) {
    lines.push(`  - name: Channel ${i}`, '    group: users', `    comment: Channel number ${i} ${suffix}`);
  }
  return lines.join('\n') + '\n';
}

async function timed(fn) {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

const work = mkdtempSync(join(tmpdir(), 'occ-bench-'));
const rows = [];
try {
  // 1. validate alone, on a large config.
  const big = join(work, 'big.yaml');
  writeFileSync(big, configText(VALIDATE_SIZE, 'x'));
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const v = await timed(() => readConfig([big], { env: {}, cwd: work }));
  const heapAfter = process.memoryUsage().heapUsed;
  console.log(`validate ${VALIDATE_SIZE} channels: ${v.ms.toFixed(0)} ms, heap +${((heapAfter - heapBefore) / 2 ** 20).toFixed(0)} MiB, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);

  // 2. plan + apply (create), then plan + apply (update every comment), per size.
  for (const n of SIZES) {
    const dir = join(work, `db-${n}`);
    const db = await openDatabase(resolveDatabaseTarget(`embedded:${dir}`, {}, work), { lockTimeoutMs: 30_000 });
    try {
      const file = join(work, `c-${n}.yaml`);
      const options = { as: 'root@localhost', lockTimeoutMs: 30_000, allowMassInvalidation: true };
      const row = { n };
      for (const phase of ['create', 'update']) {
        writeFileSync(file, configText(n, phase));
        const desired = await readConfig([file], { env: {}, cwd: work });
        const s0 = db.statementCount;
        const p = await timed(async () => {
          const actual = await introspect(db);
          return diffStates(desired, actual, { nameKeys: await readNameKeys(db, actual, desired) });
        });
        row[`${phase}PlanMs`] = p.ms;
        row[`${phase}PlanStatements`] = db.statementCount - s0;
        const a = await timed(() => applyConfig(db, desired, p.value, options));
        row[`${phase}ApplyMs`] = a.ms;
        row[`${phase}ApplyStatements`] = a.value.statements;
      }
      rows.push(row);
    } finally {
      await db.close();
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log('\nchannels | plan ms (create / update) | apply ms (create / update) | statements plan / apply');
for (const r of rows) {
  console.log(
    `${String(r.n).padStart(8)} | ${r.createPlanMs.toFixed(0).padStart(8)} / ${r.updatePlanMs.toFixed(0).padStart(8)} | ` +
      `${r.createApplyMs.toFixed(0).padStart(8)} / ${r.updateApplyMs.toFixed(0).padStart(8)} | ` +
      `${r.createPlanStatements} / ${r.createApplyStatements}, ${r.updatePlanStatements} / ${r.updateApplyStatements}`,
  );
}
const first = rows[0];
const last = rows[rows.length - 1];
if (first && last && first !== last) {
  const k = last.n / first.n;
  console.log(`\nratios ${last.n} vs ${first.n} channels (${k}x the channels):`);
  console.log(`  statements, apply (update): ${(last.updateApplyStatements / first.updateApplyStatements).toFixed(2)}x  (target 1.00x)`);
  console.log(`  statements, plan:           ${(last.updatePlanStatements / first.updatePlanStatements).toFixed(2)}x  (target 1.00x)`);
  console.log(`  time, plan (update):        ${(last.updatePlanMs / first.updatePlanMs).toFixed(1)}x`);
  console.log(`  time, apply (update):       ${(last.updateApplyMs / first.updateApplyMs).toFixed(1)}x`);
}
