import type { SourceLocation } from '../model/source-location.js';

/**
 * A YAML document reduced to what the config language allows (mappings with text keys,
 * sequences, plain values), every node carrying its place in the file. Built by the loader,
 * read by validation, so validation never needs the YAML library's own node types.
 */
export type SourceNode = ScalarNode | MapNode | SeqNode;

export interface ScalarNode {
  readonly kind: 'scalar';
  /** As YAML 1.2 (core schema) reads it; strings are not yet interpolated. */
  readonly value: string | number | boolean | null;
  readonly location: SourceLocation;
  /** A number or boolean as written (`007`, `1e3`, `True`): a hint to quote it quotes this, not the value YAML read. */
  readonly source?: string;
  /** Stands for a value the loader refused (a tag, `.inf`) and already reported: validation adds nothing about it. */
  readonly unreadable?: true;
}

export interface MapEntry {
  readonly key: string;
  readonly keyLocation: SourceLocation;
  readonly value: SourceNode;
}

export interface MapNode {
  readonly kind: 'map';
  readonly entries: readonly MapEntry[];
  readonly location: SourceLocation;
  /** A key was refused (and reported) by the loader, so a key that seems missing may be that one. */
  readonly incomplete?: true;
}

export interface SeqNode {
  readonly kind: 'seq';
  readonly items: readonly SourceNode[];
  readonly location: SourceLocation;
}

/** What a JSON pointer into a file's value leads to: the node and, inside a mapping, its key. */
export interface LocatedNode {
  readonly node: SourceNode;
  readonly entry?: MapEntry;
}

/**
 * Follows decoded JSON-pointer segments through the tree. A repeated key resolves to its last
 * occurrence, as the converted value does. Returns the deepest node reached when the path
 * leaves the tree, so a problem always has a place.
 */
export function locate(root: SourceNode, segments: readonly string[]): LocatedNode {
  let current: LocatedNode = { node: root };
  for (const segment of segments) {
    const { node } = current;
    if (node.kind === 'map') {
      const entry = findEntry(node, segment);
      if (!entry) return current;
      current = { node: entry.value, entry };
    } else if (node.kind === 'seq') {
      const item = node.items[Number(segment)];
      if (!item) return current;
      current = { node: item };
    } else {
      return current;
    }
  }
  return current;
}

/** The last entry with this key, or undefined. */
export function findEntry(map: MapNode, key: string): MapEntry | undefined {
  for (let i = map.entries.length - 1; i >= 0; i--) {
    const entry = map.entries[i];
    if (entry?.key === key) return entry;
  }
  return undefined;
}

/** Splits an ajv `instancePath` (RFC 6901 JSON pointer) into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
}
