import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the reliability tests (the property and differential tests that `npm run reliability`
 * reports in docs/RELIABILITY.md) share: their budget, their seed and their report file.
 * OTRS_RELIABILITY_BUDGET picks the budget (`ci`, the default, for `npm test`; `full` for the
 * report); OTRS_RELIABILITY_SEED replays a run; OTRS_RELIABILITY_REPORT names the directory the
 * report goes to (unset: no file is written).
 */

/** The entry of `byBudget` for OTRS_RELIABILITY_BUDGET. */
export function reliabilityBudget<T>(byBudget: Readonly<Record<string, T>>): { budget: string; value: T } {
  const budget = process.env.OTRS_RELIABILITY_BUDGET || 'ci';
  const value = byBudget[budget];
  if (value === undefined) throw new Error(`OTRS_RELIABILITY_BUDGET=${budget}: expected one of ${Object.keys(byBudget).join(', ')}`);
  return { budget, value };
}

/** OTRS_RELIABILITY_SEED, else what fast-check would pick itself, picked here so the report can name it. */
export function reliabilitySeed(): number {
  const text = process.env.OTRS_RELIABILITY_SEED;
  if (text) {
    const seed = Number(text);
    if (!Number.isSafeInteger(seed)) throw new Error(`OTRS_RELIABILITY_SEED=${text}: expected an integer`);
    return seed;
  }
  return (Date.now() ^ Math.floor(Math.random() * 0x1_0000_0000)) | 0;
}

export interface ReliabilityReport {
  readonly name: string;
  /** The promise the test checks, in one sentence. */
  readonly promise: string;
  readonly cases: number;
  readonly perDatabase: Readonly<Record<string, number>>;
  readonly seed: number;
}

/** Writes `<OTRS_RELIABILITY_REPORT>/<name>.json` for scripts/reliability.js; nothing when it is unset. */
export function writeReliabilityReport(report: ReliabilityReport): void {
  const dir = process.env.OTRS_RELIABILITY_REPORT;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${report.name}.json`), `${JSON.stringify(report, null, 2)}\n`);
}
