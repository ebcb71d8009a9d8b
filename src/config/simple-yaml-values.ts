import type { SourceLocation } from '../model/source-location.js';
import type { ScalarNode, SourceNode } from './source-node.js';

/**
 * The one-line values and the keys of the config reader's fast path (src/config/simple-yaml.ts):
 * plain text, quoted text, a small decimal integer, a boolean, null, and flow lists of those.
 * Whatever else a value holds gives `undefined`, and the whole file goes to the YAML parser.
 */

/** A value read from a line, and where the line goes on after it. */
export interface ReadValue {
  readonly node: SourceNode;
  readonly end: number;
}

/** The place of a column (0-based) of the line being read. */
export type Place = (column: number) => SourceLocation;

const SPACE = 32;
const COMMA = 44;
const COLON = 58;
const CLOSE_BRACKET = 93;

/**
 * Plain scalars the core schema reads as something other than text (yaml's `core` tags, in one
 * expression). The few read here are below; the others go to the parser.
 */
const NOT_TEXT =
  /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|[-+]?[0-9]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*))$/;
/** Decimal integers that read back exactly as numbers. */
const SMALL_INTEGER = /^[0-9]{1,15}$/;
const NULL_WORD = /^(?:~|[Nn]ull|NULL)$/;
const TRUE_WORD = /^(?:[Tt]rue|TRUE)$/;
const FALSE_WORD = /^(?:[Ff]alse|FALSE)$/;

/** Characters that cannot start a plain scalar or key here (YAML's indicators; quotes are read apart). */
const INDICATORS = new Set('-?:,[]{}#&*!|>\'"%@`'.split(''));
/** Inside a flow list a plain item may not hold these; the parser handles what is left. */
const FLOW_UNSAFE = /[,[\]{}#:]/;

/** YAML refuses implicit keys over 1024 characters; well below that is left to the parser. */
const MAX_KEY_LENGTH = 1000;

/** A value that starts at `from` of a block mapping or list entry: quoted, a one-line flow list, or plain. */
export function readValue(line: string, from: number, at: Place): ReadValue | undefined {
  const first = line[from] ?? '';
  if (first === '"' || first === "'") return readQuoted(line, from, at);
  if (first === '[') return readFlowList(line, from, at);
  if (INDICATORS.has(first)) return undefined;
  // A plain value runs to a comment or the end of the line.
  const comment = line.indexOf(' #', from);
  const end = comment === -1 ? line.length : comment;
  let last = end;
  while (line.charCodeAt(last - 1) === SPACE) last--;
  const text = line.slice(from, last);
  // `a: b: c` and `a: b:` are the parser's (errors, or a mapping).
  if (text.includes(': ') || text.charCodeAt(text.length - 1) === COLON) return undefined;
  const node = plainScalar(text, at(from));
  return node && { node, end };
}

/** A key taken as written: plain text, not an indicator, not read as a number or boolean, not padded. */
export function isPlainKey(key: string): boolean {
  return (
    key.length > 0 &&
    key.length <= MAX_KEY_LENGTH &&
    !INDICATORS.has(key[0] ?? '') &&
    key.charCodeAt(key.length - 1) !== SPACE &&
    !NOT_TEXT.test(key)
  );
}

/** `"text"` without escapes, or `'text'` with `''` for a quote, closed on the same line. */
function readQuoted(line: string, from: number, at: Place): ReadValue | undefined {
  const quote = line[from] ?? '';
  let value = '';
  let i = from + 1;
  for (;;) {
    const close = line.indexOf(quote, i);
    if (close === -1) return undefined;
    value += line.slice(i, close);
    if (quote === "'" && line[close + 1] === "'") {
      value += "'";
      i = close + 2;
      continue;
    }
    if (quote === '"' && value.includes('\\')) return undefined;
    const next = line.charCodeAt(close + 1);
    // A quoted key (`"a": b`) or text glued to the quote is the parser's.
    if (close + 1 < line.length && next !== SPACE && next !== COMMA && next !== CLOSE_BRACKET) return undefined;
    return { node: { kind: 'scalar', value, location: at(from) }, end: close + 1 };
  }
}

/** `[a, "b", c]` on one line, items plain or quoted. */
function readFlowList(line: string, from: number, at: Place): ReadValue | undefined {
  const items: SourceNode[] = [];
  const list = (end: number): ReadValue => ({ node: { kind: 'seq', items, location: at(from) }, end });
  let i = from + 1;
  while (line.charCodeAt(i) === SPACE) i++;
  if (line[i] === ']') return list(i + 1);
  for (;;) {
    const item = line[i] === '"' || line[i] === "'" ? readQuoted(line, i, at) : readFlowPlain(line, i, at);
    if (!item) return undefined;
    items.push(item.node);
    i = item.end;
    while (line.charCodeAt(i) === SPACE) i++;
    if (line[i] === ']') return list(i + 1);
    if (line[i] !== ',') return undefined;
    i++;
    while (line.charCodeAt(i) === SPACE) i++;
    // A trailing comma or an empty item is the parser's.
    if (line[i] === ']' || line[i] === ',') return undefined;
  }
}

/** A plain item of a flow list: up to the next `,` or `]`, with none of the characters flow context treats apart. */
function readFlowPlain(line: string, from: number, at: Place): ReadValue | undefined {
  const first = line[from] ?? '';
  if (first === '' || INDICATORS.has(first)) return undefined;
  let end = from;
  while (end < line.length && !FLOW_UNSAFE.test(line[end] ?? '')) end++;
  let last = end;
  while (line.charCodeAt(last - 1) === SPACE) last--;
  const node = plainScalar(line.slice(from, last), at(from));
  return node && { node, end };
}

/** A plain scalar as the core schema reads it: text, a small decimal integer, a boolean or null. */
function plainScalar(text: string, location: SourceLocation): ScalarNode | undefined {
  if (text === '') return undefined;
  if (!NOT_TEXT.test(text)) return { kind: 'scalar', value: text, location };
  if (SMALL_INTEGER.test(text)) return { kind: 'scalar', value: parseInt(text, 10), location, source: text };
  if (TRUE_WORD.test(text)) return { kind: 'scalar', value: true, location, source: text };
  if (FALSE_WORD.test(text)) return { kind: 'scalar', value: false, location, source: text };
  if (NULL_WORD.test(text)) return { kind: 'scalar', value: null, location };
  return undefined;
}
