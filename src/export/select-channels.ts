import schema from '../../schema/otrs-chat-config.schema.json' with { type: 'json' };
import { channelName, MAX_NAME_LENGTH } from '../config/rules.js';
import type { ActualChannel, ActualState } from '../model/actual-state.js';
import { createGroupIndex, type GroupIndex } from '../plan/group-index.js';
import { nameKeyFor } from '../plan/name-key.js';
import { compareCodePoints, controlCharacter } from '../model/text.js';
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
 * when several rows hold its name exactly, or when the database sees its name as the same as an
 * exported channel's (the first in name order is exported).
 */
export function selectChannels(actual: ActualState): ChannelSelection {
  const key = nameKeyFor(actual.capabilities.nameComparison);
  const groups = createGroupIndex(actual.groups, key);
  const channels: ExportedChannel[] = [];
  const leftOut: LeftOutChannel[] = [];
  const exportedByKey = new Map<string, ExportedChannel>();
  const sharing = rowsSharingNames(actual.channels);
  for (const row of [...actual.channels].sort((a, b) => compareCodePoints(a.name, b.name) || a.id - b.id)) {
    const problem = nameProblem(row) ?? groupProblem(row, groups) ?? commentProblem(row) ?? sharedNameProblem(row, sharing);
    const twin = exportedByKey.get(key(row.name));
    if (problem) leftOut.push({ row, ...problem });
    else if (twin) {
      leftOut.push({ row, code: 'duplicate-channel', reason: `name is the same as that of channel ${quoteForMessage(twin.name)} (id ${twin.id}) to this database, which is exported` });
    } else {
      const exported = toExported(row, row.group ?? '');
      channels.push(exported);
      exportedByKey.set(key(row.name), exported);
    }
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

/** Names that several rows hold exactly (a table without OTRS's unique key): id lists by name. */
function rowsSharingNames(rows: readonly ActualChannel[]): ReadonlyMap<string, readonly number[]> {
  const ids = new Map<string, number[]>();
  for (const r of rows) ids.set(r.name, [...(ids.get(r.name) ?? []), r.id]);
  return new Map([...ids].filter(([, list]) => list.length > 1));
}

/** The planner refuses a config name that matches several rows exactly, so none of them can be exported. */
function sharedNameProblem(row: ActualChannel, sharing: ReadonlyMap<string, readonly number[]>): Problem | undefined {
  const ids = sharing.get(row.name);
  if (!ids) return undefined;
  return { code: 'duplicate-channel', reason: `name is held by ${ids.length} rows (ids ${[...ids].sort((a, b) => a - b).join(', ')}), which a config name cannot tell apart` };
}

/** The config's name rule (src/config/rules.ts), plus: the name must not change when trimmed. */
function nameProblem(row: ActualChannel): Problem | undefined {
  const fail = (reason: string): Problem => ({ code: 'channel-name', reason });
  const trimmed = channelName(row.name);
  if (trimmed === '') return fail('name is empty or only white space');
  if (trimmed !== row.name) return fail('name starts or ends with white space, which a config name cannot keep (OTRS trims names)');
  const control = controlCharacter(row.name);
  if (control) return fail(`name contains the control character ${control}`);
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
