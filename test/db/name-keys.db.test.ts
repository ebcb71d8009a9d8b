import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { nameKeysFromRows, nameKeyStatements, type NameKeyRow } from '../../src/db/dialects/mysql-name-keys.js';
import type { Db } from '../../src/db/db.js';
import { introspect, readNameKeys } from '../../src/db/introspect.js';
import { PlanError, UnsupportedDatabaseError } from '../../src/errors.js';
import { DEFAULT_MAX_INVALIDATE_PERCENT, type DesiredState } from '../../src/model/desired-state.js';
import type { Plan } from '../../src/plan/plan.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { KNOWN_PAIRS, name as randomName } from './name-pairs.js';
import { reconciler, yamlText } from './reconcile.js';

/**
 * Issue 10: the database decides which names are one channel (docs/design.md §3). Each case was
 * found by trying the product, and each runs on the database where it happened.
 */

/** `Café Support` with é composed (U+00E9, NFC) and decomposed (e + U+0301, NFD). */
const CAFE_NFC = 'Caf\u00E9 Support';
const CAFE_NFD = 'Cafe\u0301 Support';

const config = (...names: string[]): string => `version: 1\nchannels:\n${names.map((n) => `  - name: ${yamlText(n)}\n    group: users\n`).join('')}`;

/** The changes as short lines: `update 7 "old" → "new"`, `create "name"`, `invalidate 7 "name"`. */
function summary(plan: Plan): string[] {
  return plan.changes.map((c) => {
    switch (c.kind) {
      case 'update-channel':
        return `update ${c.id} ${JSON.stringify(c.renamedFrom ?? c.name)} → ${JSON.stringify(c.name)}`;
      case 'create-channel':
        return `create ${JSON.stringify(c.name)}`;
      case 'invalidate-channel':
        return `invalidate ${c.id} ${JSON.stringify(c.name)}`;
      default:
        return c.kind;
    }
  });
}

/** Plans `yaml`, applies it, and checks that a second plan has nothing left to do. */
async function converges(t: TestDatabase, yaml: string): Promise<Plan> {
  const r = reconciler(t);
  // Some cases leave a single stored channel to invalidate: that is what they are about.
  const { plan } = await r.converge(yaml, { allowMassInvalidation: true });
  expect((await r.plan(await r.desired(yaml))).changes).toEqual([]);
  return plan;
}

async function planProblems(t: TestDatabase, yaml: string): Promise<[string, string, number | undefined][]> {
  const r = reconciler(t);
  const err = await r.plan(await r.desired(yaml)).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PlanError);
  return (err as PlanError).problems.map((p) => [p.code, p.message, p.location?.line]);
}

describeDatabases('which names are one channel: Unicode normalization', ({ fresh }) => {
  test('a stored NFD name and the config’s NFC name are one channel: renamed in place, id and history kept', async () => {
    const t = await fresh();
    await t.seed({ channels: [{ name: CAFE_NFD, group: 'users' }] });
    const [before] = await reconciler(t).channels();
    const plan = await converges(t, config(CAFE_NFC));
    expect(summary(plan)).toEqual([`update ${before?.id} ${JSON.stringify(CAFE_NFD)} → ${JSON.stringify(CAFE_NFC)}`]);
    expect((await reconciler(t).channels()).map((c) => [c.id, c.name])).toEqual([[before?.id, CAFE_NFC]]);
  });
});

