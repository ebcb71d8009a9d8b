import { describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { readScalarDocument } from '../../src/settings/libyaml-reader.js';

/** Expected values are what libyaml 0.2.5's own parser gives for each document. */
describe('readScalarDocument reads like libyaml (YAML 1.1)', () => {
  test.each<[string, string]>([
    ["--- 'a\u2028  b'\n", 'a\u2028b'],
    ["--- 'a \u2028 b'\n", 'a\u2028b'],
    ["--- 'a\n\u2028  b'\n", 'a\u2028b'],
    ["--- 'a\u2028\n  b'\n", 'a\u2028\nb'],
    ['--- |-\n  ab\u2028  cd\n', 'ab\u2028cd'],
    ['--- >-\n  ab\n  cd\u2029  ef\n', 'ab cd\u2029ef'],
    ['--- "a\u0085  b"\n', 'a b'],
    ['--- a\u2028b\n', 'a\u2028b'],
    ["--- 'a\rb'\n", 'a b'],
    ['--- |\n  abc', 'abc'],
    ['--- |+\n  abc\n\n', 'abc\n\n'],
    ['--- >\n  a\n  b\n\n  c\n', 'a b\nc\n'],
    ['--- "a\\\n   b"\n', 'ab'],
    ["--- 'it''s'\n", "it's"],
    ['--- |2-\n    x\n  y\n', '  x\ny'],
    ['--- a\n  b\n\n  c\n', 'a b\nc'],
    ['--- \ta\n', 'a'],
  ])('%j', (text, value) => {
    expect(readScalarDocument(text)).toMatchObject({ ok: true, value });
  });

  test('the yaml package (YAML 1.2) reads LS and a lone CR differently, which is why this reader exists', () => {
    expect(parseDocument("--- 'a\u2028  b'\n", { schema: 'failsafe' }).toJS()).toBe('a\u2028  b');
    expect(parseDocument('--- |\n  abc', { schema: 'failsafe' }).toJS()).toBe('abc\n');
  });

  test.each<[string, string]>([
    ['--- a\n--- b\n', 'invalid'],
    ['\tx\n', 'invalid'],
    ["--- 'a\n--- b'\n", 'invalid'],
    ['--- |0\n  a\n', 'invalid'],
    ['--- |\n\ta\n', 'invalid'],
    ['--- x\n  y\n z: 1\n', 'not-a-scalar'],
    ['--- [a]\n', 'unsupported'],
    ['--- &a x\n', 'unsupported'],
    ['%YAML 1.1\n--- x\n', 'unsupported'],
    ['# nothing\n', 'empty'],
  ])('%j fails as %s', (text, failure) => {
    expect(readScalarDocument(text)).toMatchObject({ ok: false, failure });
  });
});
