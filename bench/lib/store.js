// Every run of every measurement, and its summary: the median of its runs when all of them
// finished, otherwise what stopped them (timed out, failed, skipped). A figure from a partial
// set of runs would compare unlike things, so it is never reported as a median.

/** Medians of ms, peak RSS and statements; `status` 'ok' or why not. */
export function summarize(runs, expected = runs.length) {
  if (runs.length === 0) return { status: 'not measured' };
  const bad = runs.find((r) => r.status !== 'ok');
  if (bad) return { status: bad.status, message: bad.message };
  if (runs.length < expected) return { status: `incomplete (${runs.length} of ${expected} runs)` };
  const statements = [...new Set(runs.map((r) => r.statements).filter((s) => s !== undefined))].sort((a, b) => a - b);
  return {
    status: 'ok',
    runs: runs.length,
    ms: median(runs.map((r) => r.ms)),
    rssKb: runs.every((r) => r.rssKb != null) ? median(runs.map((r) => r.rssKb)) : undefined,
    statements: statements.length === 0 ? undefined : statements.length === 1 ? statements[0] : statements,
  };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Measurements keyed by database ('none' for what needs none), N (null for start-up) and phase.
 * @param expectedRuns (n) => how many runs a figure of size n must have
 */
export function createStore(expectedRuns) {
  const entries = new Map();
  const key = (database, n, phase) => `${database}|${n}|${phase}`;
  return {
    /** The first result of a (phase, run) counts: a child restarted after a timeout repeats the run's earlier phases. */
    record(database, n, phase, run, result) {
      const k = key(database, n, phase);
      if (!entries.has(k)) entries.set(k, { database, n, phase, runs: [] });
      const entry = entries.get(k);
      if (entry.runs.some((r) => r.run === run)) return false;
      entry.runs.push({ run, ...result });
      return true;
    },
    runs: (database, n, phase) => entries.get(key(database, n, phase))?.runs ?? [],
    /** Did an earlier run of this measurement time out or fail? Then later runs skip it. */
    gaveUp: (database, n, phase) => (entries.get(key(database, n, phase))?.runs ?? []).some((r) => r.status === 'timed out' || r.status === 'failed'),
    get: (database, n, phase) => summarize(entries.get(key(database, n, phase))?.runs ?? [], expectedRuns(n)),
    all: () => [...entries.values()].map((e) => ({ ...e, median: summarize(e.runs, expectedRuns(e.n)) })),
  };
}
