import type { SettingValue } from '../model/desired-state.js';

/**
 * Text that would be misread if printed bare: empty, padded, with control or invisible
 * characters, with the arrow or quote the plan uses, or looking like a boolean or number.
 */
const NEEDS_QUOTES = /^$|^\s|\s$|[\p{Cc}\p{Cf}\p{Zl}\p{Zp}"\\→]|^(?:true|false|null|yes|no|-?\d+(?:\.\d+)?)$/iu;

/** A name in a heading: always quoted, escaped like JSON, so every name reads unambiguously. */
export function quoteName(name: string): string {
  return JSON.stringify(name);
}

/** A field value: bare when that is unambiguous (`sales`, `Questions from ...`), else quoted. */
export function displayText(text: string): string {
  return NEEDS_QUOTES.test(text) ? JSON.stringify(text) : text;
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
  const shown = chars.length > max ? `${JSON.stringify(chars.slice(0, max).join(''))}…` : JSON.stringify(raw);
  return `<unreadable: ${shown}>`;
}

/** Width in code points: what a terminal shows for the text this tool prints, near enough. */
export function width(text: string): number {
  return [...text].length;
}
