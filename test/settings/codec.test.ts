import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import type { SettingType } from '../../src/settings/catalog.js';
import { decodeEffectiveValue, dumpYamlString, encodeEffectiveValue, settingValuesEqual } from '../../src/settings/codec.js';

// Produced by YAML::XS 0.86 / libyaml 0.2.5 as OTRS's Kernel::System::YAML::Dump calls it (see the
// file's first line). Lines starting with # are comments; a vector line is two JSON strings, so it
// always starts with a double quote and can never be taken for a comment. A missing file must fail, never skip.
const VECTORS_URL = new URL('../fixtures/settings/otrs-yaml-vectors.tsv', import.meta.url);
const vectors = readFileSync(VECTORS_URL, 'utf8')
  .split('\n')
  .filter((line) => line !== '' && !line.startsWith('#'))
  .map((line) => {
    const [value, stored, extra] = line.split('\t');
    if (!line.startsWith('"') || value === undefined || stored === undefined || extra !== undefined) throw new Error(`bad vector line: ${line}`);
    return { value: JSON.parse(value) as string, stored: JSON.parse(stored) as string };
  });

describe('the vectors OTRS wrote (YAML::XS 0.86 / libyaml 0.2.5)', () => {
  test('are all there', () => {
    expect(vectors).toHaveLength(68);
  });

  test.each(vectors)('$value', ({ value, stored }) => {
    expect(dumpYamlString(value)).toBe(stored);
    expect(encodeEffectiveValue('text', value)).toBe(stored);
    expect(decodeEffectiveValue('text', stored)).toEqual({ ok: true, value });
    expect(decodeEffectiveValue('text', stored.slice(0, -1))).toEqual({ ok: true, value });
  });
});

describe('docs/otrs.md: what OTRS stores', () => {
  test.each<[SettingType, boolean | number | string, string]>([
    ['boolean', false, "--- '0'\n"],
    ['boolean', true, "--- '1'\n"],
    ['group', 'users', '--- users\n'],
    ['group', 'admin', '--- admin\n'],
    ['text', 'Default channel', '--- Default channel\n'],
    ['text', '', "--- ''\n"],
    ['group-or-empty', '', "--- ''\n"],
    ['non-negative-integer', 48, "--- '48'\n"],
    ['non-negative-integer', 720, "--- '720'\n"],
    ['non-negative-integer', 0, "--- '0'\n"],
    ['text', 'Straße', '--- Straße\n'],
    ['text', '日本語', '--- 日本語\n'],
  ])('%s %j is stored as %j', (type, value, stored) => {
    expect(encodeEffectiveValue(type, value)).toBe(stored);
    expect(decodeEffectiveValue(type, stored)).toEqual({ ok: true, value });
  });
});

