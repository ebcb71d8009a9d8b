/**
 * The codec between config values and OTRS's `sysconfig_*.effective_value` (docs/otrs.md, "ChatEngine
 * settings"). OTRS stores every value as YAML::XS `Dump` output and refuses a value it cannot
 * read at deployment, blocking every later deployment: so encoding reproduces YAML::XS 0.86 /
 * libyaml 0.2.5 byte for byte, while decoding accepts any YAML form and compares values.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { SettingValue } from '../model/desired-state.js';
import type { SettingType } from './catalog.js';
import { emitScalarDocument } from './libyaml-emitter.js';
import type { ScalarStyle } from './libyaml-scalar-analysis.js';
import { readScalarDocument } from './libyaml-reader.js';
import { looksLikePerlNumber } from './perl-looks-like-number.js';

export type DecodeResult = { readonly ok: true; readonly value: SettingValue } | { readonly ok: false; readonly reason: string };

/** What YAML::XS loads from one document: a string, or `undef` (`null`). */
type PerlScalar = string | null;
type LoadResult = { readonly ok: true; readonly value: PerlScalar } | { readonly ok: false; readonly reason: string };

/** Exact bytes OTRS (YAML::XS Dump via Kernel::System::YAML) stores for this value, trailing newline included. Throws only on a value the type rejects (a bug upstream: validation guarantees types). */
export function encodeEffectiveValue(type: SettingType, value: SettingValue): string {
  return dumpYamlString(toOtrsText(type, value));
}

/** Reads any YAML form OTRS or a human may have left; compares values, not bytes. */
export function decodeEffectiveValue(type: SettingType, text: string | null): DecodeResult {
  const loaded = loadLikeYamlXs(text);
  return loaded.ok ? fromOtrsText(type, loaded.value) : loaded;
}

/** True when both are the same value of the same kind (`0` and `-0` are the same number). */
export function settingValuesEqual(a: SettingValue, b: SettingValue): boolean {
  return typeof a === typeof b && a === b;
}

// ---------------------------------------------------------------------------------------------
// Encoding

/** Lone UTF-16 surrogates have no UTF-8 form; libyaml refuses them and a database cannot store them. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
/** Plain scalars that YAML::XS's loader turns into undef or a boolean, so `Dump` quotes them. */
const RESOLVED_BY_LOADER = new Set(['~', 'null', 'true', 'false']);
/** A final LS/PS not preceded by another break: the literal block would end without `\n`. */
const ENDS_WITH_LONE_SEPARATOR = /(?<![\n\r\u0085\u2028\u2029])[\u2028\u2029]$/;
/** YAML::XS writes multi-line text longer than this many bytes as a literal block. */
const LITERAL_MIN_BYTES = 31;

/** Text-level: the YAML::XS Dump of one string scalar (what OTRS stores for the text). */
export function dumpYamlString(text: string): string {
  if (LONE_SURROGATE.test(text)) throw new RangeError(`cannot store text with a lone UTF-16 surrogate: ${JSON.stringify(text)}`);
  // YAML::XS single-quotes the empty string and Kernel::System::YAML would substitute the same.
  if (text === '') return "--- ''\n";
  return emitScalarDocument(text, yamlXsStyle(text));
}

/**
 * The style YAML::XS asks libyaml for when dumping a string (perl_libyaml.c, dump_scalar), in
 * its order:
 * 1. single-quoted when YAML::XS's own loader would not give the string back from a plain
 *    scalar: `~`, `null`, `true`, `false`, or anything Perl's `looks_like_number` accepts;
 * 2. when the text holds a line feed (searched up to the first NUL, as C's strchr does): a
 *    literal block if it is longer than 30 UTF-8 bytes, else double-quoted;
 * 3. otherwise plain.
 * libyaml then downgrades where the text needs it (`yes`, `on`, `True`, `0x1F`, `.inf` stay
 * plain: YAML::XS loads those as strings). One deliberate deviation: a literal block whose text
 * ends in one U+2028/U+2029 ends the document without a final `\n` (the separator is its last
 * line break), and OTRS's deployment refuses a value without one; for that text we ask for
 * double-quoted, libyaml's own fallback style, which loads back to the same string.
 */
function yamlXsStyle(text: string): ScalarStyle {
  if (RESOLVED_BY_LOADER.has(text) || looksLikePerlNumber(text)) return 'single-quoted';
  const beforeNul = text.split('\0', 1)[0] ?? '';
  if (!beforeNul.includes('\n')) return 'plain';
  if (utf8Length(text) < LITERAL_MIN_BYTES || ENDS_WITH_LONE_SEPARATOR.test(text)) return 'double-quoted';
  return 'literal';
}

