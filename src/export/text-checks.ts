import { codePointLength } from '../config/describe-value.js';

/** The characters the config refuses in names and group names (src/config/rules.ts). */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;

/** The first control character in `text` as `U+000A`, or undefined. */
export function controlCharacter(text: string): string | undefined {
  const found = CONTROL.exec(text)?.[0];
  return found === undefined ? undefined : `U+${(found.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "N characters long; the config allows at most M" when `text` is longer than `max` code points (the schema's unit). */
export function lengthProblem(text: string, max: number): string | undefined {
  const length = codePointLength(text);
  return length > max ? `${length} characters long; the config allows at most ${max}` : undefined;
}

/**
 * Unicode code-point order: the same on every machine and in every locale, and the order the
 * config reader sorts file paths in. (Plain `<` compares UTF-16 code units, which puts
 * characters beyond U+FFFF before U+E000–U+FFFF.)
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}