describeDatabases('which names are one channel: MariaDB collations', ({ fresh }) => {
  /** The OTRS tables with chat_channel.name (and the group table's name) in `collation`. */
  async function withCollation(collation: string): Promise<TestDatabase> {
    const t = await fresh();
    const charset = collation.split('_')[0] ?? '';
    for (const table of ['chat_channel', 'groups']) {
      await t.rows(`ALTER TABLE \`${table}\` MODIFY name VARCHAR(200) CHARACTER SET ${charset} COLLATE ${collation} NOT NULL`);
    }
    return t;
  }

  describe('utf8mb4_unicode_ci, what OTRS installs with', () => {
    test('a stored "Chat 😀" is the config’s "Chat 🙏" to the server: renamed in place, not created and invalidated', async () => {
      const t = await fresh();
      await t.seed({ channels: [{ name: 'Chat 😀', group: 'users' }] });
      const [before] = await reconciler(t).channels();
      expect(summary(await converges(t, config('Chat 🙏')))).toEqual([`update ${before?.id} "Chat 😀" → "Chat 🙏"`]);
      expect((await reconciler(t).channels()).map((c) => [c.id, c.name, c.valid])).toEqual([[before?.id, 'Chat 🙏', 'valid']]);
    });

    test('so are ß and ss, and a name with a zero-width space and one without', async () => {
      const t = await fresh();
      await t.seed({ channels: [{ name: 'Straße', group: 'users' }, { name: 'Sales\u200B', group: 'users' }] });
      const [street, sales] = await reconciler(t).channels();
      expect(summary(await converges(t, config('Strasse', 'Sales')))).toEqual([`update ${street?.id} "Straße" → "Strasse"`, `update ${sales?.id} "Sales\u200B" → "Sales"`]);
      expect((await reconciler(t).channels()).map((c) => [c.id, c.name])).toEqual([[street?.id, 'Strasse'], [sales?.id, 'Sales']]);
    });

    test('two new names the server holds equal are a plan error naming both places, not a failing apply', async () => {
      const t = await fresh();
      expect(await planProblems(t, config('Chat 😀', 'Chat 🙏'))).toEqual([
        ['duplicate-channel', 'channel "Chat 🙏" is the same name as channel "Chat 😀" at chat.yaml:3:5 (the database\'s collation utf8mb4_unicode_ci treats them as one name)', 5],
      ]);
      expect(await planProblems(t, config('Straße', 'STRASSE'))).toEqual([[ 'duplicate-channel', expect.stringContaining('"STRASSE" is the same name as channel "Straße" at chat.yaml:3:5'), 5]]);
    });

    test('a channel’s group is the one group the server holds equal to the config’s spelling', async () => {
      const t = await fresh();
      await t.seed({ groups: [{ name: 'Straße' }] });
      const plan = await converges(t, 'version: 1\nchannels:\n  - name: Lobby\n    group: STRASSE\n');
      expect(plan.changes).toEqual([expect.objectContaining({ kind: 'create-channel', name: 'Lobby', group: 'Straße' })]);
    });

    test('the keys cost one statement, whatever the number of names, and apply asks again inside its transaction', async () => {
      const t = await fresh();
      await t.seed({ channels: Array.from({ length: 300 }, (_, i) => ({ name: `Kanal ${i} 😀`, group: 'users' })) });
      const r = reconciler(t);
      const actual = await introspect(t.db);
      const desired = await r.desired(config(...Array.from({ length: 300 }, (_, i) => `KANAL ${i} 🙏`)));
      const before = t.db.statementCount;
      const keys = await readNameKeys(t.db, actual, desired);
      expect(t.db.statementCount - before).toBe(1);
      expect(keys.channel('Kanal 7 😀')).toBe(keys.channel('KANAL 7 🙏'));
      expect(keys.channel('Kanal 7 😀')).not.toBe(keys.channel('Kanal 8 😀'));
      const plan = await r.plan(desired);
      expect(plan.changes.map((c) => c.kind)).toEqual(Array.from({ length: 300 }, () => 'update-channel'));
      // The re-plan under the lock must see the same names as one, or it would refuse as "the plan changed".
      const result = await r.apply(desired, plan);
      expect(result.plan.changes).toEqual(plan.changes);
    });
  });

  describe('every collation OTRS databases use that MariaDB offers', () => {
    const CASES: readonly { collation: string; stored: string; config: string; one: boolean }[] = [
      { collation: 'utf8mb3_general_ci', stored: 'SALES', config: 'sales', one: true },
      { collation: 'utf8mb3_general_ci', stored: 'Straße', config: 'Strasse', one: false },
      { collation: 'utf8mb4_general_ci', stored: 'Chat 😀', config: 'Chat 🙏', one: true },
      { collation: 'utf8mb4_general_ci', stored: CAFE_NFD, config: CAFE_NFC, one: true },
      { collation: 'utf8mb4_unicode_520_ci', stored: 'Straße', config: 'strasse', one: true },
      { collation: 'utf8mb4_unicode_520_ci', stored: 'Chat 😀', config: 'Chat 🙏', one: false },
      { collation: 'utf8mb4_uca1400_ai_ci', stored: 'Ｓａｌｅｓ\u200B', config: 'sales', one: true },
      { collation: 'utf8mb4_bin', stored: 'Sales \u200B', config: 'Sales', one: false },
      { collation: 'utf8mb4_bin', stored: CAFE_NFD, config: CAFE_NFC, one: true },
      { collation: 'utf8mb4_bin', stored: 'Sales ', config: 'Sales', one: true },
      { collation: 'utf8mb4_nopad_bin', stored: 'Sales ', config: 'Sales', one: false },
    ];

    test.for(CASES)('$collation: stored $stored, config $config: one channel $one', async ({ collation, stored, config: name, one }) => {
      const t = await withCollation(collation);
      await t.seed({ channels: [{ name: stored, group: 'users' }] });
      const [row] = await reconciler(t).channels();
      const want = one ? [`update ${row?.id} ${JSON.stringify(stored)} → ${JSON.stringify(name)}`] : [`create ${JSON.stringify(name)}`, `invalidate ${row?.id} ${JSON.stringify(stored)}`];
      expect(summary(await converges(t, config(name)))).toEqual(want);
    });

    test('a collation that weighs on several levels and pads with spaces is refused, not guessed', async () => {
      const t = await withCollation('utf8mb4_uca1400_as_cs');
      const r = reconciler(t);
      const err = await r.plan(await r.desired(config('Sales'))).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnsupportedDatabaseError);
      expect((err as Error).message).toMatch(/^the collation utf8mb4_uca1400_as_cs compares names on several levels and ignores trailing spaces/);
    });
  });
}, { on: ['mariadb'] });

