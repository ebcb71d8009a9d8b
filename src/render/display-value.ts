import type { SettingValue } from '../model/desired-state.js';
import { hasHiddenCharacter, quoteText } from '../plan/visible-text.js';

/**
 * Text that would be misread if printed bare: empty, padded, with the arrow or quote the plan
 * uses, or looking like a boolean or number. (Hidden characters are tested on their own.)
 */
const NEEDS_QUOTES = /^$|^\s|\s$|["\\→]|^(?:true|false|null|yes|no|-?\d+(?:\.\d+)?)$/iu;

/**
 * A name in a heading: always quoted, escaped like JSON, and with every character a terminal
 * could hide escaped (`\u200B`), so a line never shows a name other than the one stored.
 */
export function quoteName(name: string): string {
  return quoteText(name);
}

/** A field value: bare when that is unambiguous (`sales`, `Questions from ...`), else quoted and escaped. */
export function displayText(text: string): string {
  return NEEDS_QUOTES.test(text) || hasHiddenCharacter(text) ? quoteText(text) : text;
}

export function yesNo(flag: boolean): string {
  return flag ? 'yes' : 'no';
}

/** A setting value as the config writes it: `true`, `720`, `users`, `""`. */
export function displaySettingValue(value: SettingValue): string {
  return typeof value === 'string' ? displayText(value) : String(value);
}

/** Stored text that cannot be read: quoted, cut after `max` characters. */
export function displayUnreadable(raw: string, max = 40): string {
  const chars = [...raw];
  const shown = chars.length > max ? `${quoteText(chars.slice(0, max).join(''))}…` : quoteText(raw);
  return `<unreadable: ${shown}>`;
}

/** Width in code points: what a terminal shows for the text this tool prints, near enough. */
export function width(text: string): number {
  // Code points counted without splitting the text into an array: a surrogate pair is one.
  let n = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}
