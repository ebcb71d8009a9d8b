import type { ActualChannel, ActualGroup, DatabaseCapabilities } from '../model/actual-state.js';
import type { DesiredChannel } from '../model/desired-state.js';
import type { SourceLocation } from '../model/source-location.js';
import type { CreateChannel, FieldChange, UpdateChannel } from './change.js';
import { withLocation, type Findings } from './findings.js';
import { resolveGroup, type GroupIndex } from './group-index.js';

/** What turning a desired channel into a change needs to know about the database. */
export interface ChannelContext {
  readonly capabilities: DatabaseCapabilities;
  readonly groups: GroupIndex;
  readonly findings: Findings;
}

const FLAGS = ['availableToCustomerUsers', 'availableToPublicUsers'] as const;

/** A channel no row matched: create it. `undefined` when a problem was reported instead. */
export function createChannelChange(d: DesiredChannel, ctx: ChannelContext): CreateChannel | undefined {
  const group = checkChannel(d, ctx);
  if (!group) return undefined;
  return {
    kind: 'create-channel',
    name: d.name,
    group: group.name,
    groupId: group.id,
    availableToCustomerUsers: ctx.capabilities.availabilityColumns ? d.availableToCustomerUsers : false,
    availableToPublicUsers: ctx.capabilities.availabilityColumns ? d.availableToPublicUsers : false,
    valid: d.valid,
    comment: d.comment,
    reason: 'config',
  };
}

/**
 * A channel matched to a row: the fields that differ, in the order name, group, the two flags,
 * valid, comment. `undefined` when nothing differs (or a problem was reported).
 */
export function updateChannelChange(d: DesiredChannel, row: ActualChannel, ctx: ChannelContext): UpdateChannel | undefined {
  const group = checkChannel(d, ctx);
  if (!group) return undefined;
  // Most channels of a plan are unchanged: compare before building anything.
  if (
    row.name === d.name &&
    row.groupId === group.id &&
    (!ctx.capabilities.availabilityColumns ||
      ((row.availableToCustomerUsers ?? false) === d.availableToCustomerUsers && (row.availableToPublicUsers ?? false) === d.availableToPublicUsers)) &&
    row.valid === d.valid &&
    row.comment === d.comment
  ) {
    return undefined;
  }
  const fields: FieldChange[] = [];
  if (row.name !== d.name) fields.push({ field: 'name', old: row.name, new: d.name });
  if (row.groupId !== group.id) fields.push({ field: 'group', old: row.group, new: group.name, newGroupId: group.id });
  if (ctx.capabilities.availabilityColumns) {
    for (const field of FLAGS) {
      // A row read without availability columns has `null`: the database's default, 0.
      const old = row[field] ?? false;
      if (old !== d[field]) fields.push({ field, old, new: d[field] });
    }
  }
  if (row.valid !== d.valid) fields.push({ field: 'valid', old: row.valid, new: d.valid });
  if (row.comment !== d.comment) fields.push({ field: 'comment', old: row.comment, new: d.comment });
  if (fields.length === 0) return undefined;
  return row.name !== d.name
    ? { kind: 'update-channel', id: row.id, name: d.name, renamedFrom: row.name, fields }
    : { kind: 'update-channel', id: row.id, name: d.name, fields };
}

/**
 * The checks every desired channel passes, changed or not; returns its group when it resolves.
 * The subject of a message is only built when there is something to say.
 */
function checkChannel(d: DesiredChannel, ctx: ChannelContext): ActualGroup | undefined {
  const { capabilities } = ctx;
  if (mayBeUnstorable(d.name, capabilities)) checkStorableText(channelSubject(d), 'name', d.name, d.location, ctx);
  if (mayBeUnstorable(d.comment, capabilities)) checkStorableText(channelSubject(d), 'comment', d.comment, d.commentLocation ?? d.location, ctx);
  if (!capabilities.availabilityColumns) {
    for (const field of FLAGS) {
      if (d[field]) {
        ctx.findings.problems.push({
          code: 'no-availability-columns',
          message: `${channelSubject(d)}: ${field} is true, but chat_channel in this database has no availability columns`,
          hint: 'pass --availability-columns CUSTOMER_COL,PUBLIC_COL if your OTRS names them differently; otherwise remove the flag (OTRS 6 has no such setting)',
          location: d.location,
        });
      }
    }
  }
  // A known, valid group needs no message: resolveGroup finds the same group and says why otherwise.
  const group = ctx.groups.find(d.group);
  if (group?.valid) return group;
  return resolveGroup(ctx.groups, d.group, channelSubject(d), d.location, ctx.findings);
}

function channelSubject(d: DesiredChannel): string {
  return `channel ${JSON.stringify(d.name)}`;
}

/** A surrogate pair: a character beyond U+FFFF, four bytes in UTF-8. */
const FOUR_BYTE_CHARACTER = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

/** Whether `checkStorableText` could find anything in `text`: a cheap test, no allocation. */
function mayBeUnstorable(text: string, capabilities: DatabaseCapabilities): boolean {
  return (capabilities.dialect === 'postgres' && text.includes('\0')) || (!capabilities.supportsFourByteCharacters && FOUR_BYTE_CHARACTER.test(text));
}

/**
 * Text the database cannot store is refused at plan time, not by a failing apply:
 * - PostgreSQL's text types cannot hold U+0000 at all (a comment may be given one as `"\0"`);
 * - MySQL's 3-byte `utf8` (utf8mb3) cannot store characters beyond U+FFFF: strict mode fails the
 *   statement, non-strict mode cuts the text there (docs/otrs.md).
 */
export function checkStorableText(
  subject: string,
  field: 'name' | 'comment',
  text: string,
  location: SourceLocation | undefined,
  ctx: Pick<ChannelContext, 'capabilities' | 'findings'>,
): void {
  if (ctx.capabilities.dialect === 'postgres' && text.includes('\0')) {
    ctx.findings.problems.push(withLocation({
      code: 'nul-character',
      message: `${subject}: PostgreSQL cannot store the character U+0000 (NUL) in its ${field}`,
      hint: 'remove the "\\0" from the text',
    }, location));
  }
  if (ctx.capabilities.supportsFourByteCharacters) return;
  const wide = FOUR_BYTE_CHARACTER.exec(text)?.[0];
  if (wide === undefined) return;
  const codePoint = `U+${(wide.codePointAt(0) ?? 0).toString(16).toUpperCase()}`;
  ctx.findings.problems.push(withLocation({
    code: 'four-byte-character',
    message: `${subject}: the chat_channel table's character set (utf8mb3) cannot store the character ${codePoint} in its ${field}`,
    hint: 'remove the character, or convert chat_channel to utf8mb4 (ALTER TABLE chat_channel CONVERT TO CHARACTER SET utf8mb4)',
  }, location));
}
