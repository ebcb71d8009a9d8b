import type { ErrorObject } from 'ajv/dist/2020.js';
import type { Problem } from '../errors.js';
import type { SourceLocation } from '../model/source-location.js';
import { codePointLength, describeValue, quote, typeNoun } from './describe-value.js';
import { didYouMean, suggestionHint } from './did-you-mean.js';
import type { SourceNode } from './source-node.js';

/** Where a schema error lands in the file (see `checkSchema`). */
export interface ErrorPlace {
  readonly segments: readonly string[];
  readonly node: SourceNode;
  readonly keyLocation?: SourceLocation | undefined;
}

/** Turns one ajv error into a message a person can act on, placed at the offending YAML node. */
export function schemaErrorToProblem(error: ErrorObject, place: ErrorPlace): Problem {
  const { segments, node } = place;
  const location = node.location;
  const subject = subjectOf(segments);
  const data: unknown = error.data;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const inSettings = segments.length === 1 && segments[0] === 'settings';
      const message = inSettings ? `unknown setting \`${key}\`` : `unknown key \`${key}\` ${containerName(segments)}`;
      return { code: inSettings ? 'unknown-setting' : 'unknown-key', message, location: place.keyLocation ?? location, hint: suggestionHint(key, known) };
    }
    case 'required': {
      const missing = String(params.missingProperty);
      if (segments.length === 0) {
        const hint = missing === 'version' ? { hint: 'add `version: 1` as the first line of the file' } : {};
        return { code: 'missing-key', message: `missing \`${missing}\` at the top level`, location, ...hint };
      }
      const name = node.kind === 'map' ? node.entries.find((e) => e.key === 'name')?.value : undefined;
      const which = name?.kind === 'scalar' && typeof name.value === 'string' ? `channel ${quote(name.value)}` : 'channel';
      return { code: 'missing-key', message: `${which} has no \`${missing}\``, location, hint: `add \`${missing}: ...\` to it` };
    }
    case 'type': {
      const expected = typeNoun(String(params.type));
      return { code: 'wrong-type', message: `${subject}: expected ${expected}, got ${describeValue(data)}`, location, ...typeHint(String(params.type), data, node) };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const guess = typeof data === 'string' ? didYouMean(data, allowed) : undefined;
      const hint = guess !== undefined ? { hint: `did you mean \`${guess}\`?` } : {};
      return { code: 'invalid-value', message: `${subject} must be one of ${allowed.join(', ')}, got ${describeValue(data)}`, location, ...hint };
    }
    case 'const':
      return { code: 'invalid-value', message: `${subject} must be ${JSON.stringify(params.allowedValue)}, got ${describeValue(data)}`, location };
    case 'minLength':
      return { code: 'invalid-value', message: params.limit === 1 ? `${subject} must not be empty` : `${subject} must have at least ${String(params.limit)} characters`, location };
    case 'maxLength':
      return { code: 'too-long', message: `${subject} is too long: ${codePointLength(String(data))} characters, at most ${String(params.limit)}`, location };
    case 'minimum':
    case 'maximum':
      return { code: 'out-of-range', message: `${subject} must be ${error.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}, got ${String(data)}`, location };
    case 'uniqueItems':
      return { code: 'duplicate-item', message: `${subjectOf(segments.slice(0, -1))} lists ${node.kind === 'scalar' ? quote(String(node.value)) : 'an item'} twice`, location, hint: 'remove one of them' };
    default:
      return { code: 'schema', message: `${subject} ${error.message ?? 'is not valid'}`, location };
  }
}

/** Names the value an error is about, from its path: `setting \`X\``, `\`group\``. */
function subjectOf(segments: readonly string[]): string {
  const [top, second, third, fourth] = segments;
  if (top === undefined) return 'the file';
  if (top === 'settings' && second !== undefined) return `setting \`${second}\``;
  if (top === 'channels' && second !== undefined) {
    if (third === undefined) return 'each entry of `channels`';
    if (fourth !== undefined) return `each entry of \`${third}\``;
    return `\`${third}\``;
  }
  return `\`${segments[segments.length - 1] ?? top}\``;
}

function containerName(segments: readonly string[]): string {
  if (segments.length === 0) return 'at the top level';
  if (segments[0] === 'channels') return 'in channel';
  return `in \`${segments.join('.')}\``;
}

const BOOLEAN_WORDS = new Set(['yes', 'no', 'on', 'off', 'y', 'n', 'true', 'false']);

function typeHint(expected: string, data: unknown, node: SourceNode): { hint?: string } {
  const interpolated = node.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('${');
  if (typeof data === 'string' && expected !== 'string') {
    if (interpolated) return { hint: 'a value from ${...} is always text; write numbers and booleans in the file itself' };
    if (expected === 'boolean' && BOOLEAN_WORDS.has(data.trim().toLowerCase())) return { hint: 'write true or false, without quotes' };
    if ((expected === 'integer' || expected === 'number') && data.trim() !== '' && !Number.isNaN(Number(data))) return { hint: 'remove the quotes' };
  }
  if (expected === 'string' && (typeof data === 'number' || typeof data === 'boolean')) {
    // Quote the text as written: `007` reads as 7, and "7" would be another name.
    const written = node.kind === 'scalar' && node.source !== undefined ? node.source : String(data);
    return { hint: `quote it: ${JSON.stringify(written)}` };
  }
  if (data === null) return { hint: 'give it a value, or remove the key' };
  return {};
}
