// The targets of issue 11, each computed from this run's medians: met, NOT met, or not measured
// (a size, database or figure this run did not have). Ratios always compare figures of one run.
import { TITLES } from './databases.js';

const SERVERS = ['postgres', 'mariadb'];
const APPLY_PHASES = [
  ['apply-create', 'creates', 'naive-insert'],
  ['apply-update', 'updates', 'naive-update'],
  ['apply-invalidate', 'invalidations', 'naive-invalidate'],
];
const STATEMENT_PHASES = [['plan', 'plan'], ['apply-create', 'creates'], ['apply-update', 'updates'], ['apply-invalidate', 'invalidations'], ['apply-noop', 'no-op']];

const x = (r) => `${r.toFixed(2)}×`;
const ms = (v) => `${v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString('en-US')} ms`;
const mb = (kb) => `${Math.round(kb / 1024)} MB`;
const mbDiff = (kb) => `${kb < 0 ? '−' : '+'}${mb(Math.abs(kb))}`;
const n = (v) => v.toLocaleString('en-US');

/**
 * @returns {{ target: string, figure: string, met: boolean | null }[]} in the issue's order
 */
export function evaluateTargets(store, context) {
  const out = [];
  const has = (db) => context.measured.includes(db);
  const sizes = context.options.sizes;
  const get = (db, size, phase) => store.get(db, size, phase);
  /** Adds a target; `figures` are summaries that must all be 'ok', else the target is "not measured" naming what is missing. */
  const add = (target, figures, compute) => {
    const missing = figures.find(([, s]) => s.status !== 'ok');
    if (missing) {
      out.push({ target, figure: `not measured (${missing[0]}: ${missing[1].status})`, met: null });
      return;
    }
    const { figure, met } = compute(...figures.map(([, s]) => s));
    out.push({ target, figure, met });
  };
  const absent = (target, why) => out.push({ target, figure: `not measured (${why})`, met: null });

  // 1. Statements constant in N.
  for (const db of ['pglite', ...SERVERS]) {
    const target = `${TITLES[db]}: statements per plan and per apply constant in N`;
    if (!has(db)) {
      absent(target, 'database not measured');
      continue;
    }
    if (sizes.length < 2) {
      absent(target, 'one size only');
      continue;
    }
    const parts = [];
    let met = true;
    for (const [phase, label] of STATEMENT_PHASES) {
      const counts = sizes.map((size) => [size, get(db, size, phase)]).filter(([, s]) => s.status === 'ok').map(([size, s]) => [size, [s.statements].flat().join('–')]);
      if (counts.length < 2) {
        parts.push(`${label} not measured at two sizes`);
        met = null;
        continue;
      }
      if (new Set(counts.map(([, c]) => c)).size === 1) parts.push(`${label} ${counts[0][1]}`);
      else {
        const groups = [];
        for (const [size, c] of counts) {
          const last = groups[groups.length - 1];
          if (last && last.c === c) last.to = size;
          else groups.push({ c, from: size, to: size });
        }
        parts.push(`${label} ${groups.map((g) => `${g.c} at ${g.from === g.to ? n(g.from) : `${n(g.from)}–${n(g.to)}`}`).join(', ')}`);
        if (met !== null) met = false;
      }
    }
    out.push({ target, figure: parts.join('; '), met });
  }

  // 2. At N = 10,000 on the servers.
  for (const db of SERVERS) {
    const at = 10_000;
    const name = TITLES[db];
    const checks = [
      [`${name}, N = 10,000: in-process apply of creates ≤ 2× the in-process floor`, ['apply-create', 'floor-insert'], (p, f) => ({ figure: `${ms(p.ms)} vs floor ${ms(f.ms)}: ${x(p.ms / f.ms)}`, met: p.ms <= 2 * f.ms })],
      [`${name}, N = 10,000: in-process apply of creates ≥ 10× faster than the naive baseline`, ['apply-create', 'naive-insert'], (p, nv) => ({ figure: `naive ${ms(nv.ms)} vs ${ms(p.ms)}: ${x(nv.ms / p.ms)} faster`, met: nv.ms >= 10 * p.ms })],
      [`${name}, N = 10,000: in-process plan ≤ 2× the floor read`, ['plan', 'floor-select'], (p, f) => ({ figure: `${ms(p.ms)} vs floor ${ms(f.ms)}: ${x(p.ms / f.ms)}`, met: p.ms <= 2 * f.ms })],
      [`${name}, N = 10,000: whole-process plan ≤ 1.3× the parse + statement floor`, ['cli-plan', 'floor-parse-select'], (p, f) => ({ figure: `${ms(p.ms)} vs floor ${ms(f.ms)}: ${x(p.ms / f.ms)}`, met: p.ms <= 1.3 * f.ms })],
      [`${name}, N = 10,000: whole-process apply ≤ 1.3× the parse + statement floor`, ['cli-apply', 'floor-parse-insert'], (p, f) => ({ figure: `${ms(p.ms)} vs floor ${ms(f.ms)}: ${x(p.ms / f.ms)}`, met: p.ms <= 1.3 * f.ms })],
    ];
    for (const [target, phases, compute] of checks) {
      if (!has(db)) absent(target, 'database not measured');
      else if (!sizes.includes(at)) absent(target, 'N = 10,000 not in this run');
      else add(target, phases.map((p) => [p, get(db, at, p)]), compute);
    }
  }

  // 3. MariaDB updates and invalidations at 50,000.
  for (const [phase, floor, label] of [['apply-update', 'floor-update', 'N/10 updates'], ['apply-invalidate', 'floor-invalidate', 'N/5 invalidations']]) {
    const target = `MariaDB, N = 50,000: apply of ${label} ≤ 2× MariaDB's in-process floor`;
    if (!has('mariadb')) absent(target, 'database not measured');
    else if (!sizes.includes(50_000)) absent(target, 'N = 50,000 not in this run');
    else add(target, [[phase, get('mariadb', 50_000, phase)], [floor, get('mariadb', 50_000, floor)]], (p, f) => ({ figure: `${ms(p.ms)} vs floor ${ms(f.ms)}: ${x(p.ms / f.ms)}`, met: p.ms <= 2 * f.ms }));
  }

  // 4. Linear growth of every whole-process figure from 10,000 to 50,000.
  const growth = [['none', [['cli-validate', 'validate']]], ...['pglite', ...SERVERS].map((db) => [db, [['cli-plan', 'plan'], ['cli-apply', 'apply']]])];
  for (const [db, phases] of growth) {
    const target = `${db === 'none' ? 'validate (no database)' : TITLES[db]}: each whole-process figure at 50,000 ≤ 5.5× the same at 10,000`;
    if (db !== 'none' && !has(db)) {
      absent(target, 'database not measured');
      continue;
    }
    if (!sizes.includes(10_000) || !sizes.includes(50_000)) {
      absent(target, 'N = 10,000 and 50,000 not both in this run');
      continue;
    }
    const parts = [];
    let met = true;
    for (const [phase, label] of phases) {
      const [a, b] = [get(db, 10_000, phase), get(db, 50_000, phase)];
      if (a.status !== 'ok' || b.status !== 'ok') {
        parts.push(`${label} not measured (${a.status !== 'ok' ? `10,000: ${a.status}` : `50,000: ${b.status}`})`);
        met = null;
        continue;
      }
      const time = b.ms / a.ms;
      const rss = a.rssKb && b.rssKb ? b.rssKb / a.rssKb : undefined;
      parts.push(`${label} time ${x(time)}${rss ? `, peak RSS ${x(rss)}` : ''}`);
      if (met !== null && (time > 5.5 || (rss !== undefined && rss > 5.5))) met = false;
    }
    out.push({ target, figure: parts.join('; '), met });
  }

  // 5. In-process apply faster than naive at every N up to 10,000.
  for (const db of ['pglite', ...SERVERS]) {
    const target = `${TITLES[db]}: in-process apply faster than the naive baseline at every N ≤ 10,000`;
    if (!has(db)) {
      absent(target, 'database not measured');
      continue;
    }
    const parts = [];
    let met = true;
    let worst;
    for (const size of sizes.filter((s) => s <= 10_000)) {
      for (const [phase, label, naivePhase] of APPLY_PHASES) {
        const [p, nv] = [get(db, size, phase), get(db, size, naivePhase)];
        if (p.status !== 'ok' || nv.status !== 'ok') {
          parts.push(`${label} at ${n(size)} not measured`);
          met = null;
          continue;
        }
        const ratio = nv.ms / p.ms;
        if (!worst || ratio < worst.ratio) worst = { ratio, label, size };
        if (ratio <= 1 && met !== null) met = false;
      }
    }
    if (worst) parts.unshift(`slowest relative to naive: ${worst.label} at N = ${n(worst.size)}, naive ÷ product = ${x(worst.ratio)}`);
    out.push({ target, figure: parts.join('; ') || 'no size ≤ 10,000 in this run', met: worst ? met : null });
  }

  // 6. validate at 50,000 against the parse floor.
  if (!sizes.includes(50_000)) {
    absent('validate at 50,000 ≤ 1.2× the parse floor in time', 'N = 50,000 not in this run');
    absent('validate at 50,000: peak RSS ≤ 1.5× the parse floor\'s', 'N = 50,000 not in this run');
  } else {
    const pair = [['cli-validate', get('none', 50_000, 'cli-validate')], ['floor-parse', get('none', 50_000, 'floor-parse')]];
    add('validate at 50,000 ≤ 1.2× the parse floor in time', pair, (p, f) => ({ figure: `${ms(p.ms)} vs ${ms(f.ms)}: ${x(p.ms / f.ms)}`, met: p.ms <= 1.2 * f.ms }));
    add('validate at 50,000: peak RSS ≤ 1.5× the parse floor\'s', pair, (p, f) => ({ figure: `${mb(p.rssKb)} vs ${mb(f.rssKb)}: ${x(p.rssKb / f.rssKb)}`, met: p.rssKb <= 1.5 * f.rssKb }));
  }

  // 7. --version.
  add('--version ≤ 3× `node -e 0`', [['cli-version', get('none', null, 'cli-version')], ['node-e-0', get('none', null, 'node-e-0')]], (p, f) => ({ figure: `${ms(p.ms)} vs ${ms(f.ms)}: ${x(p.ms / f.ms)}`, met: p.ms <= 3 * f.ms }));

  // 8. The README's plans against the PGlite floor.
  const floor = ['floor-pglite-open', get('none', null, 'floor-pglite-open')];
  const first = ['readme-first-plan', get('none', null, 'readme-first-plan')];
  const second = ['readme-second-plan', get('none', null, 'readme-second-plan')];
  add('README\'s first plan on a new embedded folder ≤ 1.5× the PGlite floor (time)', [first, floor], (p, f) => ({ figure: `${ms(p.ms)} vs ${ms(f.ms)}: ${x(p.ms / f.ms)}`, met: p.ms <= 1.5 * f.ms }));
  add('README\'s later plans ≤ 1.3× the PGlite floor (time)', [second, floor], (p, f) => ({ figure: `${ms(p.ms)} vs ${ms(f.ms)}: ${x(p.ms / f.ms)}`, met: p.ms <= 1.3 * f.ms }));
  add('README\'s first plan: peak RSS ≤ the PGlite floor\'s + 60 MB', [first, floor], (p, f) => ({ figure: `${mb(p.rssKb)} vs ${mb(f.rssKb)}: ${mbDiff(p.rssKb - f.rssKb)}`, met: p.rssKb <= f.rssKb + 60 * 1024 }));
  add('README\'s later plans: peak RSS ≤ the PGlite floor\'s + 60 MB', [second, floor], (p, f) => ({ figure: `${mb(p.rssKb)} vs ${mb(f.rssKb)}: ${mbDiff(p.rssKb - f.rssKb)}`, met: p.rssKb <= f.rssKb + 60 * 1024 }));

  // 9. Peak RSS of the CLI at 50,000 against PostgreSQL.
  const rssTarget = 'PostgreSQL, N = 50,000: peak RSS of the CLI (plan and apply) ≤ 1.5× the parse floor\'s';
  if (!has('postgres')) absent(rssTarget, 'database not measured');
  else if (!sizes.includes(50_000)) absent(rssTarget, 'N = 50,000 not in this run');
  else {
    add(rssTarget, [['cli-plan', get('postgres', 50_000, 'cli-plan')], ['cli-apply', get('postgres', 50_000, 'cli-apply')], ['floor-parse', get('none', 50_000, 'floor-parse')]], (p, a, f) => ({
      figure: `plan ${mb(p.rssKb)} (${x(p.rssKb / f.rssKb)}), apply ${mb(a.rssKb)} (${x(a.rssKb / f.rssKb)}) vs parse floor ${mb(f.rssKb)}`,
      met: Math.max(p.rssKb, a.rssKb) <= 1.5 * f.rssKb,
    }));
  }

  // 10. The whole bench in under 20 minutes (on 2 cores): only a full run says.
  const minutes = context.totalSeconds / 60;
  const full = context.options.full && context.notMeasured.length === 0;
  const loaded = context.machine.loadAverageAtStart[0] > context.machine.cores;
  out.push({
    target: 'the whole bench finishes in under 20 minutes on 2 cores',
    figure:
      `${minutes.toFixed(1)} min on ${context.machine.cores} cores` +
      `${loaded ? `, load average ${context.machine.loadAverageAtStart[0]} at the start (a shared machine)` : ''}` +
      `${full ? '' : ' (not the full run: sizes, runs or databases were narrowed)'}`,
    met: full ? minutes < 20 : null,
  });
  return out;
}
