import type { SourceLocation } from '../model/source-location.js';
import { isPlainKey, readValue, type Place } from './simple-yaml-values.js';
import type { MapEntry, MapNode, SeqNode, SourceNode } from './source-node.js';

/**
 * The fast path of the config reader. Config files nearly always use a small part of YAML:
 * block mappings and sequences, one-line plain or quoted values, one-line flow lists of such
 * values (`previousNames: [Old name]`), comments. `parseSimpleYaml` reads exactly that part in one
 * pass over the lines, straight into the `SourceNode` tree, about ten times faster than the YAML
 * parser and without loading it.
 *
 * Anything else — an anchor, a tag, a block scalar, a multi-line or escaped value, a tab, a
 * document marker, a key written twice, an empty value, odd indentation, any doubt — gives
 * `undefined`, and the caller parses the file with the YAML parser (`parseConfigText`), which
 * also says what is wrong. So for every text it accepts the tree is the one `parseConfigText`
 * builds, places included, with no problems (test/config/simple-yaml.test.ts checks that on
 * generated and mutated documents), and every problem message comes from one place.
 */
export function parseSimpleYaml(text: string, file: string): MapNode | undefined {
  if (UNUSUAL_CHARACTER.test(text) || LONE_CARRIAGE_RETURN.test(text)) return undefined;
  const reader = new SimpleYamlReader(file);
  let lineStart = 0;
  for (let lineNumber = 1; lineStart < text.length || lineNumber === 1; lineNumber++) {
    const newline = text.indexOf('\n', lineStart);
    const end = newline === -1 ? text.length : newline;
    const line = text.charCodeAt(end - 1) === CR && end > lineStart ? text.slice(lineStart, end - 1) : text.slice(lineStart, end);
    if (!reader.line(line, lineNumber)) return undefined;
    if (newline === -1) break;
    lineStart = newline + 1;
  }
  return reader.finish();
}

const CR = 13;
const SPACE = 32;
const HASH = 35;
const DASH = 45;

/**
 * Printable text as YAML 1.2 defines it, minus the byte-order mark and tab; the carriage return
 * is allowed here and checked on its own (only as part of CRLF).
 */
const UNUSUAL_CHARACTER = /[^\n\r\x20-\x7E\xA0-\uD7FF\uE000-\uFEFE\uFF00-\uFFFD\u{10000}-\u{10FFFF}]/u;
const LONE_CARRIAGE_RETURN = /\r(?!\n)/;

/** Deeper than any valid config (4 levels): leave the rest to the parser and its depth limit. */
const MAX_DEPTH = 16;

interface MapFrame {
  readonly kind: 'map';
  readonly indent: number;
  readonly entries: MapEntry[];
  readonly keys: Set<string>;
  readonly node: MapNode;
}

interface SeqFrame {
  readonly kind: 'seq';
  readonly indent: number;
  readonly items: SourceNode[];
  readonly node: SeqNode;
}

type Frame = MapFrame | SeqFrame;

/** A `key:` whose value starts on a later line (a nested mapping or list). */
interface PendingKey {
  readonly frame: MapFrame;
  readonly key: string;
  readonly keyLocation: SourceLocation;
  readonly indent: number;
}

/**
 * Reads one line at a time. Every method returns false (or undefined) as soon as the text leaves
 * the simple part of YAML; the reader is then abandoned.
 */
class SimpleYamlReader {
  private readonly stack: Frame[] = [];
  private pending: PendingKey | undefined;
  private lineNumber = 0;
  /** The place of a column (0-based) of the line being read, 1-based as the YAML parser's LineCounter gives it. */
  private readonly at: Place = (column) => ({ file: this.file, line: this.lineNumber, column: column + 1 });

  constructor(private readonly file: string) {}

  line(line: string, lineNumber: number): boolean {
    this.lineNumber = lineNumber;
    let indent = 0;
    while (line.charCodeAt(indent) === SPACE) indent++;
    if (indent === line.length || line.charCodeAt(indent) === HASH) return true; // blank or comment
    // Document markers and directives: several documents, `%YAML`, ... are the parser's business.
    if (indent === 0 && (line.startsWith('---') || line.startsWith('...') || line.startsWith('%'))) return false;
    const dash = isDash(line, indent);
    if (this.stack.length === 0) {
      // The top level is a mapping starting in the first column; anything else is reported by the parser.
      if (indent !== 0 || dash) return false;
      this.stack.push(mapFrame(indent, this.at(indent)));
    }
    if (this.pending && !this.openPending(indent, dash)) return false;
    const top = this.frameAt(indent, dash);
    if (!top) return false;
    return top.kind === 'map' ? !dash && this.mapEntry(top, line, indent) : dash && this.seqEntry(top, line, indent);
  }

