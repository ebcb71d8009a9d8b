import schema from '../../schema/otrs-chat-config.schema.json' with { type: 'json' };
import { channelName, MAX_NAME_LENGTH } from '../config/rules.js';
import type { ActualChannel, ActualState } from '../model/actual-state.js';
import { createGroupIndex, type GroupIndex } from '../plan/group-index.js';
import type { NameKey, NameKeys } from '../plan/name-key.js';
import { compareCodePoints, controlCharacter, invisibleCharacter } from '../model/text.js';
import { lengthProblem } from './text-checks.js';
import type { ExportedChannel } from './render-document.js';
import { quoteForMessage } from './scalar-style.js';

const CHANNEL_SCHEMA = schema.properties.channels.items.properties;

/** A row the config cannot express, and why (a phrase that follows "its …"). */
export interface LeftOutChannel {
  readonly row: ActualChannel;
  readonly code: 'channel-name' | 'channel-group' | 'channel-comment' | 'duplicate-channel';
  readonly reason: string;
}

export interface ChannelSelection {
  /** By name in code-point order (then id). */
  readonly channels: readonly ExportedChannel[];
  /** In the same order. */
  readonly leftOut: readonly LeftOutChannel[];
}

/**
 * Splits the rows into those the config can state exactly — so that planning the export
 * against this database matches each one to its own row and changes nothing — and the rest.
 * A row is left out when its name is not a config name as stored (OTRS and the config trim
 * names, so surrounding white space cannot come back; control characters, empty, too long),
 * when its group is gone or cannot be named, when its comment is longer than the config allows,
 * or when several rows hold what the database sees as one name (the planner refuses a config
 * name that matches several rows, so none of them can be exported).
 */
export function selectChannels(actual: ActualState, nameKeys: NameKeys): ChannelSelection {
  const key = nameKeys.channel;
  const groups = createGroupIndex(actual.groups, nameKeys.group);
  const channels: ExportedChannel[] = [];
  const leftOut: LeftOutChannel[] = [];
  const sharing = rowsSharingNames(actual.channels, key);
  for (const row of [...actual.channels].sort((a, b) => compareCodePoints(a.name, b.name) || a.id - b.id)) {
    const problem = nameProblem(row) ?? groupProblem(row, groups) ?? commentProblem(row) ?? sharedNameProblem(row, sharing, key);
    if (problem) leftOut.push({ row, ...problem });
    else channels.push(toExported(row, row.group ?? ''));
  }
  return { channels, leftOut };
}

function toExported(row: ActualChannel, group: string): ExportedChannel {
  return {
    id: row.id,
    groupId: row.groupId,
    name: row.name,
    group,
    availableToCustomerUsers: row.availableToCustomerUsers,
    availableToPublicUsers: row.availableToPublicUsers,
    valid: row.valid,
    comment: row.comment,
  };
}

type Problem = Pick<LeftOutChannel, 'code' | 'reason'>;

/**
 * Rows whose names are one name to the database (the same spelling on a table without OTRS's
 * unique key, or NFC / NFD twins, or spellings the collation equates): id lists by name key.
 */
function rowsSharingNames(rows: readonly ActualChannel[], key: NameKey): ReadonlyMap<string, readonly number[]> {
  const ids = new Map<string, number[]>();
  for (const r of rows) {
    const k = key(r.name);
    const list = ids.get(k);
    if (list) list.push(r.id);
    else ids.set(k, [r.id]);
  }
  return new Map([...ids].filter(([, list]) => list.length > 1));
}

/** The planner refuses a config name that matches several rows, so none of them can be exported. */
function sharedNameProblem(row: ActualChannel, sharing: ReadonlyMap<string, readonly number[]>, key: NameKey): Problem | undefined {
  const ids = sharing.get(key(row.name));
  if (!ids) return undefined;
  return {
    code: 'duplicate-channel',
    reason: `name is one name to this database with that of ${ids.length - 1} other row${ids.length > 2 ? 's' : ''} (ids ${[...ids].sort((a, b) => a - b).join(', ')}), which a config name cannot tell apart`,
  };
}

/** The config's name rule (src/config/rules.ts), plus: the name must not change when trimmed. */
function nameProblem(row: ActualChannel): Problem | undefined {
  const fail = (reason: string): Problem => ({ code: 'channel-name', reason });
  const trimmed = channelName(row.name);
  if (trimmed === '') return fail('name is empty or only white space');
  if (trimmed !== row.name) return fail('name starts or ends with white space, which a config name cannot keep (OTRS trims names)');
  const control = controlCharacter(row.name);
  if (control) return fail(`name contains the control character ${control}`);
  const invisible = invisibleCharacter(row.name);
  if (invisible) return fail(`name contains the invisible character ${invisible}, which a config name may not (it may only be a previous name)`);
  const long = lengthProblem(row.name, MAX_NAME_LENGTH);
  return long ? fail(`name is ${long}`) : undefined;
}

/**
 * The config names a channel's group by name; planning resolves the name as the database
 * compares names, so it must lead back to this very group.
 */
function groupProblem(row: ActualChannel, groups: GroupIndex): Problem | undefined {
  const fail = (reason: string): Problem => ({ code: 'channel-group', reason });
  if (row.group === null) return fail(`group (id ${row.groupId}) no longer exists`);
  if (row.group === '') return fail(`group (id ${row.groupId}) has an empty name`);
  const control = controlCharacter(row.group);
  if (control) return fail(`group ${quoteForMessage(row.group)} has the control character ${control} in its name`);
  const long = lengthProblem(row.group, CHANNEL_SCHEMA.group.maxLength);
  if (long) return fail(`group's name is ${long}`);
  const resolved = groups.find(row.group);
  if (resolved?.id !== row.groupId) return fail(`group ${quoteForMessage(row.group)} (id ${row.groupId}) cannot be told apart by name from group id ${resolved?.id ?? '?'}`);
  return undefined;
}

function commentProblem(row: ActualChannel): Problem | undefined {
  const long = lengthProblem(row.comment, CHANNEL_SCHEMA.comment.maxLength);
  return long ? { code: 'channel-comment', reason: `comment is ${long}` } : undefined;
}
