// bench/RESULTS.md from one run: the machine, the targets, then per database a table of
// medians with each figure's ratio to the floor of its kind and to the naive baseline.
import { TITLES } from './databases.js';

const IN_PROCESS = [
  { phase: 'plan', label: 'plan (no changes)', floor: 'floor-select', floorLabel: 'one SELECT' },
  { phase: 'apply-create', label: 'apply: N creates', floor: 'floor-insert', floorLabel: 'one INSERT', naive: 'naive-insert' },
  { phase: 'apply-update', label: 'apply: N/10 updates', floor: 'floor-update', floorLabel: 'one UPDATE', naive: 'naive-update' },
  { phase: 'apply-invalidate', label: 'apply: N/5 invalidations', floor: 'floor-invalidate', floorLabel: 'one UPDATE', naive: 'naive-invalidate' },
  { phase: 'apply-noop', label: 'apply: no-op', floor: 'floor-select', floorLabel: 'one SELECT' },
];
const WHOLE_PROCESS = [
  { phase: 'cli-plan', label: '`plan` (no changes)', floor: 'floor-parse-select', floorLabel: 'parse + SELECT' },
  { phase: 'cli-apply', label: '`apply --yes` (N creates)', floor: 'floor-parse-insert', floorLabel: 'parse + INSERT' },
];
const STARTUP = [
  { phase: 'cli-version', label: '`--version`', floor: 'node-e-0', floorLabel: '`node -e 0`' },
  { phase: 'readme-first-plan', label: 'README\'s first `plan` (new embedded folder)', floor: 'floor-pglite-open', floorLabel: 'PGlite floor' },
  { phase: 'readme-second-plan', label: 'README\'s second `plan`', floor: 'floor-pglite-open', floorLabel: 'PGlite floor' },
];

const num = (v) => v.toLocaleString('en-US');
const ms = (v) => (v < 10 ? v.toFixed(1) : num(Math.round(v)));
const mb = (kb) => (kb ? num(Math.round(kb / 1024)) : '–');
const ratio = (a, b) => `${(a / b).toFixed(2)}×`;

/** A figure's cell: the median, or why there is none. */
const cell = (s, show = (v) => ms(v.ms)) => (s.status === 'ok' ? show(s) : `*${s.status}*`);
const statements = (s) => (s.status !== 'ok' || s.statements === undefined ? '–' : Array.isArray(s.statements) ? s.statements.join('–') : String(s.statements));
const both = (a, b, f) => (a.status === 'ok' && b.status === 'ok' ? f(a, b) : '–');

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function machineSection(context) {
  const m = context.machine;
  const servers = Object.entries(m.versions ?? {}).map(([db, v]) => `${TITLES[db]} ${v}`);
  return [
    '## Machine',
    '',
    table(['', ''], [
      ['CPU', `${m.cpu}, ${m.cores} cores`],
      ['RAM', `${m.ramGb} GB`],
      ['OS', m.os],
      ['Node', m.node],
      ['Databases', [`PGlite ${m.pglite} (npm)`, ...servers].join('; ')],
      ['Date', m.date],
      ['Commit', `${m.commit ?? 'unknown'}${m.uncommittedChanges ? ' (with uncommitted changes)' : ''}`],
      ['Load average (1, 5, 15 min)', `${m.loadAverageAtStart.join(' ')} at the start, ${m.loadAverageAtEnd.join(' ')} at the end`],
      ['Peak RSS measured by', m.rssMethod],
      ['Runs per figure', `${Object.entries(context.options.runs).map(([n, r]) => `${r} at ${num(Number(n))}`).join(', ')}; ${context.options.startupRuns} for start-up`],
      ['Total time', `${(context.totalSeconds / 60).toFixed(1)} min`],
    ]),
  ].join('\n');
}

function targetsSection(targets) {
  const mark = (met) => (met === true ? 'met' : met === false ? '**NOT met**' : 'not measured');
  return ['## Targets (issue 11)', '', table(['target', 'figure', 'result'], targets.map((t) => [t.target, t.figure, mark(t.met)]))].join('\n');
}

