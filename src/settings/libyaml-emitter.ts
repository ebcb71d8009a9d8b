/**
 * libyaml 0.2.5's emitter, reduced to the one case OTRS needs: YAML::XS `Dump` of a single
 * string, i.e. a document holding one scalar at the root, in block context, with the settings
 * YAML::XS gives libyaml (indent 2, line width 80, unicode output on, `\n` line breaks, explicit
 * `---`). The caller (YAML::XS's own rules, in codec.ts) asks for a style; libyaml downgrades it
 * when the text cannot be written that way (libyaml-scalar-analysis.ts), and writes it.
 *
 * Columns count Unicode code points, as libyaml counts characters, never bytes or display width.
 */
import { analyzeScalar, isLibyamlBreak, isPrintable, selectStyle, type ScalarStyle } from './libyaml-scalar-analysis.js';

/** YAML::XS sets libyaml's best width to 80: longer lines are folded at spaces. */
const BEST_WIDTH = 80;
/** The root scalar's continuation lines are indented by libyaml's best indent, 2. */
const ROOT_INDENT = 2;

/** The output with libyaml's bookkeeping of column, `whitespace` and `indention`. */
class Output {
  text = '';
  column = 0;
  /** The last thing written was white space: an indicator needs no space before it. */
  whitespace = true;
  /** Nothing but indentation has been written on this line. */
  indention = true;

  put(ch: string): void {
    this.text += ch;
    this.column += 1;
  }

  lineBreak(): void {
    this.text += '\n';
    this.column = 0;
  }

  /** A line break from the text: LF is written as the emitter's break, LS/PS as themselves. */
  writeBreak(ch: string): void {
    if (ch === '\n') this.lineBreak();
    else {
      this.text += ch;
      this.column = 0;
    }
  }

  /** Start a line at `indent`, unless the current line holds only indentation up to there. */
  indent(indent: number): void {
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.lineBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  indicator(indicator: string, needWhitespace: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const ch of indicator) this.put(ch);
    this.whitespace = false;
    this.indention = false;
  }
}

/**
 * The complete document libyaml writes for this text, trailing newline included:
 * `---`, the scalar in the requested style or the one libyaml falls back to, and a line break;
 * after a literal block that keeps trailing empty lines (`|+`), also `...` to close the document.
 */
export function emitScalarDocument(text: string, requested: ScalarStyle): string {
  const chars = Array.from(text);
  const out = new Output();
  out.indicator('---', true);
  let openEnded = false;
  switch (selectStyle(requested, analyzeScalar(chars))) {
    case 'plain':
      writePlain(out, chars);
      break;
    case 'single-quoted':
      writeSingleQuoted(out, chars);
      break;
    case 'double-quoted':
      writeDoubleQuoted(out, chars);
      break;
    case 'literal':
      openEnded = writeLiteral(out, chars);
      break;
  }
  out.indent(0);
  if (openEnded) {
    out.indicator('...', true);
    out.indent(0);
  }
  return out.text;
}

/**
 * Plain: once past column 80, a single space between words becomes a line break and the next
 * word continues on a line indented by 2 (it reads back as that one space). Plain text never
 * holds a break, a leading/trailing space, or a run of spaces at a fold point.
 */
function writePlain(out: Output, chars: readonly string[]): void {
  if (!out.whitespace && chars.length > 0) out.put(' ');
  let spaces = false;
  chars.forEach((ch, i) => {
    if (ch === ' ') {
      if (!spaces && out.column > BEST_WIDTH && chars[i + 1] !== ' ') out.indent(ROOT_INDENT);
      else out.put(ch);
      spaces = true;
    } else {
      out.put(ch);
      out.indention = false;
      spaces = false;
    }
  });
  out.whitespace = false;
  out.indention = false;
}

/**
 * Single-quoted: `'` doubles; folding at spaces as in plain, but never at the first or last
 * character. A line break is written as two (a lone break would read back as a space) and the
 * text resumes on a line indented by 2; LS/PS are written as themselves.
 */