function utf8Length(text: string): number {
  let bytes = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** The text OTRS keeps for a value: checkbox `0`/`1`, integers as digits, text as is. */
function toOtrsText(type: SettingType, value: SettingValue): string {
  switch (type) {
    case 'boolean':
      if (typeof value === 'boolean') return value ? '1' : '0';
      break;
    case 'non-negative-integer':
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
      break;
    case 'group':
      if (typeof value === 'string' && value !== '') return value;
      break;
    case 'group-or-empty':
    case 'text':
      if (typeof value === 'string') return value;
      break;
    default:
      return unknownType(type);
  }
  throw new TypeError(`a ${type} setting cannot hold ${JSON.stringify(value)} (validation should have rejected it)`);
}

function unknownType(type: never): never {
  throw new TypeError(`unknown setting type ${JSON.stringify(type)}`);
}

// ---------------------------------------------------------------------------------------------
// Decoding

/** Characters libyaml's reader refuses anywhere in a document (it allows tab, LF, CR, NEL). */
const NOT_ALLOWED_IN_YAML = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
/** Characters YAML 1.1 and 1.2 disagree on (see libyaml-reader.ts): the `yaml` package must not read them. */
const YAML_1_1_BREAKS = /[\u0085\u2028\u2029]/;

/**
 * The value YAML::XS `Load` gives OTRS: strings as written; a plain `~`, `null` or nothing is
 * undef, a plain `true` is Perl's true (the string `1`), a plain `false` Perl's false (`''`).
 * YAML::XS resolves nothing else: plain `yes`, `True`, `Null`, `0x1F` are strings.
 * Scalar documents are read as libyaml reads them; tags, anchors and collections by the `yaml`
 * package, which reads those the same way.
 */
function loadLikeYamlXs(text: string | null): LoadResult {
  if (text === null) return { ok: false, reason: 'empty (NULL)' };
  const bad = NOT_ALLOWED_IN_YAML.exec(text);
  if (bad) return { ok: false, reason: `not valid YAML: control character U+${codePointHex(bad[0])} is not allowed` };
  const read = readScalarDocument(text);
  if (read.ok) return { ok: true, value: read.plain ? resolvePlain(read.value) : read.value };
  switch (read.failure) {
    case 'empty':
    case 'not-a-scalar':
      return { ok: false, reason: read.reason };
    case 'invalid':
      return { ok: false, reason: `not valid YAML: ${read.reason}` };
    case 'unsupported': {
      if (YAML_1_1_BREAKS.test(text)) return { ok: false, reason: `not readable: ${read.reason} with U+0085/U+2028/U+2029 in it` };
      const other = readWithYamlPackage(text);
      return other.ok ? { ok: true, value: other.plain ? resolvePlain(other.value) : other.value } : other;
    }
  }
}

function resolvePlain(text: string): PerlScalar {
  if (text === '' || text === '~' || text === 'null') return null;
  if (text === 'true') return '1';
  if (text === 'false') return '';
  return text;
}

/** Tags that keep the scalar a plain string: the non-specific `!` and `!!str`. */
const STRING_TAGS = new Set(['!', 'tag:yaml.org,2002:str']);

function readWithYamlPackage(text: string): { ok: true; plain: boolean; value: string } | { ok: false; reason: string } {
  const docs = parseAllDocuments(text, { version: '1.1', schema: 'failsafe' });
  const doc = docs[0];
  if (doc === undefined) return { ok: false, reason: 'empty' };
  const error = docs.flatMap((d) => d.errors)[0];
  if (error) return { ok: false, reason: `not valid YAML: ${error.message.split('\n')[0] ?? ''}` };
  if (docs.length > 1) return { ok: false, reason: 'not valid YAML: more than one document' };
  const node = doc.contents;
  if (node === null) return { ok: false, reason: 'empty' };
  if (isMap(node)) return { ok: false, reason: 'not a single value: found a YAML map' };
  if (isSeq(node)) return { ok: false, reason: 'not a single value: found a YAML list' };
  if (isAlias(node) || !isScalar(node)) return { ok: false, reason: 'not a single value: found a YAML alias' };
  if (node.tag !== undefined && !STRING_TAGS.has(node.tag)) return { ok: false, reason: `unsupported YAML tag ${node.tag}` };
  return { ok: true, plain: node.type === 'PLAIN' && node.tag === undefined, value: String(node.value) };
}

function fromOtrsText(type: SettingType, text: PerlScalar): DecodeResult {
  switch (type) {
    case 'boolean':
      // OTRS's checkbox accepts exactly 0 and 1.
      if (text === '1' || text === '0') return { ok: true, value: text === '1' };
      return { ok: false, reason: `checkbox value must be 0 or 1, found ${describe(text)}` };
    case 'non-negative-integer': {
      if (text === null || !/^[0-9]+$/.test(text)) return { ok: false, reason: `value must be digits only (^\\d+$), found ${describe(text)}` };
      const n = Number(text);
      if (!Number.isSafeInteger(n)) return { ok: false, reason: `value ${text} is beyond the largest safe integer ${Number.MAX_SAFE_INTEGER}` };
      return { ok: true, value: n };
    }
    case 'group':
      if (text === null || text === '') return { ok: false, reason: 'empty: a group name is required' };
      return { ok: true, value: text };
    case 'group-or-empty':
    case 'text':
      // OTRS reads undef as the empty text.
      return { ok: true, value: text ?? '' };
    default:
      return unknownType(type);
  }
}

function describe(text: PerlScalar): string {
  return text === null ? 'nothing (null)' : JSON.stringify(text);
}

function codePointHex(ch: string): string {
  return (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
}