describeDatabases('name keys: names as one JSON parameter (JSON_TABLE) give what one placeholder per name gives', ({ fresh }) => {
  /** The collations of name-equality.db.test.ts, and one that weighs on several levels (its rows must agree too). */
  const COLLATIONS = [
    'utf8mb3_general_ci', 'utf8mb4_general_ci', 'utf8mb4_unicode_ci', 'utf8mb4_unicode_520_ci', 'utf8mb4_uca1400_ai_ci', 'utf8mb3_bin',
    'utf8mb4_bin', 'utf8mb4_nopad_bin', 'utf8mb4_unicode_nopad_ci', 'utf8mb4_uca1400_nopad_ai_ci', 'utf8mb4_0900_ai_ci', 'utf8mb4_uca1400_as_cs',
  ];

  /** Each statement's rows, `i` as a number (the two forms type it differently: a literal, or arithmetic on an ordinality). */
  const rowsOf = async (t: TestDatabase, names: readonly string[], collations: readonly string[], jsonTable: boolean): Promise<NameKeyRow[][]> => {
    const all: NameKeyRow[][] = [];
    for (const s of nameKeyStatements(names, collations, { jsonTable })) all.push((await t.db.query<NameKeyRow>(s.sql, s.params)).map((r) => ({ ...r, i: Number(r.i) })));
    return all;
  };

  test('the same rows under every collation the server has: the known pairs, random names, and text JSON escapes', async () => {
    const t = await fresh();
    const collations: string[] = [];
    for (const c of COLLATIONS) {
      if (await t.rows(`SELECT CONVERT('a' USING ${c.split('_')[0]}) COLLATE ${c} AS probe`).then(() => true, () => false)) collations.push(c);
    }
    expect(collations.length).toBeGreaterThan(8);
    const tricky = ['', ' ', 'a ', 'a\u00A0', '"', '\\', "'", 'tab\there', 'new\nline', '\u0001\u001F\u007F', '\u2028\u2029', 'null', '[1]', 'é'.repeat(1000), '😀'.repeat(300)];
    const names = [...new Set([...KNOWN_PAIRS.flat(), ...fc.sample(randomName, { numRuns: 400, seed: 11 }), ...tricky].map((n) => n.normalize('NFC')))];
    const placeholders = await rowsOf(t, names, collations, false);
    const json = await rowsOf(t, names, collations, true);
    expect(json).toHaveLength(1);
    expect(json).toEqual(placeholders);
    const single = collations.filter((c) => !c.includes('_as_cs'));
    expect(nameKeysFromRows(names, single, await rowsOf(t, names, single, true))).toEqual(nameKeysFromRows(names, single, await rowsOf(t, names, single, false)));
  });

  test('70,000 names: one JSON statement where the placeholder form takes two, and the same key for every name', async () => {
    const t = await fresh();
    const names = Array.from({ length: 70_000 }, (_, i) => `Kanal ${i % 35_000} ${i < 35_000 ? '😀' : '🙏'}`);
    const collations = ['utf8mb4_unicode_ci'];
    const json = await rowsOf(t, names, collations, true);
    const placeholders = await rowsOf(t, names, collations, false);
    expect([json.length, placeholders.length]).toEqual([1, 2]);
    const [keys] = nameKeysFromRows(names, collations, json);
    expect(keys).toEqual(nameKeysFromRows(names, collations, placeholders)[0]);
    // utf8mb4_unicode_ci weighs 😀 and 🙏 alike: each name's key is its twin's.
    expect(keys?.get('Kanal 7 😀')).toBe(keys?.get('Kanal 7 🙏'));
    expect(new Set(keys?.values()).size).toBe(35_000);
  });

  test('readNameKeys on a state read from this server uses the JSON form: one statement for 70,000 names', async () => {
    const t = await fresh();
    const actual = await introspect(t.db);
    const channels = Array.from({ length: 70_000 }, (_, i) => ({
      id: i + 1, name: `Kanal ${i}`, groupId: 1, group: 'users', valid: 'valid' as const, availableToCustomerUsers: false, availableToPublicUsers: false, comment: '',
    }));
    const before = t.db.statementCount;
    const keys = await readNameKeys(t.db, { ...actual, channels });
    expect(t.db.statementCount - before).toBe(1);
    expect(keys.channel('Kanal 69999')).toMatch(/^w:/);
    expect(keys.channel('Kanal 69999')).not.toBe(keys.channel('Kanal 69998'));
  });
}, { on: ['mariadb'] });

