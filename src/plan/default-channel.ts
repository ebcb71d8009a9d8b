import type { ActualGroup, ActualState } from '../model/actual-state.js';
import type { DesiredState } from '../model/desired-state.js';
import type { SourceLocation } from '../model/source-location.js';
import { ACTIVE_SETTING, DEFAULT_CHANNEL_SETTING, RECEIVING_AGENTS_SETTING, findSetting } from '../settings/catalog.js';
import { decodeEffectiveValue } from '../settings/codec.js';
import type { Change, CreateChannel } from './change.js';
import { checkStorableText, type ChannelContext } from './channel-changes.js';
import { readCurrentSetting } from './current-setting.js';
import type { ChannelMatching } from './match-channels.js';
import type { NameKey } from './name-key.js';

/** The name OTRS ships for the default channel. */
export const SHIPPED_DEFAULT_CHANNEL = 'Default channel';
/** The comment OTRS gives the default channel when it creates it. */
export const DEFAULT_CHANNEL_COMMENT = 'Default chat channel';
/** The group OTRS gives the default channel when the receiving agents' group does not exist. */
export const FALLBACK_GROUP = 'users';

export interface DefaultChannelNames {
  /** Names that denote the default channel; never pruned. Usually exactly one. */
  readonly names: readonly string[];
  /** Set when the setting has several system-wide rows and is not configured: no single name. */
  readonly ambiguousRowIds?: readonly number[];
}

/**
 * The default channel's name: the desired `ChatEngine::DefaultChatChannel`, else its current
 * value, else what OTRS ships. When two stored rows disagree, every name they hold is protected.
 */
export function defaultChannelNames(desired: DesiredState, actual: ActualState): DefaultChannelNames {
  const configured = desired.settings.find((s) => s.name === DEFAULT_CHANNEL_SETTING);
  if (configured) return { names: [String(configured.value).trim()] };
  const stored = actual.settings.find((s) => s.name === DEFAULT_CHANNEL_SETTING);
  if (!stored) return { names: [SHIPPED_DEFAULT_CHANNEL] };
  const current = readCurrentSetting(stored, 'text');
  if (current.status === 'readable') return { names: [String(current.value).trim()] };
  if (current.status === 'unreadable') return { names: [SHIPPED_DEFAULT_CHANNEL] };
  const candidates = [...stored.systemWideRows.map((r) => r.effectiveValue), stored.defaultEffectiveValue]
    .map((text) => decodeEffectiveValue('text', text))
    .flatMap((d) => (d.ok ? [String(d.value).trim()] : []));
  return { names: [...new Set([...candidates, SHIPPED_DEFAULT_CHANNEL])], ambiguousRowIds: current.rowIds };
}

/**
 * Switching chat on makes OTRS create the default channel when it is missing; the plan does it
 * the same way (docs/otrs.md): name from the setting, group from `ChatReceivingAgents` (else
 * `users`), valid, no availability, comment "Default chat channel".
 */