function writeSingleQuoted(out: Output, chars: readonly string[]): void {
  out.indicator("'", true);
  let spaces = false;
  let breaks = false;
  const last = chars.length - 1;
  chars.forEach((ch, i) => {
    if (ch === ' ') {
      if (!spaces && out.column > BEST_WIDTH && i !== 0 && i !== last && chars[i + 1] !== ' ') out.indent(ROOT_INDENT);
      else out.put(ch);
      spaces = true;
    } else if (isLibyamlBreak(ch)) {
      if (!breaks && ch === '\n') out.lineBreak();
      out.writeBreak(ch);
      out.indention = true;
      breaks = true;
    } else {
      if (breaks) out.indent(ROOT_INDENT);
      if (ch === "'") out.put("'");
      out.put(ch);
      out.indention = false;
      spaces = false;
      breaks = false;
    }
  });
  if (breaks) out.indent(ROOT_INDENT);
  out.indicator("'", false);
}

/** libyaml's short escapes; anything else unprintable becomes \xXX, \uXXXX or \UXXXXXXXX. */
const SHORT_ESCAPES = new Map<number, string>([
  [0x00, '0'], [0x07, 'a'], [0x08, 'b'], [0x09, 't'], [0x0a, 'n'], [0x0b, 'v'], [0x0c, 'f'], [0x0d, 'r'],
  [0x1b, 'e'], [0x22, '"'], [0x5c, '\\'], [0x85, 'N'], [0xa0, '_'], [0x2028, 'L'], [0x2029, 'P'],
]);

function escapeCodePoint(cp: number): string {
  const short = SHORT_ESCAPES.get(cp);
  if (short !== undefined) return `\\${short}`;
  const [prefix, digits] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
  return `\\${prefix}${cp.toString(16).toUpperCase().padStart(digits, '0')}`;
}

/**
 * Double-quoted: unprintable characters, the BOM, every line break, `"` and `\` are escaped.
 * Past column 80 a space (not the first or last character) becomes a line break; when the next
 * character is a space too, the continuation starts with `\` so that space is not stripped.
 */
function writeDoubleQuoted(out: Output, chars: readonly string[]): void {
  out.indicator('"', true);
  let spaces = false;
  const last = chars.length - 1;
  chars.forEach((ch, i) => {
    const cp = ch.codePointAt(0) ?? 0;
    if (!isPrintable(cp) || isLibyamlBreak(ch) || ch === '"' || ch === '\\') {
      for (const c of escapeCodePoint(cp)) out.put(c);
      spaces = false;
    } else if (ch === ' ') {
      if (!spaces && out.column > BEST_WIDTH && i !== 0 && i !== last) {
        out.indent(ROOT_INDENT);
        if (chars[i + 1] === ' ') out.put('\\');
      } else out.put(ch);
      spaces = true;
    } else {
      out.put(ch);
      spaces = false;
    }
  });
  out.indicator('"', false);
}

/**
 * Literal block `|`: an indentation hint `2` when the text starts with a space or break (the
 * reader could not guess the indentation), then the chomping hint: `-` when the text does not
 * end with a break, none for exactly one final break, `+` for more (then the document is "open
 * ended" and libyaml closes it with `...`). Lines are indented by 2 and never folded.
 * Returns whether the document is open ended.
 */
function writeLiteral(out: Output, chars: readonly string[]): boolean {
  out.indicator('|', true);
  if (chars[0] === ' ' || isLibyamlBreak(chars[0])) out.indicator(String(ROOT_INDENT), false);
  const chomping = literalChomping(chars);
  if (chomping !== '') out.indicator(chomping, false);
  out.lineBreak();
  out.indention = true;
  out.whitespace = true;
  let breaks = true;
  for (const ch of chars) {
    if (isLibyamlBreak(ch)) {
      out.writeBreak(ch);
      out.indention = true;
      breaks = true;
    } else {
      if (breaks) out.indent(ROOT_INDENT);
      out.put(ch);
      out.indention = false;
      breaks = false;
    }
  }
  return chomping === '+';
}

function literalChomping(chars: readonly string[]): '-' | '+' | '' {
  const n = chars.length;
  if (n === 0 || !isLibyamlBreak(chars[n - 1])) return '-';
  if (n === 1 || isLibyamlBreak(chars[n - 2])) return '+';
  return '';
}
