// Writes bench/results.json (every run, medians, targets) and bench/RESULTS.md from a store and
// its context, and prints the targets: the end of `npm run bench` and of bench/rewrite-report.js.
import { writeFileSync } from 'node:fs';
import { TITLES } from './databases.js';
import { renderResults } from './report.js';
import { createStore } from './store.js';
import { evaluateTargets } from './targets.js';

export function writeResults(benchDir, store, context) {
  const targets = evaluateTargets(store, context);
  writeFileSync(`${benchDir}/results.json`, `${JSON.stringify({ ...context, targets, measurements: store.all() }, null, 2)}\n`);
  writeFileSync(`${benchDir}/RESULTS.md`, renderResults(store, context, targets));
  console.log('\nTargets (issue 11):');
  for (const t of targets) console.log(`  ${t.met === true ? 'met    ' : t.met === false ? 'NOT met' : 'n/a    '}  ${t.target}: ${t.figure}`);
  for (const d of context.notMeasured) console.log(`\n!!! ${TITLES[d.name]} NOT MEASURED: ${d.reason}`);
}

/** A store holding the runs of a results.json, expecting the runs its options say. */
export function storeFromResults(results) {
  const store = createStore((n) => (n === null ? results.options.startupRuns : results.options.runs[n]));
  for (const m of results.measurements) {
    for (const { run, ...result } of m.runs) store.record(m.database, m.n, m.phase, run, result);
  }
  return store;
}
