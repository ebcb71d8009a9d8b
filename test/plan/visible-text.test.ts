import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHidden, hasHiddenCharacter, quoteText } from '../../src/plan/visible-text.js';

/** Every character the brief of issue 10 names: zero-width, bidirectional controls, C0/C1 controls, other format characters. */
const NAMED = [
  '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF',
  '\u061C', '\u200E', '\u200F', '\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069',
  '\u0000', '\u001B', '\u007F', '\u0085', '\u009B', '\u00AD', '\u180E', '\u2028', '\u2029', '\uFE0F', '\u{E0041}',
];

describe('characters a terminal could hide', () => {
  it.each(NAMED.map((ch) => [`U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`, ch]))('escapes %s', (_name, ch) => {
    expect(hasHiddenCharacter(`a${ch}b`)).toBe(true);
    const shown = escapeHidden(`a${ch}b`);
    expect(shown).toMatch(/^a\\u(?:[0-9A-F]{4}|\{[0-9A-F]+\})b$/);
    expect(hasHiddenCharacter(shown)).toBe(false);
  });

  it('writes four upper-case hex digits, or braces beyond U+FFFF', () => {
    expect(escapeHidden('Sal\u200Bes\u202Eexe')).toBe('Sal\\u200Bes\\u202Eexe');
    expect(escapeHidden('tag\u{E0041}')).toBe('tag\\u{E0041}');
    expect(escapeHidden('lone \uD800')).toBe('lone \\uD800');
  });

  it('leaves printable text alone: letters of any script, emoji, spaces', () => {
    for (const text of ['Vertrieb Österreich', 'Продажи', '销售', 'مبيعات', '😀 Orders', 'a\u00A0b', 'tab\tkept?']) {
      expect(escapeHidden(text, '\t')).toBe(text);
    }
    expect(escapeHidden('tab\there')).toBe('tab\\u0009here');
  });

  it('quotes like JSON, with the hidden characters escaped as well', () => {
    expect(quoteText('Quote "VIP"\nline\\')).toBe(JSON.stringify('Quote "VIP"\nline\\'));
    expect(quoteText('a\u001Bb\u200Bc')).toBe('"a\\u001Bb\\u200Bc"');
    expect(quoteText('Österreich 😀')).toBe('"Österreich 😀"');
  });

  it('quotes so that the text reads back exactly (for text up to U+FFFF, as JSON)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const quoted = quoteText(text);
        expect(hasHiddenCharacter(quoted)).toBe(false);
        if (![...text].some((ch) => (ch.codePointAt(0) ?? 0) > 0xffff && hasHiddenCharacter(ch))) expect(JSON.parse(quoted)).toBe(text);
      }),
    );
  });
});
