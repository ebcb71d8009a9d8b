/**
 * Text from a config or a database shown to a reviewer (docs/design.md §5): every character a
 * terminal could hide, or that could make a line read as something else, is shown as an escape
 * instead. That is
 * - control characters (C0, DEL, C1: category Cc), which can also drive the terminal;
 * - format characters (category Cf): zero-width U+200B–U+200D, U+2060, U+FEFF, the bidirectional
 *   controls U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, soft hyphen, tags, …;
 * - the other default-ignorable code points (variation selectors, Hangul fillers, U+034F, …),
 *   which a terminal shows as nothing;
 * - the line and paragraph separators U+2028 and U+2029, and lone surrogates.
 * The escape is `\u` and four upper-case hex digits (`\u200B`), or `\u{…}` beyond U+FFFF.
 */
const HIDDEN_CLASS = '[\\p{Cc}\\p{Cf}\\p{Cs}\\p{Zl}\\p{Zp}\\p{Default_Ignorable_Code_Point}]';
const HIDDEN = new RegExp(HIDDEN_CLASS, 'u');
const HIDDEN_ALL = new RegExp(HIDDEN_CLASS, 'gu');

/** Short escapes inside quotes, as JSON writes them. */
const SHORT: Readonly<Record<string, string>> = { '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Whether `text` holds a character a terminal could hide. */
export function hasHiddenCharacter(text: string): boolean {
  return HIDDEN.test(text);
}

/** One character as `\u200B` (or `\u{E0041}` beyond U+FFFF); a lone surrogate as its own code unit. */
export function escapeCharacter(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase();
  return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, '0')}`;
}

/**
 * `text` with each hidden character escaped and everything else as it is. For text whose own
 * backslashes cannot be mistaken for an escape (a line already quoted, a message); `keep` lists
 * characters to leave alone (a comment's tabs).
 */
export function escapeHidden(text: string, keep = ''): string {
  return text.replace(HIDDEN_ALL, (ch) => (keep.includes(ch) ? ch : escapeCharacter(ch)));
}

/**
 * `text` in double quotes, escaped so that it reads back unambiguously: `\"`, `\\`, the short
 * escapes `\n` `\r` `\t` `\b` `\f`, and every other hidden character as `\u….` Like JSON for
 * every character up to U+FFFF; printable text, including non-ASCII letters and emoji, stays.
 */
export function quoteText(text: string): string {
  const body = text.replace(/["\\]/g, (ch) => `\\${ch}`).replace(HIDDEN_ALL, (ch) => SHORT[ch] ?? escapeCharacter(ch));
  return `"${body}"`;
}
