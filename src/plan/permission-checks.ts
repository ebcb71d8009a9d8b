import type { Problem } from '../errors.js';
import type { PermissionReading } from '../model/actual-state.js';
import { ACTIVE_SETTING } from '../settings/catalog.js';
import type { ChannelAfterApply, ChatAfterApply, GroupAfterApply, GroupSettingAfterApply } from './chat-after-apply.js';
import { withLocation } from './findings.js';

/**
 * The codes of the permission warnings (docs/design.md §3, "Who can chat"), as the plan schema
 * lists them. They travel in the plan's `warnings` (the plan format is unchanged); these, and
 * only these, become errors under `--strict` / `reconcile.strict`.
 */
export const PERMISSION_WARNING_CODES = ['no-receiving-agents', 'no-starting-agents', 'unanswerable-channel', 'channel-without-receiving-agent', 'permission-check-skipped'] as const;

/** Whether a plan warning is a permission warning: its own section in every plan, an error under `--strict`. */
export function isPermissionWarning(p: Problem): boolean {
  return (PERMISSION_WARNING_CODES as readonly string[]).includes(p.code);
}

/** Channels named in one warning; the rest are counted. */
const NAMED_CHANNELS = 3;
const NO_READERS: ReadonlySet<number> = new Set();

/**
 * Warnings for a config that leaves chats nobody can answer, on the state after apply. Pure.
 *
 * 1. Chat on and no valid agent can read the `ChatReceivingAgents` group (receive chats), or the
 *    `ChatStartingAgents` group (start them).
 * 2. Per group, the valid channels available to customer or public users that no valid agent can
 *    read: their chats can never be answered.
 * 3. Per group, the other valid channels whose group no chat-receiving agent can read (when some
 *    agent can receive chats at all; when none can, step 1 said so once).
 *
 * A group that does not exist or is not valid has no readers (OTRS grants nothing through it).
 * A reading that was skipped gives exactly one warning saying why, when there was anything to check.
 */
export function checkPermissions(after: ChatAfterApply, reading: PermissionReading): Problem[] {
  const warnings: Problem[] = [];
  const anything = after.chatOn === true || after.validChannels.length > 0;
  if (!anything) return warnings;
  if (reading.kind === 'skipped') {
    warnings.push({
      code: 'permission-check-skipped',
      message: `who can chat was not checked, since the agents' permissions could not be read: ${reading.reason}`,
    });
    return warnings;
  }
  const readers = (g: GroupAfterApply | undefined): ReadonlySet<number> =>
    g?.id != null && g.valid ? (reading.permissions.readersByGroup.get(g.id) ?? NO_READERS) : NO_READERS;

  // 1. the two settings
  const { receiving, starting } = after;
  const receivers = receiving.group ? readers(receiving.group) : undefined;
  if (after.chatOn === true) {
    if (receiving.group && receivers?.size === 0) warnings.push(settingWarning(after, receiving, receiving.group, 'receive'));
    if (starting.group && readers(starting.group).size === 0) warnings.push(settingWarning(after, starting, starting.group, 'start'));
  }
  // 2. and 3. the channels, one warning per group and kind
  const unanswerable = new Map<string, ChannelAfterApply[]>();
  const unreached = new Map<string, ChannelAfterApply[]>();
  for (const c of after.validChannels) {
    const channelReaders = readers(c.group);
    if (channelReaders.size === 0 && (c.availableToCustomerUsers || c.availableToPublicUsers)) {
      add(unanswerable, c);
    } else if (receivers !== undefined && receivers.size > 0 && !intersects(channelReaders, receivers)) {
      add(unreached, c);
    }
  }
  for (const channels of unanswerable.values()) warnings.push(unanswerableWarning(channels));
  if (receiving.group) for (const channels of unreached.values()) warnings.push(unreachedWarning(channels, receiving.name, receiving.group));
  return warnings;
}

function settingWarning(after: ChatAfterApply, s: GroupSettingAfterApply, group: GroupAfterApply, verb: 'receive' | 'start'): Problem {
  const why = groupProblem(group) ?? `none has ro or rw on group ${q(group.name)}`;
  return withLocation({
    code: verb === 'receive' ? 'no-receiving-agents' : 'no-starting-agents',
    message: `chat is on (${ACTIVE_SETTING}), but no valid agent can ${verb} chats: ${why} (${s.name})`,
    hint: `${groupFix(group, verb === 'receive' ? 'the agents who answer chats' : 'the agents who start chats')}, or set ${s.name} to a group they have`,
  }, s.location ?? after.activeLocation);
}