function startupSection(store, context) {
  const rows = STARTUP.map((r) => {
    const [p, f] = [store.get('none', null, r.phase), store.get('none', null, r.floor)];
    return [r.label, cell(p), cell(p, (s) => mb(s.rssKb)), r.floorLabel, cell(f), cell(f, (s) => mb(s.rssKb)), both(p, f, (a, b) => ratio(a.ms, b.ms)), both(p, f, (a, b) => `${a.rssKb >= b.rssKb ? '+' : '−'}${mb(Math.abs(a.rssKb - b.rssKb))} MB`)];
  });
  return [
    '## Start-up (whole process)',
    '',
    'The README\'s `plan examples/small-shop` as `node bin/otrs-chat-config.js plan …` in a new directory (default embedded folder `./.otrs-chat-config/db`) with a new `XDG_CACHE_HOME`, then again in the same one. The PGlite floor opens PGlite on that folder and runs one `SELECT`.' +
      (context.machine.shippedPristine === undefined ? '' : ` The build ${context.machine.shippedPristine ? 'shipped' : 'did NOT ship'} a pristine embedded database (dist/src/db/embedded/pristine/) for new folders to copy.`),
    '',
    table(['command', 'ms', 'peak RSS MB', 'floor', 'floor ms', 'floor RSS MB', '× floor (time)', 'RSS − floor'], rows),
  ].join('\n');
}

function validateSection(store, sizes) {
  const rows = sizes.map((n) => {
    const [inp, cli, floor] = ['validate', 'cli-validate', 'floor-parse'].map((p) => store.get('none', n, p));
    return [num(n), cell(inp), cell(cli), cell(cli, (s) => mb(s.rssKb)), cell(floor), cell(floor, (s) => mb(s.rssKb)), both(cli, floor, (a, b) => ratio(a.ms, b.ms)), both(cli, floor, (a, b) => ratio(a.rssKb, b.rssKb))];
  });
  return [
    '## validate (no database)',
    '',
    'In process: `readConfig` (load + validate). Whole process: `validate FILE --no-color` against the parse floor (a node process that reads the file and runs `yaml`\'s `parse`).',
    '',
    table(['N', 'in process ms', 'CLI ms', 'CLI peak RSS MB', 'parse floor ms', 'floor RSS MB', 'CLI × floor (time)', 'CLI × floor (RSS)'], rows),
  ].join('\n');
}

function databaseSection(store, db, sizes) {
  const inRows = [];
  for (const n of sizes) {
    for (const r of IN_PROCESS) {
      const [p, f] = [store.get(db, n, r.phase), store.get(db, n, r.floor)];
      const nv = r.naive ? store.get(db, n, r.naive) : undefined;
      inRows.push([
        num(n),
        r.label,
        statements(p),
        cell(p),
        `${r.floorLabel}: ${cell(f)}`,
        both(p, f, (a, b) => ratio(a.ms, b.ms)),
        nv ? (nv.status === 'not measured' ? '–' : cell(nv)) : '–',
        nv ? both(p, nv, (a, b) => ratio(b.ms, a.ms)) : '–',
        nv ? statements(nv) : '–',
      ]);
    }
  }
  const wholeRows = [];
  for (const n of sizes) {
    for (const r of WHOLE_PROCESS) {
      const [p, f] = [store.get(db, n, r.phase), store.get(db, n, r.floor)];
      wholeRows.push([num(n), r.label, cell(p), cell(p, (s) => mb(s.rssKb)), r.floorLabel, cell(f), cell(f, (s) => mb(s.rssKb)), both(p, f, (a, b) => ratio(a.ms, b.ms)), both(p, f, (a, b) => ratio(a.rssKb, b.rssKb))]);
    }
  }
  return [
    `## ${TITLES[db]}`,
    '',
    '### In process (library, warm)',
    '',
    table(['N', 'phase', 'statements', 'ms', 'floor ms', '× floor', 'naive ms', 'naive ÷ product', 'naive statements'], inRows),
    '',
    '### Whole process (CLI, cold)',
    '',
    table(['N', 'command', 'ms', 'peak RSS MB', 'floor', 'floor ms', 'floor RSS MB', '× floor (time)', '× floor (RSS)'], wholeRows),
  ].join('\n');
}

