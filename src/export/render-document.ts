import { Document, isMap, isScalar, isSeq, visit, type Node, type ScalarTag, type Tags } from 'yaml';
import type { SettingValue } from '../model/desired-state.js';
import type { Validity } from '../model/validity.js';
import { doubleQuoted, scalarStyle } from './scalar-style.js';

/** A channel as the export writes it: only what differs from the config's defaults ends up in the file. */
export interface ExportedChannel {
  /** The row's id: not written, but it names the row in warnings and orders ties. */
  readonly id: number;
  readonly groupId: number;
  readonly name: string;
  readonly group: string;
  /** `null`: the table has no availability columns. */
  readonly availableToCustomerUsers: boolean | null;
  readonly availableToPublicUsers: boolean | null;
  readonly valid: Validity;
  readonly comment: string;
}

export interface ExportedSetting {
  readonly name: string;
  readonly value: SettingValue;
}

/** One file's content; an absent part is left out of the file (never written empty by accident). */
export interface DocumentParts {
  readonly schemaUrl: string;
  /** One-line messages, each written as `# WARNING: …` under the schema line. */
  readonly warnings: readonly string[];
  readonly settings?: readonly ExportedSetting[];
  readonly channels?: readonly ExportedChannel[];
}

/**
 * The fixed options every exported file is written with: no line folding (a long comment stays
 * one line, so a change to it is a one-line diff), literal blocks only, sequences indented under
 * their key as in the examples.
 */
const TO_STRING = { lineWidth: 0, minContentWidth: 0, indentSeq: true, blockQuote: 'literal', defaultKeyType: 'PLAIN' } as const;

/**
 * The text of one exported file: the schema line (editors with the YAML language server check
 * the file against it), the warnings, then `version: 1` and the parts given. Byte-identical for
 * the same parts.
 */
export function renderDocument(parts: DocumentParts): string {
  const body: Record<string, unknown> = { version: 1 };
  if (parts.settings) body.settings = Object.fromEntries(parts.settings.map((s) => [s.name, escapeInterpolation(s.value)]));
  if (parts.channels) body.channels = parts.channels.map(channelEntry);
  const doc = new Document(body, { customTags: withOwnDoubleQuotes, version: '1.2' });
  styleStrings(doc);
  spaceOut(doc);
  return header(parts) + doc.toString(TO_STRING);
}

function header(parts: DocumentParts): string {
  const lines = [`# yaml-language-server: $schema=${parts.schemaUrl}`];
  if (parts.warnings.length > 0) {
    // Not push(...): a list of 100,000s of warnings would overflow the stack as arguments.
    lines.push('#');
    for (const w of parts.warnings) lines.push(`# WARNING: ${w}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Keys in the order of the README's table; defaults (`false`, `valid`, empty comment) left out. */
function channelEntry(c: ExportedChannel): Record<string, unknown> {
  return {
    name: escapeInterpolation(c.name),
    group: escapeInterpolation(c.group),
    ...(c.availableToCustomerUsers ? { availableToCustomerUsers: true } : {}),
    ...(c.availableToPublicUsers ? { availableToPublicUsers: true } : {}),
    ...(c.valid === 'valid' ? {} : { valid: c.valid }),
    ...(c.comment === '' ? {} : { comment: escapeInterpolation(c.comment) }),
  };
}

/**
 * The config reader replaces `${VAR}` in every string value and reads `$${` as a literal `${`
 * (docs/design.md §2): a stored `${` must be written `$${` to come back as itself.
 */
export function escapeInterpolation<T extends SettingValue>(value: T): T {
  // A function as the replacement: in a replacement string `$$` would mean one `$`.
  return (typeof value === 'string' ? value.replaceAll('${', () => '$${') : value) as T;
}

function styleStrings(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string') node.type = scalarStyle(node.value);
    },
  });
}

/** A blank line before `settings`, `channels` and each channel after the first, as people write them. */
function spaceOut(doc: Document): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  for (const pair of root.items.slice(1)) {
    if (isScalar(pair.key)) pair.key.spaceBefore = true;
    if (isSeq(pair.value)) for (const item of pair.value.items.slice(1)) (item as Node).spaceBefore = true;
  }
}

/**
 * The `yaml` package's string tag, except that double-quoted strings are written by
 * `doubleQuoted`: the package leaves NEL, LS, PS, the byte-order mark and C1 controls unescaped.
 */
function withOwnDoubleQuotes(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:str' || tag.collection) return tag;
    const plain: ScalarTag = tag;
    return {
      ...plain,
      stringify: (item, ctx, onComment, onChompKeep) =>
        item.type === 'QUOTE_DOUBLE' && typeof item.value === 'string' ? doubleQuoted(item.value) : (plain.stringify?.(item, ctx, onComment, onChompKeep) ?? String(item.value)),
    };
  });
}