function unanswerableWarning(channels: readonly ChannelAfterApply[]): Problem {
  const first = channels[0] as ChannelAfterApply;
  const one = channels.length === 1;
  const subject = one ? `channel ${q(first.name)} is available to ${audience(first)}` : `${channelList(channels)} are available to customer or public users`;
  const why = groupProblem(first.group) ?? `no valid agent can read ${one ? 'its' : 'their'} group ${q(first.group.name)}`;
  return withLocation({
    code: 'unanswerable-channel',
    message: `${subject}, but ${why}: ${one ? 'its' : 'their'} chats can never be answered`,
    hint: `${groupFix(first.group, 'the agents who should answer them')}, or move ${one ? 'the channel' : 'them'} to a group those agents have`,
  }, firstLocation(channels));
}

function unreachedWarning(channels: readonly ChannelAfterApply[], setting: string, receivingGroup: GroupAfterApply): Problem {
  const group = (channels[0] as ChannelAfterApply).group;
  const one = channels.length === 1;
  const subject = one ? `channel ${q((channels[0] as ChannelAfterApply).name)} is` : `${channelList(channels)} are`;
  const why = groupProblem(group);
  return withLocation({
    code: 'channel-without-receiving-agent',
    message: why
      ? `${subject} in a group no agent can read (${why}), so no chat in ${one ? 'it' : 'them'} reaches an agent`
      : `${subject} in group ${q(group.name)}, which none of the agents who can receive chats (group ${q(receivingGroup.name)}, ${setting}) can read: no chat in ${one ? 'it' : 'them'} reaches an agent`,
    hint: why
      ? `${groupFix(group, 'the agents who answer chats')}, or move ${one ? 'the channel' : 'them'} to a group those agents have`
      : `grant agents of group ${q(receivingGroup.name)} ro on group ${q(group.name)}, in OTRS under Admin → Agents ↔ Groups or through a role, or move ${one ? 'the channel' : 'them'} to a group they have`,
  }, firstLocation(channels));
}

/** Why a group has no readers whatever the grants, if it is that kind of group. */
function groupProblem(g: GroupAfterApply): string | undefined {
  if (g.id === null) return `group ${q(g.name)} does not exist`;
  if (!g.valid) return `group ${q(g.name)} is not valid in OTRS, so nobody gets permissions through it`;
  return undefined;
}

function groupFix(g: GroupAfterApply, who: string): string {
  if (g.id === null) return `create group ${q(g.name)} in OTRS and grant ${who} ro on it`;
  if (!g.valid) return `set group ${q(g.name)} valid in OTRS under Admin → Groups`;
  return `grant ${who} ro on group ${q(g.name)}, in OTRS under Admin → Agents ↔ Groups or through a role`;
}

function audience(c: ChannelAfterApply): string {
  if (c.availableToCustomerUsers && c.availableToPublicUsers) return 'customer and public users';
  return c.availableToCustomerUsers ? 'customer users' : 'public users';
}

/** `3 channels ("A", "B", "C")` or `5 channels ("A", "B", "C" and 2 more)`. */
function channelList(channels: readonly ChannelAfterApply[]): string {
  const named = channels.slice(0, NAMED_CHANNELS).map((c) => q(c.name)).join(', ');
  const more = channels.length > NAMED_CHANNELS ? ` and ${channels.length - NAMED_CHANNELS} more` : '';
  return `${channels.length} channels (${named}${more})`;
}

function firstLocation(channels: readonly ChannelAfterApply[]): ChannelAfterApply['location'] {
  return channels.find((c) => c.location)?.location;
}

function add(map: Map<string, ChannelAfterApply[]>, c: ChannelAfterApply): void {
  const key = c.group.id === null ? `missing:${c.group.name}` : String(c.group.id);
  const list = map.get(key);
  if (list) list.push(c);
  else map.set(key, [c]);
}

function intersects(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) return true;
  return false;
}

const q = (s: string): string => JSON.stringify(s);
