/**
 * Perl's `looks_like_number`, which YAML::XS `Dump` asks about every string
 * (`$YAML::XS::QuoteNumericStrings`, on by default): a string that Perl would read as a number is
 * single-quoted, so that loading it gives the string back rather than a number.
 *
 * Perl (`grok_number` without trailing garbage allowed) accepts, case-insensitively:
 * 1. optional white space (Perl's ASCII `isSPACE`: space, \t, \n, \v, \f, \r), one optional sign;
 * 2. a decimal: digits with an optional `.` and more digits, or `.` and digits; then an optional
 *    exponent `e[+-]digits`;
 *    or infinity / not-a-number spelled `inf`, `infinity`, `nan`, `nanq`, `nans`, `qnan`, `snan`,
 *    the Windows forms `1.#INF`, `1#INF`, `1.#IND` (both with trailing `0`s), `1.#QNAN`, and
 *    `nan(payload)` where the payload is an unsigned integer (see nanPayloadIsInteger);
 * 3. optional white space again, and nothing else. The exact string `0 but true` is a number too,
 *    and so, by a quirk, is a lone `-` followed by white space (`- `, `-\n`), but not `-` or `+ `.
 * Not numbers: `0x1F` (hex is only a number through `hex()`), `1_000`, `.inf`, `1e`, `+`, `.`.
 * The inf/nan spellings beyond `inf`/`infinity`/`nan` are those of Perl 5.22 and later (checked
 * against Perl 5.36); older Perls treat them as text, and then OTRS would leave them plain where
 * this quotes them. Either form loads back as the same string: the difference is bytes only.
 */

const SPACE = '[ \\t\\n\\v\\f\\r]';
const DECIMAL = new RegExp(`^${SPACE}*[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:e[+-]?\\d+)?${SPACE}*$`, 'i');
const INFINITY = new RegExp(`^${SPACE}*[+-]?(?:inf(?:inity)?|1\\.?#inf(?:inity|0*))${SPACE}*$`, 'i');
const INDETERMINATE = new RegExp(`^${SPACE}*[+-]?1\\.?#ind0*${SPACE}*$`, 'i');
const NAN = new RegExp(`^${SPACE}*[+-]?(?:1\\.?#)?[qs]?nan(?:[qs]?(?:\\((?<payload>[^)]*)\\))?)?${SPACE}*$`, 'i');
const PAYLOAD = new RegExp(`^(?:(?<dec>\\d+)|0x(?<hex>[0-9a-f](?:_?[0-9a-f])*)|0b(?<bin>[01](?:_?[01])*))${SPACE}*$`, 'i');
/** A quirk of grok_number: after a minus sign, white space alone still counts (as "negative"). */
const LONE_MINUS = new RegExp(`^${SPACE}*-${SPACE}+$`);
const UV_MAX = (1n << 64n) - 1n;

/** True when Perl's `looks_like_number` is true for this string (see the module comment). */
export function looksLikePerlNumber(text: string): boolean {
  if (text === '0 but true' || DECIMAL.test(text) || LONE_MINUS.test(text) || INFINITY.test(text) || INDETERMINATE.test(text)) return true;
  const nan = NAN.exec(text);
  if (!nan) return false;
  const payload = nan.groups?.['payload'];
  return payload === undefined || nanPayloadIsInteger(payload);
}

/**
 * Perl takes `nan(…)` as a number when the payload is one unsigned integer: decimal digits (of
 * any size: checked against Perl 5.36, newer Perls also require 64 bits), or `0x…`/`0b…` that
 * fits 64 bits; white space may follow it.
 */
function nanPayloadIsInteger(payload: string): boolean {
  const groups = PAYLOAD.exec(payload)?.groups;
  if (!groups) return false;
  const { dec, hex, bin } = groups;
  if (dec !== undefined) return true;
  const value = hex !== undefined ? BigInt(`0x${hex.replaceAll('_', '')}`) : BigInt(`0b${(bin ?? '').replaceAll('_', '')}`);
  return value <= UV_MAX;
}
