// The bench's settings, from the environment (all optional; the defaults are the run):
//   BENCH_SIZES=100,1000     channel counts (default 100,1000,10000,50000)
//   BENCH_RUNS=2             runs per figure (default 9 up to 1,000 channels, 5 up to 10,000, 3 above)
//   BENCH_TIMEOUT_S=300      a measurement still running after this long is killed, recorded as timed out
//   BENCH_DATABASES=pglite   measure only these (default: pglite,postgres,mariadb)
//   OTRS_TEST_DATABASE_URL, OTRS_TEST_MYSQL_URL   the servers, as for the tests
import { DATABASES, URL_VARIABLES } from './databases.js';

export const DEFAULT_SIZES = [100, 1_000, 10_000, 50_000];
/** The naive baseline runs up to this size (it is slow by design). */
export const NAIVE_MAX = 10_000;
/** The warm-up pass of every in-process child, and its config files. */
export const WARM_N = 100;

function list(text, what) {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new Error(`${what} is empty`);
  return items;
}

export function readOptions(env) {
  const sizes = env.BENCH_SIZES ? list(env.BENCH_SIZES, 'BENCH_SIZES').map(Number) : DEFAULT_SIZES;
  if (sizes.some((n) => !Number.isInteger(n) || n < 10 || n % 10 !== 0)) throw new Error('BENCH_SIZES: whole multiples of 10, at least 10');
  const runs = env.BENCH_RUNS ? Number(env.BENCH_RUNS) : undefined;
  if (runs !== undefined && (!Number.isInteger(runs) || runs < 1)) throw new Error('BENCH_RUNS: a whole number, at least 1');
  const timeoutS = env.BENCH_TIMEOUT_S ? Number(env.BENCH_TIMEOUT_S) : 300;
  if (!(timeoutS > 0)) throw new Error('BENCH_TIMEOUT_S: a number of seconds');
  const wanted = env.BENCH_DATABASES ? list(env.BENCH_DATABASES, 'BENCH_DATABASES') : DATABASES;
  const unknown = wanted.filter((d) => !DATABASES.includes(d));
  if (unknown.length > 0) throw new Error(`BENCH_DATABASES: unknown ${unknown.join(', ')} (known: ${DATABASES.join(', ')})`);
  const databases = DATABASES.map((name) => {
    if (!wanted.includes(name)) return { name, reason: 'left out by BENCH_DATABASES' };
    if (name === 'pglite') return { name };
    const url = env[URL_VARIABLES[name]];
    return url ? { name, url } : { name, reason: `${URL_VARIABLES[name]} is not set` };
  });
  return {
    sizes: [...new Set(sizes)].sort((a, b) => a - b),
    // More runs where a run takes milliseconds: there the median of five moved by a tenth from
    // one bench to the next on this shared machine, as much as the product and the naive loop differ.
    runsFor: (n) => runs ?? (n > 10_000 ? 3 : n <= 1_000 ? 9 : 5),
    startupRuns: runs ?? 5,
    timeoutMs: timeoutS * 1000,
    databases,
    /** The run: every size, every database, the default number of runs (what the 20-minute target is about). */
    full: !env.BENCH_SIZES && !env.BENCH_RUNS && !env.BENCH_DATABASES,
  };
}
