import { describe, expect, it } from 'vitest';
import { exportConfig } from '../../src/export/export-config.js';
import { doubleQuoted, quoteForMessage, scalarStyle } from '../../src/export/scalar-style.js';
import { actual, row } from '../plan/builders.js';
import { readBackText } from './read-back.js';

/** The lines of an exported channel with this comment, from `comment:` to the end of the channel. */
function exportedComment(comment: string): string {
  const { text } = exportConfig(actual({ channels: [row(1, 'Lobby', { comment })] }));
  return text.slice(text.indexOf('    comment:'));
}

describe('each string is written in a style that reads back exactly', () => {
  const cases: [string, string][] = [
    ['yes', '"yes"'],
    ['on', '"on"'],
    ['1', '"1"'],
    ['0x1F', '"0x1F"'],
    ['1:20', '"1:20"'],
    ['2001-01-01', '"2001-01-01"'],
    ['~', '"~"'],
    ['null', '"null"'],
    ['True', '"True"'],
    ['#hash', '"#hash"'],
    ['- dash', '"- dash"'],
    [': colon', '": colon"'],
    ['a: b', '"a: b"'],
    ['see #3', '"see #3"'],
    ['say "hi"', 'say "hi"'],
    ["it's", "it's"],
    ['trailing space ', '"trailing space "'],
    [' leading space', '" leading space"'],
    ['tab\there', '"tab\\there"'],
    ['CR\r\nLF', '"CR\\r\\nLF"'],
    ['emoji 😀 and Grüße', 'emoji 😀 and Grüße'],
    ['NEL\u0085 LS\u2028 PS\u2029 BOM\uFEFF C1\u009B', '"NEL\\x85 LS\\u2028 PS\\u2029 BOM\\uFEFF C1\\x9B"'],
    ['bell\u0007 nul\u0000', '"bell\\x07 nul\\0"'],
    ['${HOME} stays literal', '$${HOME} stays literal'],
    ['$${already escaped}', '$$${already escaped}'],
    ['price: $5', '"price: $5"'],
  ];

  it.each(cases)('%j → %s', (comment, written) => {
    expect(exportedComment(comment)).toBe(`    comment: ${written}\n`);
    expect(readBackText(exportConfig(actual({ channels: [row(1, 'Lobby', { comment })] })).text).channels[0]?.comment).toBe(comment);
  });

  const blocks: [string, string][] = [
    ['two lines\nwith a final newline\n', '|\n      two lines\n      with a final newline\n'],
    ['two lines\nwithout a final newline', '|-\n      two lines\n      without a final newline\n'],
    ['kept newlines\n\n\n', '|+\n      kept newlines\n\n\n'],
    ['  indented first line\nsecond\n', '|2\n        indented first line\n      second\n'],
    ['# not a comment\n- not a list\n', '|\n      # not a comment\n      - not a list\n'],
  ];

  it.each(blocks)('multi-line %j → a literal block', (comment, written) => {
    expect(exportedComment(comment)).toBe(`    comment: ${written}`);
    expect(readBackText(exportConfig(actual({ channels: [row(1, 'Lobby', { comment })] })).text).channels[0]?.comment).toBe(comment);
  });

  it.each([
    ['a trailing space on a line (editors strip it)', 'one \ntwo\n'],
    ['a tab', 'one\n\ttwo\n'],
    ['CRLF line ends', 'one\r\ntwo\r\n'],
    ['a line of spaces only', 'one\n  \ntwo'],
    ['a line separator', 'one\n\u2028two'],
  ])('multi-line text with %s is double-quoted instead', (_what, comment) => {
    expect(scalarStyle(comment)).toBe('QUOTE_DOUBLE');
    expect(readBackText(exportConfig(actual({ channels: [row(1, 'Lobby', { comment })] })).text).channels[0]?.comment).toBe(comment);
  });

  it('ordinary text stays plain', () => {
    expect(scalarStyle('Orders and delivery')).toBe('PLAIN');
    expect(scalarStyle('Kundendienst Österreich')).toBe('PLAIN');
    expect(scalarStyle('')).toBe('QUOTE_DOUBLE');
  });
});

describe('doubleQuoted', () => {
  it('escapes what a reader would not see, and nothing printable', () => {
    expect(doubleQuoted('a\\b"c')).toBe('"a\\\\b\\"c"');
    expect(doubleQuoted('\u0001\u007F\u00A0é😀')).toBe('"\\x01\\x7F\u00A0é😀"');
    expect(doubleQuoted('\uFFFE\uD800')).toBe('"\\uFFFE\\uD800"');
  });
});

describe('quoteForMessage', () => {
  it('keeps a message on one line and cuts long text', () => {
    expect(quoteForMessage('two\nlines\u001B[31m')).toBe('"two\\nlines\\x1B[31m"');
    expect(quoteForMessage('x'.repeat(70))).toBe(`"${'x'.repeat(60)}…"`);
  });
});
