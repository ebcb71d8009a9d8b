import { describe, expect, test } from 'vitest';
import { UnsupportedDatabaseError } from '../../../src/errors.js';
import { MYSQL_MAX_PARAMETERS } from '../../../src/db/dialects/mysql-chunks.js';
import { characterSetOf, nameKeysFromRows, nameKeyStatements, type NameKeyRow } from '../../../src/db/dialects/mysql-name-keys.js';

/**
 * The statement that asks MySQL/MariaDB for name keys, and how its rows become keys, without a
 * server (test/db/name-keys.db.test.ts and name-equality.db.test.ts ask real ones).
 */
describe('nameKeyStatements', () => {
  test('one statement for every name, one placeholder each after two probes, the collations quoted', () => {
    const [only, ...more] = nameKeyStatements(['Sales', 'Chat 😀'], ['utf8mb4_unicode_ci', 'utf8mb3_general_ci']);
    expect(more).toEqual([]);
    expect(only?.params).toEqual([' ', '  ', 'Sales', 'Chat 😀']);
    expect(only?.sql.split('?').length).toBe(5);
    expect(only?.sql).toContain('WEIGHT_STRING(CONVERT(t.n USING `utf8mb4`) COLLATE `utf8mb4_unicode_ci`)) AS k0');
    expect(only?.sql).toContain('WEIGHT_STRING(CONVERT(t.n USING `utf8mb3`) COLLATE `utf8mb3_general_ci`)) AS k1');
    expect(only?.sql).toMatch(/^SELECT t\.i, .* FROM \(SELECT 0 AS i, \? AS n UNION ALL SELECT 1, \? UNION ALL SELECT 2, \? UNION ALL SELECT 3, \?\) AS t ORDER BY t\.i$/);
  });

  test('more names than 65,535 placeholders hold take a second statement; every name once, in order', () => {
    const names = Array.from({ length: 70_000 }, (_, i) => `n${i}`);
    const statements = nameKeyStatements(names, ['utf8mb4_general_ci']);
    expect(statements).toHaveLength(2);
    for (const s of statements) expect(s.params.length).toBeLessThanOrEqual(MYSQL_MAX_PARAMETERS);
    expect(statements.flatMap((s) => s.params.slice(2))).toEqual(names);
  });

  test('a collation is named after its character set', () => {
    expect(['utf8mb4_uca1400_ai_ci', 'utf8_general_ci', 'utf8mb3_bin'].map(characterSetOf)).toEqual(['utf8mb4', 'utf8', 'utf8mb3']);
  });
});

describe('nameKeysFromRows', () => {
  /** Rows as the server gives them: the probes' weights first, then each name's weights and whether it fits. */
  const rows = (space: string, twoSpaces: string, pads: boolean, names: readonly [string, boolean?][]): NameKeyRow[] => [
    { i: 0, k0: space, f0: 1, p0: pads ? 1 : 0 },
    { i: 1, k0: twoSpaces, f0: 1, p0: pads ? 1 : 0 },
    ...names.map(([weights, fits = true], n) => ({ i: n + 2, k0: weights, f0: fits ? 1 : 0, p0: pads ? 1 : 0 })),
  ];

  test('under PAD SPACE, trailing space weights do not count, whatever character left them (a space, U+00A0, a space before U+200B)', () => {
    // utf8mb4_unicode_ci: 'a' = 0E33, ' ' = 0209; 'a ' and 'a \u200B' both weigh 0E33 0209.
    const [keys] = nameKeysFromRows(['a', 'a ', 'a \u200B', 'a b'], ['utf8mb4_unicode_ci'], [rows('0209', '02090209', true, [['0E33'], ['0E330209'], ['0E330209'], ['0E3302090E4A']])]);
    expect([...keys!.values()]).toEqual(['w:0E33', 'w:0E33', 'w:0E33', 'w:0E3302090E4A']);
  });

  test('strips every trailing space unit of 3-byte weights (utf8mb4_bin), and only those', () => {
    // 'x' weighs 000078, ' ' 000020, U+2000 (EN QUAD) 002000: a space to the eye, not to the collation.
    const [keys] = nameKeysFromRows(['x  ', 'x\u2000', 'x'], ['utf8mb4_bin'], [rows('000020', '000020000020', true, [['000078000020000020'], ['000078002000'], ['000078']])]);
    expect([...keys!.values()]).toEqual(['w:000078', 'w:000078002000', 'w:000078']);
  });

  test('under NO PAD, every weight counts', () => {
    const [keys] = nameKeysFromRows(['a', 'a '], ['utf8mb4_nopad_bin'], [rows('000020', '000020000020', false, [['000061'], ['000061000020']])]);
    expect([...keys!.values()]).toEqual(['w:000061', 'w:000061000020']);
  });

  test('a name the character set cannot hold equals only itself', () => {
    const [keys] = nameKeysFromRows(['Chat 😀', 'Chat ?'], ['utf8mb3_general_ci'], [rows('0020', '00200020', true, [['00430048004100540020003F', false], ['00430048004100540020003F']])]);
    expect([...keys!.values()]).toEqual(['x:Chat 😀', 'w:00430048004100540020003F']);
  });

  test('keys of names split over two statements line up with the names', () => {
    const first = rows('0020', '00200020', true, [['0041']]);
    const second = rows('0020', '00200020', true, [['0042'], ['00410020']]);
    const [keys] = nameKeysFromRows(['a', 'b', 'a '], ['utf8mb4_general_ci'], [first, second]);
    expect(Object.fromEntries(keys!)).toEqual({ a: 'w:0041', b: 'w:0042', 'a ': 'w:0041' });
  });

  test('a padding collation that weighs on several levels is refused, not guessed', () => {
    // utf8mb4_uca1400_as_cs: ' ' weighs 0209 | 0020 | 0002, two spaces 02090209 | 00200020 | 00020002.
    const run = (): unknown => nameKeysFromRows(['a'], ['utf8mb4_uca1400_as_cs'], [rows('020900200002', '020902090020002000020002', true, [['207500200002']])]);
    expect(run).toThrow(UnsupportedDatabaseError);
    expect(run).toThrow(/the collation utf8mb4_uca1400_as_cs compares names on several levels and ignores trailing spaces/);
  });
});
