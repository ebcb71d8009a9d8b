/**
 * Unicode code-point order: the same on every machine and in every locale. The config reader
 * merges files in this order and `export` writes channels in it. (Plain `<` compares UTF-16
 * code units, which puts characters beyond U+FFFF before U+E000–U+FFFF.)
 */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(j)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  return a.length - i - (b.length - j);
}

/** The control characters (C0, DEL, C1) a name or group name may not hold. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;

/** The first control character in `text` as `U+000A`, or undefined when there is none. */
export function controlCharacter(text: string): string | undefined {
  const found = CONTROL.exec(text)?.[0];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Text below U+0300 (ASCII, Latin-1, the Latin extensions) is NFC as it stands: nothing there
 * decomposes or combines (Unicode's NFC quick check is Yes for all of it). Names are nearly
 * always such text, and this test is several times cheaper than `normalize`, which the planner
 * calls for every name.
 */
const NFC_ALREADY = /^[\u0000-\u02FF]*$/;

/**
 * The form names are compared in (docs/design.md §3): NFC, so that an accent typed as one
 * character (`é`) and as a letter plus a combining mark (`e` U+0301) are one name, as they look.
 */
export function normalizeName(name: string): string {
  return NFC_ALREADY.test(name) ? name : name.normalize('NFC');
}

/**
 * Characters nobody sees that make one visible name two: the zero-width space U+200B, the word
 * joiner U+2060, the byte-order mark U+FEFF, and the bidirectional controls U+061C, U+200E,
 * U+200F, U+202A–U+202E and U+2066–U+2069, which also reorder what a reader is shown.
 */
const INVISIBLE = /[\u200B\u2060\uFEFF\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** The first invisible character in `text` as `U+200B`, or undefined when there is none. */
export function invisibleCharacter(text: string): string | undefined {
  const found = INVISIBLE.exec(text)?.[0];
  return found === undefined ? undefined : `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
