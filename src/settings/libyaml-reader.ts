/**
 * Reads a document holding one scalar exactly the way libyaml (YAML 1.1, what YAML::XS loads
 * with) does, including its errors.
 *
 * Why not only the `yaml` package: it reads YAML 1.2, and differs on text OTRS or a person may
 * leave: YAML 1.1 counts NEL (U+0085), LS (U+2028) and PS (U+2029) as line breaks (libyaml writes
 * LS/PS raw in single-quoted and literal scalars, followed by indentation, and reads them back as
 * breaks that stay LS/PS); a lone CR is a line break; a block scalar at the very end of the text
 * gets no line break that is not there; tabs are refused where they could pass for indentation.
 *
 * Supported: comments, an optional `---`, one plain, single-quoted, double-quoted, literal or
 * folded scalar, and `...` document ends. Tags, anchors, aliases, collections and directives are
 * reported as `unsupported`, for the caller to hand to a general YAML reader.
 */
import { Cursor, ReadError, type ReadFailure } from './libyaml-cursor.js';

export type ScalarRead =
  | { readonly ok: true; readonly plain: boolean; readonly value: string }
  | { readonly ok: false; readonly failure: ReadFailure; readonly reason: string };

/** Reads the document; the value is the scalar's text (`plain` tells the caller to resolve `~`, `true`…). */
export function readScalarDocument(text: string): ScalarRead {
  try {
    const cursor = new Cursor(text);
    cursor.skipToToken();
    if (cursor.peek() === '%') throw new ReadError('unsupported', 'YAML directives');
    if (cursor.atDocumentMarker('---')) {
      cursor.take();
      cursor.take();
      cursor.take();
      cursor.skipToToken();
    } else if (cursor.eof() || cursor.atDocumentMarker('...')) throw new ReadError('empty', 'empty');
    const scalar = readScalar(cursor);
    expectDocumentEnd(cursor);
    return { ok: true, ...scalar };
  } catch (error) {
    if (error instanceof ReadError) return { ok: false, failure: error.failure, reason: error.message };
    throw error;
  }
}

function readScalar(c: Cursor): { plain: boolean; value: string } {
  if (c.eof() || c.atDocumentMarker()) return { plain: true, value: '' };
  const ch = c.peek();
  if (ch === "'" || ch === '"') return { plain: false, value: readQuoted(c, ch) };
  if (ch === '|' || ch === '>') return { plain: false, value: readBlock(c) };
  // What libyaml would scan as another token: a collection, anchor, alias, tag, key or value.
  const startsToken =
    '-?:,[]{}#&*!|>\'"%@`'.includes(ch ?? '') &&
    !((ch === '-' || ch === '?' || ch === ':') && !c.isBlankOrEnd(1));
  if (startsToken) throw new ReadError('unsupported', `a YAML form other than a scalar (starting with ${JSON.stringify(ch)})`);
  return { plain: true, value: readPlain(c) };
}

/**
 * Joins the white space between two pieces of a folded scalar, as libyaml does: a single LF
 * becomes a space; LF followed by more breaks becomes those breaks; an LS/PS break (or an
 * escaped line end, which records no break) is kept together with the breaks after it.
 */
function fold(firstBreak: string, moreBreaks: string): string {
  if (firstBreak === '\n') return moreBreaks === '' ? ' ' : moreBreaks;
  return firstBreak + moreBreaks;
}

/** White space and breaks after a piece of a flow or plain scalar. */
interface Gap {
  blanks: string;
  firstBreak: string;
  moreBreaks: string;
  /** A line break (or an escaped line end) was crossed: blanks before it are dropped. */
  broken: boolean;
}

function readGap(c: Cursor, gap: Gap): void {
  while (c.isBlank() || c.isBreak()) {
    if (c.isBlank()) {
      const blank = c.take();
      if (!gap.broken) gap.blanks += blank;
    } else if (!gap.broken) {
      gap.blanks = '';
      gap.firstBreak = c.takeBreak();
      gap.broken = true;
    } else gap.moreBreaks += c.takeBreak();
  }
}

function joinGap(gap: Gap): string {
  const joined = gap.broken ? fold(gap.firstBreak, gap.moreBreaks) : gap.blanks;
  Object.assign(gap, { blanks: '', firstBreak: '', moreBreaks: '', broken: false });
  return joined;
}

function newGap(): Gap {
  return { blanks: '', firstBreak: '', moreBreaks: '', broken: false };
}

function readQuoted(c: Cursor, quote: "'" | '"'): string {
  c.take();
  let value = '';
  const gap = newGap();
  for (;;) {
    if (c.atDocumentMarker()) throw new ReadError('invalid', 'found a document marker inside a quoted scalar');
    if (c.eof()) throw new ReadError('invalid', 'found the end of the text inside a quoted scalar');
    while (!c.eof() && !c.isBlankOrEnd()) {
      const ch = c.peek();
      if (quote === "'" && ch === "'" && c.peek(1) === "'") {
        c.take();
        value += c.take();
      } else if (ch === quote) break;
      else if (quote === '"' && ch === '\\' && c.isBreak(1)) {
        c.take();
        c.takeBreak();
        gap.broken = true;
        break;
      } else if (quote === '"' && ch === '\\') value += readEscape(c);
      else value += c.take();
    }
    if (c.peek() === quote) break;
    readGap(c, gap);
    value += joinGap(gap);
  }
  c.take();
  return value;
}