/** Failures and time-outs, with their messages: a figure missing from a table is explained here. */
function problemsSection(store) {
  const problems = store.all().flatMap((e) => e.runs.filter((r) => r.status === 'failed' || r.status === 'timed out').map((r) => ({ ...e, ...r })));
  if (problems.length === 0) return '';
  const rows = problems.map((p) => [p.database, p.n === null ? '–' : num(p.n), p.phase, String(p.run), p.status, (p.message ?? '').replaceAll('|', '\\|').replaceAll('\n', ' ')]);
  return ['## Failures and time-outs', '', table(['database', 'N', 'measurement', 'run', 'status', 'message'], rows)].join('\n');
}

const HOW_TO_READ = `## How to read this

- Every figure is a median (runs in the machine table; every run is in \`bench/results.json\`). A
  figure with a run that timed out or failed is shown as such, never as a median of the rest.
- **In process**: library calls in a warm process (\`dist/src/index.js\`), each run on a fresh
  database. \`plan\` is \`introspect\` + \`readNameKeys\` + \`diffStates\` from a ready desired
  state, reading what a text plan reads (no change stamps: only JSON output records them); \`apply\` is \`applyConfig\` alone. The plan it confirms is made before the clock starts,
  as the CLI's apply makes it: read with the state digest (\`readConfirmableState\`), so under
  its lock the apply checks the digest (one statement) instead of reading every row again
  (docs/design.md §6). Statements are those the product sent.
- **In-process floor**: the same rows written by ONE statement through the same driver (\`pg\` with
  arrays and \`unnest\`, \`mysql2\` with one multi-row statement, PGlite's own \`query\`), or read
  back by ONE \`SELECT\`; the no-op's floor is that read. The floors know the fresh install's
  ids (groups, valid, agent) that the product must look up.
- **Naive baseline** (N ≤ 10,000): one \`SELECT\` and one \`INSERT\` / \`UPDATE\` per channel in one
  transaction, same driver. *naive ÷ product* above 1 means the product is faster.
- **Whole process**: \`node bin/otrs-chat-config.js\`, cold, stdout and stderr to files; time from
  spawn to exit and the peak RSS of the process. Floors: \`node bench/floor-process.js\` —
  parse the same file with \`yaml\`, then connect and run the one statement (parse + statement
  floor), or only parse it (parse floor), or open PGlite on an existing folder and run one
  \`SELECT\` (PGlite floor). Every floor prints the rows it touched, and the bench checks them.
- × floor = product ÷ floor: 1.00× would be as fast as the floor.`;

export function renderResults(store, context, targets) {
  const sizes = context.options.sizes;
  const notMeasured = context.notMeasured.map((d) => `- **${TITLES[d.name]}: NOT MEASURED** — ${d.reason}`);
  const sections = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.js) on ${context.machine.date.slice(0, 10)} at commit ${(context.machine.commit ?? 'unknown').slice(0, 12)}` +
      `${context.machine.uncommittedChanges ? ' with uncommitted changes' : ''}; the whole run took ${(context.totalSeconds / 60).toFixed(1)} min.` +
      `${context.options.full ? '' : ' **A narrowed run** (BENCH_SIZES, BENCH_RUNS or BENCH_DATABASES set): not the issue\'s full bench.'}` +
      ` Load average at the start ${context.machine.loadAverageAtStart[0]} on ${context.machine.cores} cores` +
      `${context.machine.loadAverageAtStart[0] > context.machine.cores ? ': other work shared the machine, so times are inflated and noisy (ratios less so)' : ''}.`,
    notMeasured.length ? `\n${notMeasured.join('\n')}` : '',
    '',
    targetsSection(targets),
    '',
    HOW_TO_READ,
    '',
    machineSection(context),
    '',
    startupSection(store, context),
    '',
    validateSection(store, sizes),
    ...context.measured.flatMap((db) => ['', databaseSection(store, db, sizes)]),
    '',
    problemsSection(store),
  ];
  return `${sections.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
