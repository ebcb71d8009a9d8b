import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node, YAMLError } from 'yaml';
import type { Problem } from '../errors.js';
import { formatLocation, type SourceLocation } from '../model/source-location.js';
import type { MapEntry, MapNode, SourceNode } from './source-node.js';

/** Deeper than any valid config (4 levels) by far; stops recursion on hostile input. */
const MAX_DEPTH = 32;

/** Explicit tags that only restate what YAML 1.2 already reads; any other tag is refused. */
const ALLOWED_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** Result of parsing one file's text: a top-level mapping, or the problems that prevent it. */
export interface ParsedText {
  readonly root?: MapNode;
  readonly problems: readonly Problem[];
}

/**
 * Parses the text of one config file as a single YAML 1.2 document (core schema) and reduces
 * it to a `SourceNode` tree. Pure: no file access. Aliases are refused rather than expanded, so
 * an alias bomb costs no more than its own text; custom tags are refused rather than read as
 * plain strings.
 */
export function parseConfigText(text: string, file: string): ParsedText {
  const lines = new LineCounter();
  const at = (offset: number): SourceLocation => {
    const { line, col } = lines.linePos(offset);
    return { file, line, column: col };
  };
  // schema core, merge off and resolveKnownTags off: `yes`, `<<`, `!!binary` and timestamps mean
  // nothing special, whatever `%YAML` directive the file carries.
  let doc: ReturnType<typeof parseDocument>;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true, schema: 'core', merge: false, resolveKnownTags: false });
  } catch (error) {
    // The parser recurses; absurd nesting can exhaust the stack. That is bad input, not a bug here.
    const reason = error instanceof Error ? error.message : String(error);
    return { problems: [{ code: 'yaml-syntax', message: `YAML could not be parsed: ${reason}`, location: at(0), hint: 'is it nested far too deeply?' }] };
  }
  // A warning is an error here: a file that YAML reads with doubts is not applied to production.
  // Most of them stop the file; a refused tag and a key written twice spoil one value or key, so
  // the rest of the file is still read and checked, and every other problem in it still reported.
  const yamlErrors = [...doc.errors, ...doc.warnings];
  const tagWarnings = yamlErrors.filter((e) => e.code === 'TAG_RESOLVE_FAILED');
  const duplicateKeys = yamlErrors.filter((e) => e.code === 'DUPLICATE_KEY');
  if (yamlErrors.length > tagWarnings.length + duplicateKeys.length) return { problems: yamlErrors.map((e) => fromYamlError(e, at)) };

  const contents = doc.contents;
  if (contents === null) {
    const empty = text.trim() === '';
    return {
      problems: [{ code: 'empty-file', message: empty ? 'file is empty' : 'file has no content, only comments', location: at(0), hint: 'start it with `version: 1`' }],
    };
  }
  const problems: Problem[] = [];
  const root = reduce(contents, { at, problems, tags: tagTracker(tagWarnings) }, 0, null);
  // YAML reports a refused tag where the tag is written; `reduce` left those nodes out.
  for (const e of tagWarnings) problems.push(fromYamlError(e, at));
  // `reduce` names both places of a key written twice; YAML also catches keys written
  // differently with one value (`1` and `01`), which only it can report.
  for (const e of duplicateKeys) {
    const problem = fromYamlError(e, at);
    const reported = problems.some((p) => p.code === 'duplicate-key' && p.location?.line === problem.location?.line && p.location?.column === problem.location?.column);
    if (!reported) problems.push(problem);
  }
  // Aliases (a bomb is dozens of them) and absurd nesting are hostile input: the file stops here.
  const hostile = problems.some((p) => p.code === 'yaml-alias' || p.code === 'too-deep');
  if (hostile || (problems.length > 0 && root.kind !== 'map')) return { problems: collapseAliases(problems) };
  if (root.kind !== 'map') {
    const found = root.kind === 'seq' ? 'a list' : 'a single value';
    return { problems: [{ code: 'not-a-mapping', message: `expected a mapping at the top level, found ${found}`, location: root.location, hint: 'a config file looks like `version: 1` followed by `settings:` and `channels:`' }] };
  }
  return { root, problems };
}

/** What `reduce` carries down the tree. */
interface ReduceContext {
  readonly at: (offset: number) => SourceLocation;
  readonly problems: Problem[];
  readonly tags: TagTracker;
}

/** Says whether YAML already reported the tag of a node `reduce` refuses. */
interface TagTracker {
  reportedBefore(nodeStart: number): boolean;
}

/**
 * YAML reports an unresolved tag at the tag, which comes right before its node; `reduce` visits
 * nodes in document order. So the last warning that ends before a refused node is that node's,
 * unless an earlier node took it. A refused tag YAML did not report is reported by `reduce`.
 */
function tagTracker(warnings: readonly YAMLError[]): TagTracker {
  const ends = warnings.map((w) => w.pos[1]).sort((a, b) => a - b);
  let next = 0;
  let unclaimed = false;
  return {
    reportedBefore(nodeStart) {
      while (next < ends.length && (ends[next] ?? Infinity) <= nodeStart) {
        next++;
        unclaimed = true;
      }
      const claimed = unclaimed;
      unclaimed = false;
      return claimed;
    },
  };
}