  finish(): MapNode | undefined {
    const root = this.stack[0];
    return this.pending || !root || root.kind !== 'map' ? undefined : root.node;
  }

  /** The value of a pending `key:` is the block that starts on this line: a list, or a mapping indented further. */
  private openPending(indent: number, dash: boolean): boolean {
    const pending = this.pending;
    if (!pending) return true;
    this.pending = undefined;
    // A list may start in the key's own column; a mapping must be indented further. Else the value is empty.
    if (dash ? indent < pending.indent : indent <= pending.indent) return false;
    if (this.stack.length >= MAX_DEPTH) return false;
    const frame = dash ? seqFrame(indent, this.at(indent)) : mapFrame(indent, this.at(indent));
    pending.frame.entries.push({ key: pending.key, keyLocation: pending.keyLocation, value: frame.node });
    this.stack.push(frame);
    return true;
  }

  /** Closes the blocks this line is left of, and returns the one it continues (in its column). */
  private frameAt(indent: number, dash: boolean): Frame | undefined {
    const stack = this.stack;
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) > indent) stack.pop();
    let top = stack[stack.length - 1];
    // A list in its key's column ends at the next key of that mapping.
    if (top?.kind === 'seq' && top.indent === indent && !dash) {
      stack.pop();
      top = stack[stack.length - 1];
    }
    return top?.indent === indent ? top : undefined;
  }

  /** `key: value`, or `key:` with its value on the next lines. */
  private mapEntry(frame: MapFrame, line: string, start: number): boolean {
    const colon = keyEnd(line, start);
    if (colon === -1) return false;
    const key = line.slice(start, colon);
    if (!isPlainKey(key) || frame.keys.has(key)) return false;
    frame.keys.add(key);
    const keyLocation = this.at(start);
    let from = colon + 1;
    while (line.charCodeAt(from) === SPACE) from++;
    if (from === line.length || line.charCodeAt(from) === HASH) {
      this.pending = { frame, key, keyLocation, indent: start };
      return true;
    }
    const value = readValue(line, from, this.at);
    if (!value || !restIsComment(line, value.end)) return false;
    frame.entries.push({ key, keyLocation, value: value.node });
    return true;
  }

  /** `- value`, or `- key: value` starting a mapping in the list. */
  private seqEntry(frame: SeqFrame, line: string, dash: number): boolean {
    let from = dash + 1;
    while (line.charCodeAt(from) === SPACE) from++;
    // An empty item, or a list in a list: the parser's.
    if (from === line.length || line.charCodeAt(from) === HASH || isDash(line, from)) return false;
    const first = line[from] ?? '';
    if (first !== '"' && first !== "'" && first !== '[' && keyEnd(line, from) !== -1) {
      if (this.stack.length >= MAX_DEPTH) return false;
      const map = mapFrame(from, this.at(from));
      frame.items.push(map.node);
      this.stack.push(map);
      return this.mapEntry(map, line, from);
    }
    const value = readValue(line, from, this.at);
    if (!value || !restIsComment(line, value.end)) return false;
    frame.items.push(value.node);
    return true;
  }

}

function mapFrame(indent: number, location: SourceLocation): MapFrame {
  const entries: MapEntry[] = [];
  return { kind: 'map', indent, entries, keys: new Set(), node: { kind: 'map', entries, location } };
}

function seqFrame(indent: number, location: SourceLocation): SeqFrame {
  const items: SourceNode[] = [];
  return { kind: 'seq', indent, items, node: { kind: 'seq', items, location } };
}

/** `-` as a list marker: followed by a space or the end of the line. */
function isDash(line: string, at: number): boolean {
  return line.charCodeAt(at) === DASH && (at + 1 === line.length || line.charCodeAt(at + 1) === SPACE);
}

/** Where a plain key that starts at `from` ends: the first `:` followed by a space or the line's end; -1 when none, or a comment comes first. */
function keyEnd(line: string, from: number): number {
  let i = from;
  for (;;) {
    const colon = line.indexOf(':', i);
    if (colon === -1) return -1;
    if (colon + 1 === line.length || line.charCodeAt(colon + 1) === SPACE) {
      const comment = line.indexOf(' #', from);
      return comment !== -1 && comment < colon ? -1 : colon;
    }
    i = colon + 1;
  }
}

/** Only spaces, then the end of the line or a comment, follow a value. */
function restIsComment(line: string, from: number): boolean {
  let i = from;
  while (line.charCodeAt(i) === SPACE) i++;
  return i === line.length || (i > from && line.charCodeAt(i) === HASH);
}
