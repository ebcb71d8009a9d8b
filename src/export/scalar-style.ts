import { parse, stringify } from 'yaml';

/** How one string is written in an exported file; the `yaml` package's names for the styles. */
export type ScalarStyle = 'PLAIN' | 'BLOCK_LITERAL' | 'QUOTE_DOUBLE';

/**
 * Characters written as themselves: YAML's printable set without the ones that look like
 * nothing or like a line break to some reader (tab, byte-order mark, NEL, LS, PS, C1 controls).
 * Everything else is escaped inside double quotes, so a file never carries an invisible byte.
 */
const SHOWN_AS_IS = /^[\x20-\x7E\xA0-\u2027\u202A-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]$/u;

/** Escapes a reader of double-quoted YAML (and of JSON) understands at a glance. */
const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\0': '\\0', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/**
 * The style a string is exported in, chosen so that the config reader gets exactly the string
 * back and no other YAML reader takes it for something else:
 * - plain when it is one line of ordinary characters that reads back as this very text in
 *   YAML 1.2 and 1.1 (so `yes`, `on`, `1:20` and `2001-01-01` are quoted, not only `true`, `1`, `~`);
 * - a literal block (`|`) for several lines of ordinary characters with no white space at a
 *   line's end (editors strip that silently), when it reads back exactly;
 * - otherwise double-quoted, with escapes.
 */
export function scalarStyle(text: string): ScalarStyle {
  if (isPlainSafe(text)) return 'PLAIN';
  if (isLiteralSafe(text)) return 'BLOCK_LITERAL';
  return 'QUOTE_DOUBLE';
}

function isPlainSafe(text: string): boolean {
  if (text === '' || !onlyShownAsIs(text)) return false;
  // The `yaml` package quotes or folds what a plain scalar cannot hold (`: `, ` #`, a leading `-`, ...).
  if (stringify(text, { lineWidth: 0 }) !== `${text}\n`) return false;
  return readsBackAs(`${text}\n`, text);
}

function isLiteralSafe(text: string): boolean {
  if (!text.includes('\n') || /[ ](?:\n|$)/.test(text)) return false;
  if (!text.split('\n').every(onlyShownAsIs)) return false;
  const rendered = stringify({ v: text }, { lineWidth: 0, blockQuote: 'literal', defaultKeyType: 'PLAIN', defaultStringType: 'BLOCK_LITERAL' });
  return rendered.startsWith('v: |') && readsBackAs(rendered, { v: text });
}

function onlyShownAsIs(text: string): boolean {
  for (const ch of text) if (!SHOWN_AS_IS.test(ch)) return false;
  return true;
}

/** True when YAML 1.2 (core, as the config reader reads) and YAML 1.1 both read `yaml` as `expected`. */
function readsBackAs(yaml: string, expected: unknown): boolean {
  const want = JSON.stringify(expected);
  try {
    return (
      JSON.stringify(parse(yaml, { version: '1.2', schema: 'core', strict: true })) === want &&
      JSON.stringify(parse(yaml, { version: '1.1', strict: true })) === want
    );
  } catch {
    return false;
  }
}

/**
 * A YAML double-quoted scalar for any text, on one line: `\\`, `"`, NUL, tab, LF and CR by
 * name, anything not shown as is by its code (`\x85`, `\u2028`, `\U0001F600` never: astral
 * characters are printable and stay as they are). The text round-trips through any YAML reader.
 */
export function doubleQuoted(text: string): string {
  let out = '"';
  for (const ch of text) out += NAMED_ESCAPES[ch] ?? (SHOWN_AS_IS.test(ch) ? ch : codeEscape(ch));
  return `${out}"`;
}

function codeEscape(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = cp.toString(16).toUpperCase();
  if (cp <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (cp <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/**
 * Text for a one-line message (a warning in a file's header and on stderr): double-quoted with
 * the same escapes, so a name with a line break or a terminal control sequence stays one
 * harmless line; cut after `max` characters.
 */
export function quoteForMessage(text: string, max = 60): string {
  const points = Array.from(text);
  return points.length > max ? `${doubleQuoted(points.slice(0, max).join('')).slice(0, -1)}…"` : doubleQuoted(text);
}
