import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { introspect, readNameKeys } from '../../src/db/introspect.js';
import { DEFAULT_MAX_INVALIDATE_PERCENT, type DesiredState } from '../../src/model/desired-state.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { codePoints, KNOWN_PAIRS, namePair } from './name-pairs.js';
import { reliabilityBudget, reliabilitySeed, writeReliabilityReport } from '../reliability.js';

/**
 * Issue 10, the differential test: which names are one channel is the database's call
 * (docs/design.md §3). Random pairs of names (name-pairs.ts: many scripts, case pairs, composed
 * and decomposed accents, emoji, ß, ligatures, fullwidth forms, invisible characters, trailing
 * spaces) are compared twice: by the tool (`readNameKeys`, the keys `plan` uses) and by the
 * database's own `=` on the NFC-normalised names, stored in a scratch table whose columns have
 * the collation under test. They must agree on every pair: on PGlite and PostgreSQL (default
 * collation), and on MariaDB under each collation OTRS databases use that the server offers.
 *
 * Budget: OTRS_RELIABILITY_BUDGET `ci` (default, what `npm test` runs) or `full` (`npm run
 * reliability`); OTRS_RELIABILITY_SEED replays a run. With OTRS_RELIABILITY_REPORT set to a
 * directory, the figures go to `<dir>/name-equality.json` for docs/RELIABILITY.md.
 */

const PROMISE = 'Two channel names are one channel exactly when the database’s own `=` under the name column’s collation holds them equal once both are NFC-normalised, on every database and collation tested.';

/** Random pairs per database and collation, besides the known cases. */
const PAIRS_BY_BUDGET: Readonly<Record<string, number>> = { ci: 300, full: 5000 };

/**
 * MariaDB's collations under test: those OTRS installs use (utf8 = utf8mb3 and utf8mb4, general
 * and unicode, UCA 5.2 and 14, binary), the NO PAD variants, and MySQL 8's default where the
 * server has it. A collation the server lacks is skipped, by name.
 */
const MYSQL_COLLATIONS: readonly string[] = [
  'utf8mb3_general_ci',
  'utf8mb4_general_ci',
  'utf8mb4_unicode_ci',
  'utf8mb4_unicode_520_ci',
  'utf8mb4_uca1400_ai_ci',
  'utf8mb3_bin',
  'utf8mb4_bin',
  'utf8mb4_nopad_bin',
  'utf8mb4_unicode_nopad_ci',
  'utf8mb4_uca1400_nopad_ai_ci',
  'utf8mb4_0900_ai_ci',
];

const { value: PAIRS } = reliabilityBudget(PAIRS_BY_BUDGET);
const seed = reliabilitySeed();

/** Pairs compared, by `<database>/<collation>`, and by database (the sum of its collations). */
const compared: Record<string, number> = {};

afterAll(() => {
  const cases = Object.entries(compared).filter(([k]) => k.includes('/')).reduce((sum, [, n]) => sum + n, 0);
  writeReliabilityReport({ name: 'name-equality', promise: PROMISE, cases, perDatabase: compared, seed });
});

/** The known pairs and `PAIRS` random ones; each label gets its own stream of the run's seed. */
function pairsFor(label: string): [string, string][] {
  const offset = [...label].reduce((h, c) => (h * 31 + c.codePointAt(0)!) | 0, 0);
  return [...KNOWN_PAIRS, ...fc.sample(namePair, { numRuns: PAIRS, seed: (seed + offset) | 0 })];
}

/** What `plan` would make of each pair: the same channel name, and the same group name, or not. */
async function toolSays(t: TestDatabase, pairs: readonly (readonly [string, string])[]): Promise<boolean[]> {
  const actual = await introspect(t.db);
  const names = pairs.flat();
  const location = { file: 'pairs.yaml', line: 1, column: 1 };
  const desired: DesiredState = {
    channels: names.map((n) => ({ name: n, group: n, availableToCustomerUsers: false, availableToPublicUsers: false, valid: 'valid', comment: '', previousNames: [], location })),
    settings: [],
    reconcile: { removedChannels: 'invalid', maxInvalidatePercent: DEFAULT_MAX_INVALIDATE_PERCENT, maxInvalidatePercentFromConfig: false },
    managesChannels: true,
    files: [],
  };
  const keys = await readNameKeys(t.db, actual, desired);
  return pairs.map(([a, b]) => {
    const channel = keys.channel(a) === keys.channel(b);
    expect(keys.group(a) === keys.group(b), `group keys of ${codePoints(a)} / ${codePoints(b)}`).toBe(channel);
    return channel;
  });
}

