/**
 * Walks a YAML text the way libyaml's scanner does for one scalar document: by character, with
 * libyaml's column (characters since the last line break) and its YAML 1.1 line breaks.
 */
import { isLibyamlBreak } from './libyaml-scalar-analysis.js';

export type ReadFailure = 'empty' | 'invalid' | 'not-a-scalar' | 'unsupported';

/** A reason libyaml would stop reading (or this reader would not go on). */
export class ReadError extends Error {
  constructor(
    readonly failure: ReadFailure,
    message: string,
  ) {
    super(message);
  }
}

/** A position in the text, by code point, with libyaml's column (code points since the last break). */
export class Cursor {
  private readonly chars: readonly string[];
  private pos = 0;
  column = 0;

  constructor(text: string) {
    this.chars = Array.from(text);
    if (this.chars[0] === '\uFEFF') this.pos = 1;
  }

  peek(offset = 0): string | undefined {
    return this.chars[this.pos + offset];
  }

  eof(): boolean {
    return this.pos >= this.chars.length;
  }

  isBlank(offset = 0): boolean {
    const ch = this.peek(offset);
    return ch === ' ' || ch === '\t';
  }

  isBreak(offset = 0): boolean {
    return isLibyamlBreak(this.peek(offset));
  }

  isBlankOrEnd(offset = 0): boolean {
    return this.peek(offset) === undefined || this.isBlank(offset) || this.isBreak(offset);
  }

  /** `---` or `...` at the start of a line, followed by white space or the end. */
  atDocumentMarker(marker?: '---' | '...'): boolean {
    if (this.column !== 0) return false;
    const head = this.chars.slice(this.pos, this.pos + 3).join('');
    return (marker === undefined ? head === '---' || head === '...' : head === marker) && this.isBlankOrEnd(3);
  }

  take(): string {
    const ch = this.chars[this.pos] ?? '';
    this.pos += 1;
    this.column += 1;
    return ch;
  }

  /** Consume a line break; CR LF, CR, LF and NEL read as LF, LS and PS as themselves. */
  takeBreak(): string {
    const ch = this.peek();
    this.pos += ch === '\r' && this.peek(1) === '\n' ? 2 : 1;
    this.column = 0;
    return ch === '\u2028' || ch === '\u2029' ? ch : '\n';
  }

  skipComment(): void {
    if (this.peek() !== '#') return;
    while (!this.eof() && !this.isBreak()) this.take();
  }

  /**
   * Blanks, comments and line breaks between tokens. libyaml refuses a tab here while only
   * white space precedes it on its line (where a tab could be taken for indentation).
   */
  skipToToken(): void {
    for (;;) {
      while (this.isBlank()) {
        if (this.peek() === '\t' && this.onlyBlanksBeforeOnLine()) throw new ReadError('invalid', 'found a tab character that cannot start any token');
        this.take();
      }
      this.skipComment();
      if (!this.isBreak()) return;
      this.takeBreak();
    }
  }

  private onlyBlanksBeforeOnLine(): boolean {
    for (let i = this.pos - 1; i >= this.pos - this.column; i -= 1) if (this.chars[i] !== ' ' && this.chars[i] !== '\t') return false;
    return true;
  }
}