describe('decoding reads any YAML form and compares values', () => {
  test.each(["--- '1'\n", "--- '1'", '--- 1\n', "---\n'1'\n", "'1'", '1', '--- "1"\n', "# note\n--- '1' # on\n", "--- '1'\n...\n", '--- 1\r\n', '--- !!str 1\n', "\uFEFF--- '1'\n"])(
    'checkbox on from %j',
    (text) => {
      expect(decodeEffectiveValue('boolean', text)).toEqual({ ok: true, value: true });
    },
  );

  test('double-quoted escapes', () => {
    expect(decodeEffectiveValue('text', '--- "emoji \\U0001F600 \\x41\\u00e9\\t\\N\\_\\L\\P\\e\\0"\n')).toEqual({
      ok: true,
      value: 'emoji 😀 Aé\t\u0085\u00a0\u2028\u2029\u001b\0',
    });
  });

  test('YAML::XS resolves only ~, null, true and false in plain scalars', () => {
    expect(decodeEffectiveValue('text', '--- ~\n')).toEqual({ ok: true, value: '' });
    expect(decodeEffectiveValue('text', '--- null\n')).toEqual({ ok: true, value: '' });
    expect(decodeEffectiveValue('text', '---\n')).toEqual({ ok: true, value: '' });
    expect(decodeEffectiveValue('text', '--- false\n')).toEqual({ ok: true, value: '' });
    expect(decodeEffectiveValue('text', '--- true\n')).toEqual({ ok: true, value: '1' });
    expect(decodeEffectiveValue('text', "--- 'null'\n")).toEqual({ ok: true, value: 'null' });
    for (const text of ['Null', 'NULL', 'True', 'yes', 'on', 'y', '0x1F', '.inf', '=']) {
      expect(decodeEffectiveValue('text', `--- ${text}\n`)).toEqual({ ok: true, value: text });
    }
  });

  test('a plain `true` is Perl true, the 1 that OTRS checkbox accepts; quoted it is text', () => {
    expect(decodeEffectiveValue('boolean', '--- true\n')).toEqual({ ok: true, value: true });
    expect(decodeEffectiveValue('boolean', "--- 'true'\n")).toMatchObject({ ok: false });
    expect(decodeEffectiveValue('boolean', '--- false\n')).toMatchObject({ ok: false });
  });

  test('integers: digits only, leading zeros allowed, up to the largest safe integer', () => {
    expect(decodeEffectiveValue('non-negative-integer', "--- '48'\n")).toEqual({ ok: true, value: 48 });
    expect(decodeEffectiveValue('non-negative-integer', '--- 48\n')).toEqual({ ok: true, value: 48 });
    expect(decodeEffectiveValue('non-negative-integer', "--- '007'\n")).toEqual({ ok: true, value: 7 });
    expect(decodeEffectiveValue('non-negative-integer', "--- '9007199254740991'\n")).toEqual({ ok: true, value: Number.MAX_SAFE_INTEGER });
  });

  test('empty values: text and group-or-empty read them as empty text', () => {
    for (const text of ["--- ''\n", '--- ~\n', '---\n']) {
      expect(decodeEffectiveValue('group-or-empty', text)).toEqual({ ok: true, value: '' });
      expect(decodeEffectiveValue('text', text)).toEqual({ ok: true, value: '' });
    }
  });

  test('anchors and string tags are read like YAML::XS reads them', () => {
    expect(decodeEffectiveValue('text', '--- &a users\n')).toEqual({ ok: true, value: 'users' });
    expect(decodeEffectiveValue('non-negative-integer', '--- !!str 48\n')).toEqual({ ok: true, value: 48 });
    expect(decodeEffectiveValue('text', '--- !!str true\n')).toEqual({ ok: true, value: 'true' });
  });
});