export function defaultChannelCreate(
  desired: DesiredState,
  actual: ActualState,
  matching: ChannelMatching,
  key: NameKey,
  ctx: ChannelContext,
): CreateChannel | undefined {
  const active = desired.settings.find((s) => s.name === ACTIVE_SETTING);
  if (active?.value !== true) return undefined;
  const at = { location: active.location };
  const chat = chatIsOn(actual) ? 'chat is on' : 'chat is being switched on';
  const { names, ambiguousRowIds } = defaultChannelNames(desired, actual);
  const name = names[0] ?? SHIPPED_DEFAULT_CHANNEL;
  if (ambiguousRowIds) {
    ctx.findings.problems.push({
      code: 'default-channel-unknown',
      message: `${chat}, but the default channel's name is unknown: ${DEFAULT_CHANNEL_SETTING} has system-wide rows ${ambiguousRowIds.join(', ')}`,
      hint: `set ${DEFAULT_CHANNEL_SETTING} in the config, or reset it in OTRS (Admin → System Configuration) so one row remains`,
      ...at,
    });
    return undefined;
  }
  const k = key(name);
  const { names: matched } = matching;
  // 1. It exists after this plan when the config has it or a row keeps that name.
  if (matched.hasChannelWithKey(k)) return undefined;
  if (matched.hasUnmatchedRowWithKey(k)) return undefined;
  // 2. A channel that takes over the default channel's name as a previous name renames the
  //    default channel away (now, or in the plan after the one that creates it).
  const renamer = matched.renamerOf(k);
  if (renamer) {
    ctx.findings.problems.push({
      code: 'default-channel-renamed',
      message: `channel ${q(renamer.name)} renames the default channel ${q(name)} (previousNames), but ${DEFAULT_CHANNEL_SETTING} still names ${q(name)} and ${chat}`,
      hint: `also set ${DEFAULT_CHANNEL_SETTING}: ${renamer.name} in the config, or remove ${q(name)} from previousNames`,
      location: renamer.location,
    });
    return undefined;
  }
  if (name === '') {
    ctx.findings.problems.push({ code: 'default-channel-unknown', message: `${chat}, but ${DEFAULT_CHANNEL_SETTING} is empty`, hint: 'give the default channel a name', ...at });
    return undefined;
  }
  checkStorableText(`default channel ${q(name)}`, 'name', name, active.location, ctx);
  const group = defaultChannelGroup(desired, actual, ctx, active.location, chat);
  if (!group) return undefined;
  return {
    kind: 'create-channel',
    name,
    group: group.name,
    groupId: group.id,
    availableToCustomerUsers: false,
    availableToPublicUsers: false,
    valid: 'valid',
    comment: DEFAULT_CHANNEL_COMMENT,
    reason: 'default-channel',
  };
}

/** The group OTRS would give the default channel; a problem when not even `users` exists. */
function defaultChannelGroup(desired: DesiredState, actual: ActualState, ctx: ChannelContext, location: SourceLocation, chat: string): ActualGroup | undefined {
  const configured = desired.settings.find((s) => s.name === RECEIVING_AGENTS_SETTING);
  const wanted = configured ? String(configured.value) : (storedText(actual, RECEIVING_AGENTS_SETTING) ?? FALLBACK_GROUP);
  const group = ctx.groups.find(wanted) ?? ctx.groups.find(FALLBACK_GROUP);
  if (!group) {
    ctx.findings.problems.push({
      code: 'unknown-group',
      message: `${chat} and the default channel must be created, but neither group ${q(wanted)} nor ${q(FALLBACK_GROUP)} exists`,
      hint: `set ${RECEIVING_AGENTS_SETTING} to one of the groups that exist: ${ctx.groups.names.join(', ')}`,
      location,
    });
    return undefined;
  }
  // A configured unknown group is already a problem of the setting itself.
  if (!configured && ctx.groups.find(wanted) === undefined) {
    ctx.findings.warnings.push({
      code: 'default-channel-group',
      message: `group ${q(wanted)} (${RECEIVING_AGENTS_SETTING}) does not exist; the default channel is created in group ${q(group.name)}`,
      location,
    });
  }
  if (!group.valid) {
    ctx.findings.warnings.push({
      code: 'invalid-group',
      message: `default channel: group ${q(group.name)} is not valid in OTRS`,
      hint: 'agents get no permissions through an invalid group; set it valid in OTRS (Admin → Groups) or choose another',
      location,
    });
  }
  return group;
}

/** Whether chat is on now: `ChatEngine::Active` reads as true in the database. */
function chatIsOn(actual: ActualState): boolean {
  const stored = actual.settings.find((s) => s.name === ACTIVE_SETTING);
  if (!stored) return false;
  const current = readCurrentSetting(stored, 'boolean');
  return current.status === 'readable' && current.value === true;
}

/**
 * Whether a plan switches chat on: it sets `ChatEngine::Active` to true, which it does only when
 * chat is not on now. A default channel the plan creates without it is created because it is
 * missing while chat is on (docs/design.md §5).
 */
export function switchesChatOn(changes: readonly Change[]): boolean {
  return changes.some((c) => c.kind === 'update-setting' && c.name === ACTIVE_SETTING && c.new === true);
}

/** A setting's current text value, when it is readable and not empty. */
function storedText(actual: ActualState, name: string): string | undefined {
  const stored = actual.settings.find((s) => s.name === name);
  const def = findSetting(name);
  if (!stored || !def) return undefined;
  const current = readCurrentSetting(stored, def.type);
  return current.status === 'readable' && current.value !== '' ? String(current.value) : undefined;
}

const q = (s: string): string => JSON.stringify(s);
