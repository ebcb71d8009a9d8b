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