describeDatabases('name keys: the weights read with the rows are the keys the server gives when asked', ({ fresh }) => {
  /** Single-level collations (a multi-level one that pads is refused either way) of both character sets, padding and not. */
  const COLLATIONS = ['utf8mb4_unicode_ci', 'utf8mb4_general_ci', 'utf8mb3_general_ci', 'utf8mb4_bin', 'utf8mb4_unicode_nopad_ci', 'utf8mb4_uca1400_ai_ci'];

  /** readNameKeys on `db`, with the parameters of every statement it sent. */
  function watching(db: Db): { db: Db; params: (readonly unknown[])[] } {
    const params: (readonly unknown[])[] = [];
    const watched: Db = {
      dialect: db.dialect,
      description: db.description,
      get statementCount() {
        return db.statementCount;
      },
      query: (sql, p = []) => {
        params.push(p);
        return db.query(sql, p);
      },
      transaction: (fn, options) => db.transaction(fn, options),
      close: () => db.close(),
    };
    return { db: watched, params };
  }

  const desiredOf = (channels: readonly string[], groups: readonly string[]): DesiredState => {
    const location = { file: 'names.yaml', line: 1, column: 1 };
    return {
      channels: channels.map((n, i) => ({ name: n, group: groups[i % groups.length]!, availableToCustomerUsers: false, availableToPublicUsers: false, valid: 'valid', comment: '', previousNames: [], location })),
      settings: [],
      reconcile: { removedChannels: 'invalid', maxInvalidatePercent: DEFAULT_MAX_INVALIDATE_PERCENT, maxInvalidatePercentFromConfig: false },
      managesChannels: true,
      files: [],
    };
  };

  test.for(COLLATIONS)('%s: stored names (equal ones side by side), NFD names and new names get the same key either way', async (collation, { skip }) => {
    const t = await fresh();
    const charset = collation.split('_')[0]!;
    if (await t.rows(`SELECT CONVERT('a' USING ${charset}) COLLATE ${collation} AS probe`).then(() => false, () => true)) skip(`the server has no collation ${collation}`);
    // Without the unique keys, names the collation holds equal can be stored side by side, as on a database without them.
    await t.rows('ALTER TABLE `chat_channel` DROP INDEX `chat_channel_name`');
    await t.rows('ALTER TABLE `groups` DROP INDEX `groups_name`');
    for (const table of ['chat_channel', 'groups']) await t.rows(`ALTER TABLE \`${table}\` MODIFY name VARCHAR(200) CHARACTER SET ${charset} COLLATE ${collation} NOT NULL`);
    const fits = (s: string): boolean => charset === 'utf8mb4' || [...s].every((c) => c.codePointAt(0)! <= 0xffff);
    const tricky = ['a', 'a ', 'a  ', 'a\u00A0', 'A', 'a\u200B', 'Sales', 'sales', 'Straße', 'Strasse', 'Caf\u00E9', 'Cafe\u0301', '😀', '🙏'];
    const pool = [...new Set([...KNOWN_PAIRS.flat(), ...fc.sample(randomName, { numRuns: 300, seed: 23 }), ...tricky])].filter((n) => n !== '' && fits(n) && n.length <= 200);
    const stored = pool.filter((_, i) => i % 2 === 0);
    const storedGroups = stored.filter((_, i) => i % 5 === 0);
    await t.seed({ groups: storedGroups.map((name) => ({ name })), channels: stored.map((name) => ({ name, group: 'users' })) });
    const actual = await introspect(t.db);
    // Every name both ways: stored (NFC or not) and not stored, as channels and as groups.
    const names = [...pool, ...pool.map((n) => n.normalize('NFD'))];
    const desired = desiredOf(names, [...storedGroups, ...pool.slice(0, 40)]);

    const withRows = watching(t.db);
    const keysWithRows = await readNameKeys(withRows.db, actual, desired);
    // A copy of the state carries no weights: every name is asked about.
    const keysAsked = await readNameKeys(t.db, { ...actual }, desired);
    const differing = names.flatMap((n) => [
      ...(keysWithRows.channel(n) === keysAsked.channel(n) ? [] : [`channel ${JSON.stringify(n)}`]),
      ...(keysWithRows.group(n) === keysAsked.group(n) ? [] : [`group ${JSON.stringify(n)}`]),
    ]);
    expect(differing).toEqual([]);

    // One statement still (the probes), asking about no stored name that is already NFC.
    expect(withRows.params).toHaveLength(1);
    const asked = new Set<string>(JSON.parse(String(withRows.params[0]![0])));
    const nfcStored = stored.filter((n) => n.normalize('NFC') === n);
    expect(nfcStored.length).toBeGreaterThan(50);
    expect(nfcStored.filter((n) => asked.has(n))).toEqual([]);
  });

  test('a plan of 2,000 stored channels asks the server about none of their names', async () => {
    const t = await fresh();
    const names = Array.from({ length: 2000 }, (_, i) => `Kanal ${i}`);
    await t.seed({ channels: names.map((name) => ({ name, group: 'users' })) });
    const watched = watching(t.db);
    await readNameKeys(watched.db, await introspect(t.db), desiredOf(names, ['users']));
    expect(watched.params).toHaveLength(1);
    const asked: string[] = JSON.parse(String(watched.params[0]![0]));
    expect(asked.filter((n) => n.startsWith('Kanal'))).toEqual([]);
    expect(asked.length).toBeLessThan(10);
  });
}, { on: ['mariadb'] });