describe('decoding rejects what the setting type or YAML rejects', () => {
  test.each<[SettingType, string | null, RegExp]>([
    ['boolean', "--- '2'\n", /^checkbox value must be 0 or 1, found "2"$/],
    ['boolean', '--- yes\n', /checkbox value must be 0 or 1, found "yes"/],
    ['boolean', '--- ~\n', /checkbox value must be 0 or 1, found nothing/],
    ['boolean', "--- ' 1'\n", /checkbox value must be 0 or 1/],
    ['non-negative-integer', '--- abc\n', /digits only.*"abc"/],
    ['non-negative-integer', "--- '-5'\n", /digits only/],
    ['non-negative-integer', "--- '1.0'\n", /digits only/],
    ['non-negative-integer', "--- ''\n", /digits only/],
    ['non-negative-integer', '--- ~\n', /digits only.*nothing/],
    ['non-negative-integer', "--- '9007199254740992'\n", /largest safe integer/],
    ['group', "--- ''\n", /^empty/],
    ['group', '--- ~\n', /^empty/],
    ['text', null, /^empty/],
    ['text', '', /^empty$/],
    ['text', '# only a comment\n', /^empty$/],
    ['text', "--- 'abc\n", /^not valid YAML/],
    ['text', '--- "\\q"\n', /^not valid YAML.*escape/],
    ['text', '--- \u0001\n', /^not valid YAML: control character U\+0001/],
    ['text', '--- a\n--- b\n', /more than one YAML document/],
    ['text', '--- [a, b]\n', /^not a single value: found a YAML list/],
    ['text', '- a\n', /^not a single value: found a YAML list/],
    ['text', 'a: b\n', /^not a single value: found a YAML map/],
    ['text', '--- a: b\n', /^not a single value: found a YAML map/],
    ['text', '--- {a: 1}\n', /^not a single value: found a YAML map/],
    ['text', '--- !!int 48\n', /unsupported YAML tag/],
    ['text', '\t--- x\n', /^not valid YAML: found a tab/],
  ])('%s from %j', (type, text, reason) => {
    const result = decodeEffectiveValue(type, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('encoding refuses values the type rejects (a bug upstream)', () => {
  test.each<[SettingType, boolean | number | string]>([
    ['boolean', 'yes'],
    ['boolean', 1],
    ['non-negative-integer', -1],
    ['non-negative-integer', 1.5],
    ['non-negative-integer', Number.MAX_SAFE_INTEGER + 1],
    ['non-negative-integer', Number.NaN],
    ['non-negative-integer', '48'],
    ['group', ''],
    ['group', true],
    ['text', 5],
  ])('%s %j', (type, value) => {
    expect(() => encodeEffectiveValue(type, value)).toThrow(TypeError);
  });

  test('a lone UTF-16 surrogate has no UTF-8 form', () => {
    expect(() => dumpYamlString('a\uD800b')).toThrow(RangeError);
  });

  test('-0 is stored as 0', () => {
    expect(encodeEffectiveValue('non-negative-integer', -0)).toBe("--- '0'\n");
  });
});

/**
 * Long and multi-line text, as libyaml 0.2.5 writes it (expected output produced with libyaml
 * itself, given YAML::XS's style choice): it folds plain and quoted text at a space past column
 * 80, continuing on a line indented by 2, and writes multi-line text over 30 bytes as a block.
 */
describe('libyaml line folding and block scalars', () => {
  const word40 = 'word '.repeat(40).trim();
  test.each<[string, string]>([
    [
      'Our support agents answer chat requests from customers and public users on weekdays between eight in the morning and six in the evening, except on public holidays.',
      '--- Our support agents answer chat requests from customers and public users on weekdays\n  between eight in the morning and six in the evening, except on public holidays.\n',
    ],
    [word40, `--- ${'word '.repeat(16).trim()}\n  ${'word '.repeat(16).trim()}\n  ${'word '.repeat(8).trim()}\n`],
    [`${'x'.repeat(77)} y z`, `--- ${'x'.repeat(77)}\n  y z\n`],
    [`${'x'.repeat(76)} y z`, `--- ${'x'.repeat(76)} y\n  z\n`],
    [
      "# Channel for it's urgent questions from customers: please keep it short and friendly, and hand over to the second level when needed.",
      "--- '# Channel for it''s urgent questions from customers: please keep it short and\n  friendly, and hand over to the second level when needed.'\n",
    ],
    [
      `Ärger: ${'sehr lange Zeile '.repeat(9).trim()}`,
      "--- 'Ärger: sehr lange Zeile sehr lange Zeile sehr lange Zeile sehr lange Zeile sehr\n  lange Zeile sehr lange Zeile sehr lange Zeile sehr lange Zeile sehr lange Zeile'\n",
    ],
    [`Tab\t${'x'.repeat(76)}  end`, `--- "Tab\\t${'x'.repeat(76)}\n  \\ end"\n`],
    [
      'Wien – Graz 🇦🇹 and many other cities of Austria are served by this channel during all opening hours of the shop',
      '--- "Wien – Graz \\U0001F1E6\\U0001F1F9 and many other cities of Austria are served\n  by this channel during all opening hours of the shop"\n',
    ],
    ['Line one of a longer message\nLine two\nLine three', '--- |-\n  Line one of a longer message\n  Line two\n  Line three\n'],
    ['Line one of a longer message\nLine two\n', '--- |\n  Line one of a longer message\n  Line two\n'],
    ['A message that ends with blank lines\n\n', '--- |+\n  A message that ends with blank lines\n\n...\n'],
    ['  indented first line of text here\nsecond', '--- |2-\n    indented first line of text here\n  second\n'],
    ['1\n', "--- '1\n\n  '\n"],
    ['-\n', "--- '-\n\n  '\n"],
    ['x\u2028y', "--- 'x\u2028  y'\n"],
  ])('%j', (text, stored) => {
    expect(dumpYamlString(text)).toBe(stored);
    expect(decodeEffectiveValue('text', stored)).toEqual({ ok: true, value: text });
  });

  test('the folded forms read back with the yaml package too', () => {
    const text = 'Our support agents answer chat requests from customers and public users on weekdays between eight in the morning and six in the evening.';
    for (const variant of [text, `#${text}`, `${text}\t`, `${text}\n${text}`]) {
      const stored = dumpYamlString(variant);
      expect(stored.split('\n').length).toBeGreaterThan(2);
      expect(parseDocument(stored, { schema: 'failsafe' }).toJS()).toBe(variant);
    }
  });

  test('deviation: a literal block ending in one LS would lack the final newline, so it is double-quoted', () => {
    // libyaml itself writes "--- |\n  a long line before the separator here\n  last\u2028".
    const text = 'a long line before the separator here\nlast\u2028';
    expect(dumpYamlString(text)).toBe('--- "a long line before the separator here\\nlast\\L"\n');
    expect(decodeEffectiveValue('text', '--- |\n  a long line before the separator here\n  last\u2028')).toEqual({ ok: true, value: text });
  });
});

describe('settingValuesEqual', () => {
  test.each<[boolean | number | string, boolean | number | string, boolean]>([
    [true, true, true],
    [false, true, false],
    [48, 48, true],
    [0, -0, true],
    ['users', 'users', true],
    ['users', 'Users', false],
    [1, '1', false],
    [true, 1, false],
    ['', false, false],
  ])('%j and %j: %s', (a, b, equal) => {
    expect(settingValuesEqual(a, b)).toBe(equal);
  });
});

/** Characters that decide YAML styles, so random text hits every rule and fold. */
const SIGNIFICANT = [
  ' ', ' ', ' ', ' ', '\n', '\n', '\t', '\r', "'", '"', '\\', '#', ':', '-', '?', ',', '[', '{', '&', '*', '!', '|', '>',
  '%', '@', '`', '~', '.', 'e', '0', '1', '9', '+', 'a', 'b', 'word', 'ß', '中', '\u00a0', '\u0085', '\u2028', '\u2029',
  '\ufeff', '\u200b', '\u{1F600}', '\0', '\u0007', '\uffff', 'nan', 'inf', 'true', 'null',
];
const texts = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 250 }),
  fc.string({ unit: fc.constantFrom(...SIGNIFICANT), maxLength: 120 }),
  fc.array(fc.constantFrom('word', 'a', 'longer-word', "it's", 'x:y', '中文', '  ', ' ', ' ', ' ', '\n', '\u2028'), { maxLength: 80 }).map((parts) => parts.join(' ')),
);

describe('properties', () => {
  test('any text: one document, one final newline, read back exactly', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const stored = encodeEffectiveValue('text', text);
        expect(stored.startsWith('--- ')).toBe(true);
        expect(stored).toMatch(/[^\n]\n$/);
        expect(decodeEffectiveValue('text', stored)).toEqual({ ok: true, value: text });
        expect(decodeEffectiveValue('group-or-empty', stored)).toEqual({ ok: true, value: text });
      }),
      { numRuns: 3000 },
    );
  });

  test('any text: the yaml package reads the stored form back too (where YAML 1.1 and 1.2 agree)', () => {
    fc.assert(
      fc.property(texts, (text) => {
        const stored = dumpYamlString(text);
        // YAML 1.2 does not count LS/PS as line breaks: only libyaml-like readers get those right.
        fc.pre(!/[\u2028\u2029]/.test(stored));
        const doc = parseDocument(stored, { schema: 'failsafe' });
        expect(doc.errors).toEqual([]);
        expect(doc.toJS()).toBe(text);
      }),
      { numRuns: 3000 },
    );
  });

  test('any non-empty group name round-trips', () => {
    fc.assert(
      fc.property(texts.filter((t) => t !== ''), (name) => {
        expect(decodeEffectiveValue('group', encodeEffectiveValue('group', name))).toEqual({ ok: true, value: name });
      }),
      { numRuns: 500 },
    );
  });

  test('non-negative safe integers are stored as quoted digits and read back', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (n) => {
        const stored = encodeEffectiveValue('non-negative-integer', n);
        expect(stored).toBe(`--- '${n}'\n`);
        expect(decodeEffectiveValue('non-negative-integer', stored)).toEqual({ ok: true, value: n });
      }),
    );
  });

  test('booleans round-trip', () => {
    fc.assert(
      fc.property(fc.boolean(), (b) => {
        expect(decodeEffectiveValue('boolean', encodeEffectiveValue('boolean', b))).toEqual({ ok: true, value: b });
      }),
    );
  });
});