function fromYamlError(e: YAMLError, at: (offset: number) => SourceLocation): Problem {
  const location = at(e.pos[0]);
  switch (e.code) {
    case 'DUPLICATE_KEY':
      return { code: 'duplicate-key', message: 'duplicate key: the same key appears earlier in this mapping', location, hint: 'remove one of them' };
    case 'TAG_RESOLVE_FAILED': {
      // The core schema resolves exactly the harmless tags, so YAML itself flags all others, at the tag.
      return tagProblem(e.message.replace(/^Unresolved tag: /, ''), location);
    }
    case 'MULTIPLE_DOCS':
      return { code: 'multiple-documents', message: 'a config file holds one YAML document, but a second one starts here', location, hint: 'remove the `---` line or split the file in two' };
    default:
      return { code: 'yaml-syntax', message: `YAML syntax error: ${lowerFirst(e.message)}`, location };
  }
}

/** `tag:yaml.org,2002:binary` reads as the user wrote it: `!!binary`. */
function tagProblem(tag: string, location: SourceLocation): Problem {
  return {
    code: 'yaml-tag',
    message: `YAML tag ${tag.replace('tag:yaml.org,2002:', '!!')} is not supported`,
    location,
    hint: 'remove the tag: values are plain text, numbers, booleans, lists and mappings',
  };
}

/** An alias bomb holds dozens of aliases; one problem per file says it all. */
function collapseAliases(problems: readonly Problem[]): Problem[] {
  const aliases = problems.filter((p) => p.code === 'yaml-alias');
  const first = aliases[0];
  if (!first || aliases.length === 1) return [...problems];
  const summary: Problem = { ...first, message: `${first.message} (nor are the other ${aliases.length - 1} aliases in this file)` };
  return problems.flatMap((p) => (p === first ? [summary] : p.code === 'yaml-alias' ? [] : [p]));
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** Where a value node starts; an empty value (`key:`) has no text of its own, so use its key's place. */
function nodeLocation(node: Node, at: (offset: number) => SourceLocation, keyLocation: SourceLocation | null): SourceLocation {
  const range = node.range;
  if (keyLocation && (!range || range[0] === range[1])) return keyLocation;
  return at(range?.[0] ?? 0);
}

function reduce(node: Node, ctx: ReduceContext, depth: number, keyLocation: SourceLocation | null): SourceNode {
  const { at, problems } = ctx;
  const location = nodeLocation(node, at, keyLocation);
  const placeholder: SourceNode = { kind: 'scalar', value: null, location, unreadable: true };
  if (depth > MAX_DEPTH) {
    problems.push({ code: 'too-deep', message: `values are nested more than ${MAX_DEPTH} levels deep`, location });
    return placeholder;
  }
  if (isAlias(node)) {
    problems.push({ code: 'yaml-alias', message: `YAML aliases (*${node.source}) are not supported`, location, hint: 'write the value out in full, or use ${VAR} interpolation to share a value' });
    return placeholder;
  }
  if (node.tag !== undefined && !ALLOWED_TAGS.has(node.tag)) {
    if (!ctx.tags.reportedBefore(node.range?.[0] ?? 0)) problems.push(tagProblem(node.tag, location));
    return placeholder;
  }
  if (isMap(node)) {
    const entries: MapEntry[] = [];
    const firstSeen = new Map<string, SourceLocation>();
    let incomplete = false;
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const keyLoc = keyNode ? nodeLocation(keyNode, at, null) : location;
      const key = keyText(keyNode, keyLoc, ctx);
      const value: SourceNode = pair.value ? reduce(pair.value as Node, ctx, depth + 1, keyLoc) : { kind: 'scalar', value: null, location: keyLoc };
      if (key === null) {
        incomplete = true;
        continue;
      }
      const first = firstSeen.get(key);
      if (first) problems.push({ code: 'duplicate-key', message: `key \`${key}\` appears twice in this mapping: here and at ${formatLocation(first)}`, location: keyLoc, hint: 'remove one of them' });
      else firstSeen.set(key, keyLoc);
      entries.push({ key, keyLocation: keyLoc, value });
    }
    return incomplete ? { kind: 'map', entries, location, incomplete: true } : { kind: 'map', entries, location };
  }
  if (isSeq(node)) {
    const items = node.items.map((item): SourceNode => (item ? reduce(item as Node, ctx, depth + 1, null) : { kind: 'scalar', value: null, location }));
    return { kind: 'seq', items, location };
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string') return { kind: 'scalar', value: v, location };
    if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
      // Kept for hints: `007` reads as 7, and "quote it" must quote what was written.
      return typeof node.source === 'string' ? { kind: 'scalar', value: v, location, source: node.source } : { kind: 'scalar', value: v, location };
    }
    problems.push({ code: 'yaml-value', message: `unsupported value ${String(node.source ?? v)}`, location, hint: 'quote it to make it text' });
    return placeholder;
  }
  problems.push({ code: 'yaml-value', message: 'unsupported YAML node', location });
  return placeholder;
}

/** Keys must be plain scalars; a non-text scalar key keeps the text the user typed (`1`, `~`). `null`: refused (and reported). */
function keyText(key: Node | null, location: SourceLocation, ctx: ReduceContext): string | null {
  const { problems } = ctx;
  if (key === null) return '';
  if (isAlias(key)) {
    problems.push({ code: 'yaml-alias', message: `YAML aliases (*${key.source}) are not supported`, location, hint: 'write the key out in full' });
    return null;
  }
  if (!isScalar(key)) {
    problems.push({ code: 'complex-key', message: 'only plain text keys are allowed', location });
    return null;
  }
  if (key.tag !== undefined && !ALLOWED_TAGS.has(key.tag)) {
    if (!ctx.tags.reportedBefore(key.range?.[0] ?? 0)) problems.push(tagProblem(key.tag, location));
    return null;
  }
  return typeof key.value === 'string' ? key.value : (key.source ?? String(key.value));
}