const ESCAPES = new Map<string, string>([
  ['0', '\0'], ['a', '\x07'], ['b', '\b'], ['t', '\t'], ['\t', '\t'], ['n', '\n'], ['v', '\v'], ['f', '\f'],
  ['r', '\r'], ['e', '\x1b'], [' ', ' '], ['"', '"'], ['/', '/'], ["'", "'"], ['\\', '\\'], ['N', '\u0085'],
  ['_', '\u00a0'], ['L', '\u2028'], ['P', '\u2029'],
]);
const HEX_ESCAPE_LENGTH = new Map([['x', 2], ['u', 4], ['U', 8]]);

function readEscape(c: Cursor): string {
  c.take();
  const code = c.take();
  const simple = ESCAPES.get(code);
  if (simple !== undefined) return simple;
  const length = HEX_ESCAPE_LENGTH.get(code);
  if (length === undefined) throw new ReadError('invalid', `found unknown escape character ${JSON.stringify(code)}`);
  let hex = '';
  for (let i = 0; i < length; i += 1) hex += c.take();
  const cp = hex.length === length && /^[0-9a-fA-F]+$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
  if (!(cp <= 0x10ffff) || (cp >= 0xd800 && cp <= 0xdfff)) throw new ReadError('invalid', `found an invalid escape \\${code}${hex}`);
  return String.fromCodePoint(cp);
}

/** A plain scalar at the root: it ends at ` #`, at `: `, or at a document marker. */
function readPlain(c: Cursor): string {
  let value = '';
  const gap = newGap();
  for (;;) {
    if (c.atDocumentMarker() || c.peek() === '#') break;
    while (!c.eof() && !c.isBlankOrEnd()) {
      if (c.peek() === ':' && c.isBlankOrEnd(1)) break;
      value += joinGap(gap);
      value += c.take();
    }
    if (!(c.isBlank() || c.isBreak())) break;
    readGap(c, gap);
  }
  return value;
}

/** A literal (`|`) or folded (`>`) block scalar at the root (parent indentation -1). */
function readBlock(c: Cursor): string {
  const literal = c.take() === '|';
  let chomping: 'strip' | 'clip' | 'keep' = 'clip';
  let indent = 0;
  for (let i = 0; i < 2; i += 1) {
    const ch = c.peek();
    if ((ch === '+' || ch === '-') && chomping === 'clip') chomping = c.take() === '+' ? 'keep' : 'strip';
    else if (ch !== undefined && /^[1-9]$/.test(ch) && indent === 0) indent = Number(c.take());
    else if (ch === '0') throw new ReadError('invalid', 'found an indentation indicator equal to 0');
  }
  while (c.isBlank()) c.take();
  c.skipComment();
  if (!c.eof() && !c.isBreak()) throw new ReadError('invalid', 'did not find a comment or line break after the block scalar header');
  if (c.isBreak()) c.takeBreak();

  const breaks = { text: '' };
  indent = readBlockBreaks(c, indent, breaks);
  let value = '';
  let lineBreak = '';
  let leadingBlank = false;
  while (c.column === indent && !c.eof()) {
    const trailingBlank = c.isBlank();
    // Folded style joins two lines with a space when neither is more indented.
    if (!literal && lineBreak === '\n' && !leadingBlank && !trailingBlank) value += breaks.text === '' ? ' ' : '';
    else value += lineBreak;
    value += breaks.text;
    breaks.text = '';
    leadingBlank = c.isBlank();
    while (!c.eof() && !c.isBreak()) value += c.take();
    lineBreak = c.isBreak() ? c.takeBreak() : '';
    indent = readBlockBreaks(c, indent, breaks);
  }
  if (chomping !== 'strip') value += lineBreak;
  if (chomping === 'keep') value += breaks.text;
  return value;
}

/** Empty lines before the next content line; settles the indentation when it is not yet known. */
function readBlockBreaks(c: Cursor, indent: number, breaks: { text: string }): number {
  let maxIndent = 0;
  for (;;) {
    while ((indent === 0 || c.column < indent) && c.peek() === ' ') c.take();
    maxIndent = Math.max(maxIndent, c.column);
    if ((indent === 0 || c.column < indent) && c.peek() === '\t') throw new ReadError('invalid', 'found a tab where indentation was expected');
    if (!c.isBreak()) break;
    breaks.text += c.takeBreak();
  }
  return indent === 0 ? Math.max(maxIndent, 1) : indent;
}

/** After the scalar: only comments, empty lines and `...` document ends may follow. */
function expectDocumentEnd(c: Cursor): void {
  for (;;) {
    c.skipToToken();
    if (c.eof()) return;
    if (!c.atDocumentMarker('...')) break;
    c.take();
    c.take();
    c.take();
  }
  if (c.atDocumentMarker('---')) throw new ReadError('invalid', 'more than one YAML document');
  if (c.peek() === ':') throw new ReadError('not-a-scalar', 'not a single value: found a YAML map');
  throw new ReadError('invalid', `found more content after the value (${JSON.stringify(c.peek())})`);
}
