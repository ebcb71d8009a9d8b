import fc from 'fast-check';

/**
 * Pairs of names for the differential test of name equality (name-equality.db.test.ts): text that
 * collations treat in surprising ways, and pairs that are near misses of each other, so that the
 * tool and the database are asked about equal and unequal pairs alike.
 */

/** Pieces a name is made of: letters of many scripts, with the characters collations fold, expand or ignore. */
const PIECES: readonly string[] = [
  // Latin, with case pairs and the letters that fold oddly
  'a', 'A', 'e', 'E', 's', 'S', 'i', 'I', 'İ', 'ı', 'k', 'K', '\u212A' /* KELVIN SIGN */, 'z', 'ǅ', 'ǆ', 'Ǆ',
  // accents, composed and decomposed
  'é', 'e\u0301', 'É', 'E\u0301', 'Å', 'A\u030A', '\u212B' /* ANGSTROM SIGN */, 'ñ', 'n\u0303', 'ü', 'u\u0308', 'ǖ', 'u\u0308\u0304', 'ạ', 'a\u0323',
  // expansions and ligatures
  'ß', 'ẞ', 'ss', 'SS', 'ﬁ', 'fi', 'ﬃ', 'ffi', 'Ĳ', 'IJ', 'æ', 'ae', 'Æ', 'œ', 'oe',
  // fullwidth and other compatibility forms
  'Ｓ', 'ａ', '１', '1', '²', '2', 'ℌ', 'Ⅳ', 'IV',
  // Greek, Cyrillic, Armenian, Georgian
  'α', 'Α', 'σ', 'ς', 'Σ', 'ά', 'α\u0301', 'д', 'Д', 'ё', 'е\u0308', 'Ё', 'ա', 'Ա', 'ა',
  // right-to-left scripts, Indic, Thai, CJK, Hangul (precomposed and in jamo)
  'ع', 'ش', 'ש', 'שׁ', 'क', 'ि', 'क्ष', 'ก', 'ำ', '漢', '字', '한', '\u1112\u1161\u11AB', 'カ', 'ｶ', 'が', 'か\u3099',
  // emoji, within and beyond the BMP, with modifiers and joiners
  '😀', '🙏', '👍', '👍🏽', '👨\u200D👩\u200D👧', '☺', '❤', '❤\uFE0F', '𝐀', '𐐀',
  // white space and what collations weigh like it or ignore
  ' ', ' ', '  ', '\u00A0', '\u2000', '\u3000', '\t', '-', '_', '.', "'",
  // invisible: zero-width, joiners, soft hyphen, bidirectional controls, variation selectors
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u202E', '\u2066', '\u034F', '\uFE0F',
];

/** Plain words, so that many names look like real channel names. */
const WORDS: readonly string[] = ['Sales', 'sales', 'SALES', 'Support', 'Chat', 'Café', 'Straße', 'Strasse', 'Kundendienst', 'Ärger', 'Łódź', 'İstanbul', 'Θεσσαλονίκη', 'Москва', 'サポート', '고객'];

const piece = fc.oneof({ arbitrary: fc.constantFrom(...PIECES), weight: 4 }, { arbitrary: fc.constantFrom(...WORDS), weight: 1 });

/** A name of up to 8 pieces (at most a few dozen characters, well inside VARCHAR(200)). */
export const name: fc.Arbitrary<string> = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));

/** Edits that keep a name "nearly the same": what a collation may or may not ignore. */
const EDITS: readonly ((text: string, at: number, extra: string) => string)[] = [
  (t, at) => flipCase(t, at),
  (t) => t.toUpperCase(),
  (t) => t.toLowerCase(),
  (t) => t.normalize('NFD'),
  (t) => t.normalize('NFKC'),
  (t, at, extra) => insertAt(t, at, extra),
  (t, _at, extra) => `${t}${extra}`,
  (t) => `${t} `,
  (t) => `${t}\u00A0`,
  (t) => t.replace(/ +$/u, ''),
  (t) => t.replaceAll('ß', 'ss'),
  (t) => t.replaceAll('ss', 'ß'),
  (t) => t.replace(/[😀🙏👍]/u, (e) => (e === '😀' ? '🙏' : '😀')),
  (t) => t.replace(/[a-zA-Z]/u, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0)),
  (t) => t.replace(/\p{M}/gu, ''),
  (t, at) => removeAt(t, at),
];

/** Characters an edit inserts or appends. */
const INSERTS: readonly string[] = ['\u200B', '\u2060', '\uFEFF', '\u00AD', '\u200E', '\u034F', ' ', '\u00A0', '\u0301', 'ﬁ', 'ß', '😀'];

/** A name and an edited copy of it (1–3 edits). */
const nearPair: fc.Arbitrary<[string, string]> = fc
  .tuple(name, fc.array(fc.tuple(fc.nat(EDITS.length - 1), fc.nat(40), fc.constantFrom(...INSERTS)), { minLength: 1, maxLength: 3 }))
  .map(([a, edits]) => [a, edits.reduce((t, [edit, at, extra]) => EDITS[edit]!(t, at, extra), a)]);

/** Mostly near pairs; some unrelated ones, which are almost always unequal. */
export const namePair: fc.Arbitrary<[string, string]> = fc.oneof({ arbitrary: nearPair, weight: 9 }, { arbitrary: fc.tuple(name, name), weight: 1 });

/** Pairs every run checks: the cases issue 10 was found with, on each collation. */
export const KNOWN_PAIRS: readonly [string, string][] = [
  ['Chat 😀', 'Chat 🙏'],
  ['Straße', 'Strasse'],
  ['Sales\u200B', 'Sales'],
  ['Café Support', 'Cafe\u0301 Support'],
  ['a \u200B', 'a'],
  ['a\u00A0', 'a'],
  ['Sales ', 'Sales'],
  ['Ｓａｌｅｓ', 'Sales'],
  ['ﬃ', 'ffi'],
  ['İstanbul', 'istanbul'],
  ['σ', 'ς'],
  ['', ' '],
];

function flipCase(text: string, at: number): string {
  const chars = [...text];
  const i = chars.length === 0 ? 0 : at % chars.length;
  const c = chars[i];
  if (c === undefined) return text;
  chars[i] = c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase();
  return chars.join('');
}

function insertAt(text: string, at: number, extra: string): string {
  const chars = [...text];
  const i = at % (chars.length + 1);
  return [...chars.slice(0, i), extra, ...chars.slice(i)].join('');
}

function removeAt(text: string, at: number): string {
  const chars = [...text];
  if (chars.length === 0) return text;
  const i = at % chars.length;
  return [...chars.slice(0, i), ...chars.slice(i + 1)].join('');
}

/** Code points as `U+0041 U+0301`, for a failure message that shows what the eye cannot. */
export function codePoints(text: string): string {
  return [...text].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ') || '(empty)';
}