/** What the database's own `=` says of each pair, NFC-normalised, in a scratch table whose columns have the collation under test. */
async function databaseSays(t: TestDatabase, pairs: readonly (readonly [string, string])[], columns: string): Promise<boolean[]> {
  await t.rows(`CREATE TABLE name_pairs (i INTEGER PRIMARY KEY, a ${columns} NOT NULL, b ${columns} NOT NULL)`);
  for (let start = 0; start < pairs.length; start += 1000) {
    const chunk = pairs.slice(start, start + 1000);
    const values = chunk.map((_, j) => `($${3 * j + 1}, $${3 * j + 2}, $${3 * j + 3})`).join(', ');
    await t.rows(`INSERT INTO name_pairs (i, a, b) VALUES ${values}`, chunk.flatMap(([a, b], j) => [start + j, a.normalize('NFC'), b.normalize('NFC')]));
  }
  const rows = await t.rows<{ i: unknown; eq: unknown }>('SELECT i, CASE WHEN a = b THEN 1 ELSE 0 END AS eq FROM name_pairs ORDER BY i');
  expect(rows).toHaveLength(pairs.length);
  return rows.map((r) => Number(r.eq) === 1);
}

/** Compares the two verdicts pair by pair; every disagreement is listed with its code points and the seed. */
function expectAgreement(label: string, pairs: readonly (readonly [string, string])[], tool: readonly boolean[], database: readonly boolean[]): void {
  const disagreements = pairs.flatMap(([a, b], i) =>
    tool[i] === database[i] ? [] : [`${JSON.stringify(a)} [${codePoints(a)}] vs ${JSON.stringify(b)} [${codePoints(b)}]: database ${database[i] ? '=' : '≠'}, tool ${tool[i] ? '=' : '≠'}`],
  );
  expect(disagreements, `${label}, seed ${seed} (OTRS_RELIABILITY_SEED=${seed} replays it)`).toEqual([]);
  // The pairs are no use if they are all equal or all different.
  expect(database.filter(Boolean).length, `${label}: equal pairs`).toBeGreaterThan(0);
  expect(database.filter((e) => !e).length, `${label}: unequal pairs`).toBeGreaterThan(0);
  const [db] = label.split('/');
  compared[label] = pairs.length;
  compared[db!] = (compared[db!] ?? 0) + pairs.length;
}

describeDatabases('name equality: the tool agrees with the database', ({ fresh, database }) => {
  test(`${database.name}, default collation: ${PAIRS} random pairs and the known cases`, async () => {
    const t = await fresh();
    const pairs = pairsFor(`${database.name}/default`);
    const tool = await toolSays(t, pairs);
    const db = await databaseSays(t, pairs, 'TEXT');
    expectAgreement(`${database.name}/default`, pairs, tool, db);
  });
}, { on: ['pglite', 'postgres'] });

describeDatabases('name equality: the tool agrees with the database', ({ fresh, database }) => {
  test.for(MYSQL_COLLATIONS)(`${database.name}, %s: ${PAIRS} random pairs and the known cases`, async (collation, { skip }) => {
    const t = await fresh();
    const charset = collation.split('_')[0]!;
    const column = `VARCHAR(200) CHARACTER SET ${charset} COLLATE ${collation}`;
    // MariaDB 10.10+ lists UCA 14 collations without their character set (`uca1400_ai_ci`): try it instead.
    const unknown = await t.rows(`SELECT CONVERT('a' USING ${charset}) COLLATE ${collation} AS probe`).then(() => false, () => true);
    if (unknown) skip(`the server has no collation ${collation}`);
    for (const table of ['chat_channel', 'groups']) await t.rows(`ALTER TABLE \`${table}\` MODIFY name ${column} NOT NULL`);
    // A 3-byte character set cannot store characters beyond U+FFFF: such names are compared on utf8mb4 only.
    const fits = (s: string): boolean => charset === 'utf8mb4' || [...s].every((c) => c.codePointAt(0)! <= 0xffff);
    const pairs = pairsFor(`mariadb/${collation}`).filter(([a, b]) => fits(a) && fits(b));
    const tool = await toolSays(t, pairs);
    const db = await databaseSays(t, pairs, column);
    expectAgreement(`mariadb/${collation}`, pairs, tool, db);
  });
}, { on: ['mariadb'] });
