import type { ActualGroup, ActualState } from '../model/actual-state.js';
import type { DesiredState, SettingValue } from '../model/desired-state.js';
import type { SourceLocation } from '../model/source-location.js';
import type { Validity } from '../model/validity.js';
import { ACTIVE_SETTING, findSetting, RECEIVING_AGENTS_SETTING } from '../settings/catalog.js';
import { assertNever } from './change.js';
import { compareText } from './compare-text.js';
import { readCurrentSetting } from './current-setting.js';
import type { Plan } from './plan.js';

export const STARTING_AGENTS_SETTING = 'ChatEngine::PermissionGroup::ChatStartingAgents';

/** A group a channel or setting names, as it will be after apply: `id` is `null` when no such group exists. */
export interface GroupAfterApply {
  readonly id: number | null;
  /** The group's name; for a channel row whose group is gone, `group id N`. */
  readonly name: string;
  readonly valid: boolean;
}

/** A setting whose value names a group (`ChatReceivingAgents`, `ChatStartingAgents`). */
export interface GroupSettingAfterApply {
  readonly name: string;
  /** `undefined` when the value cannot be known (the stored text is unreadable, or two rows disagree). */
  readonly group: GroupAfterApply | undefined;
  /** Where the config sets it; absent when the value comes from the database. */
  readonly location?: SourceLocation;
}

/** A channel that is valid after apply. */
export interface ChannelAfterApply {
  readonly name: string;
  readonly group: GroupAfterApply;
  readonly availableToCustomerUsers: boolean;
  readonly availableToPublicUsers: boolean;
  /** The config entry that describes it; absent for a row the config leaves alone and for the default channel the plan creates. */
  readonly location?: SourceLocation;
}

/**
 * What decides who can chat once the plan is applied (docs/design.md §3, "Who can chat"): the
 * desired settings over the current effective values, and the valid channels — the config's,
 * the default channel the plan creates, and the rows it leaves valid.
 */
export interface ChatAfterApply {
  /** `ChatEngine::Active`: `undefined` when it cannot be known. */
  readonly chatOn: boolean | undefined;
  /** Where the config sets `ChatEngine::Active`, if it does. */
  readonly activeLocation?: SourceLocation;
  readonly receiving: GroupSettingAfterApply;
  readonly starting: GroupSettingAfterApply;
  /** In config order, then the channels the config does not describe by name. */
  readonly validChannels: readonly ChannelAfterApply[];
}

interface ChannelState {
  name: string;
  groupId: number;
  valid: Validity;
  availableToCustomerUsers: boolean;
  availableToPublicUsers: boolean;
}

/**
 * The state after apply, from the rows read and the plan's changes (so no name is matched twice:
 * the planner already did it). Pure; linear in channels and changes.
 */
export function chatAfterApply(desired: DesiredState, actual: ActualState, plan: Plan): ChatAfterApply {
  const groups = new Map(actual.groups.map((g) => [g.id, g]));
  const groupById = (id: number): GroupAfterApply => {
    const g = groups.get(id);
    return g ? { id: g.id, name: g.name, valid: g.valid } : { id: null, name: `group id ${id}`, valid: false };
  };
  const active = setting(desired, actual, ACTIVE_SETTING);
  // The planner gives a matched row the config's exact name (another spelling is a rename), so
  // the config entry of a channel after apply is found by its exact name.
  const locations = new Map(desired.channels.map((d) => [d.name, d.location]));
  const channels = channelsAfterApply(actual, plan)
    .filter((c) => c.valid === 'valid')
    .map((c) => ({ c, location: locations.get(c.name) }));
  // Config order first (where the reviewer reads), then the rest by name.
  const order = new Map(desired.channels.map((d, i) => [d.name, i]));
  channels.sort((a, b) => (order.get(a.c.name) ?? Infinity) - (order.get(b.c.name) ?? Infinity) || compareText(a.c.name, b.c.name));
  return {
    chatOn: active.value === undefined ? undefined : active.value === true,
    ...(active.location ? { activeLocation: active.location } : {}),
    receiving: groupSetting(desired, actual, RECEIVING_AGENTS_SETTING),
    starting: groupSetting(desired, actual, STARTING_AGENTS_SETTING),
    validChannels: channels.map(({ c, location }) => ({
      name: c.name,
      group: groupById(c.groupId),
      availableToCustomerUsers: c.availableToCustomerUsers,
      availableToPublicUsers: c.availableToPublicUsers,
      ...(location ? { location } : {}),
    })),
  };
}

/** The ids of the existing, valid groups whose readers the checks need: nothing else is worth reading. */
export function groupIdsToRead(after: ChatAfterApply): number[] {
  const ids = new Set<number>();
  const add = (g: GroupAfterApply | undefined): void => {
    if (g?.id != null && g.valid) ids.add(g.id);
  };
  if (after.chatOn === true) {
    add(after.receiving.group);
    add(after.starting.group);
  }
  if (after.validChannels.length > 0) add(after.receiving.group);
  for (const c of after.validChannels) add(c.group);
  return [...ids].sort((a, b) => a - b);
}

/** Each row with the plan's changes applied, then the channels the plan creates. */
function channelsAfterApply(actual: ActualState, plan: Plan): ChannelState[] {
  const byId = new Map<number, ChannelState>(
    actual.channels.map((r) => [
      r.id,
      { name: r.name, groupId: r.groupId, valid: r.valid, availableToCustomerUsers: r.availableToCustomerUsers ?? false, availableToPublicUsers: r.availableToPublicUsers ?? false },
    ]),
  );
  const created: ChannelState[] = [];
  for (const change of plan.changes) {
    switch (change.kind) {
      case 'create-channel':
        created.push({ name: change.name, groupId: change.groupId, valid: change.valid, availableToCustomerUsers: change.availableToCustomerUsers, availableToPublicUsers: change.availableToPublicUsers });
        break;
      case 'update-channel': {
        const row = byId.get(change.id);
        if (!row) break;
        row.name = change.name;
        for (const f of change.fields) {
          if (f.field === 'group') row.groupId = f.newGroupId;
          else if (f.field === 'valid') row.valid = f.new;
          else if (f.field === 'availableToCustomerUsers' || f.field === 'availableToPublicUsers') row[f.field] = f.new;
        }
        break;
      }
      case 'invalidate-channel': {
        const row = byId.get(change.id);
        if (row) row.valid = change.to;
        break;
      }
      case 'update-setting':
        break;
      default:
        assertNever(change);
    }
  }
  return [...byId.values(), ...created];
}

/** The value after apply: the configured one, else the current effective value; `undefined` when unknown. */
function setting(desired: DesiredState, actual: ActualState, name: string): { value: SettingValue | undefined; location?: SourceLocation } {
  const configured = desired.settings.find((s) => s.name === name);
  if (configured) return { value: configured.value, location: configured.location };
  const stored = actual.settings.find((s) => s.name === name);
  const def = findSetting(name);
  if (!stored || !def) return { value: undefined };
  const current = readCurrentSetting(stored, def.type);
  return { value: current.status === 'readable' ? current.value : undefined };
}

/** OTRS looks a group setting's value up exactly as written (docs/design.md §3, "Groups"). */
function groupSetting(desired: DesiredState, actual: ActualState, name: string): GroupSettingAfterApply {
  const { value, location } = setting(desired, actual, name);
  const at = location ? { location } : {};
  if (value === undefined) return { name, group: undefined, ...at };
  const text = String(value);
  const g: ActualGroup | undefined = actual.groups.find((x) => x.name === text);
  return { name, group: g ? { id: g.id, name: g.name, valid: g.valid } : { id: null, name: text, valid: false }, ...at };
}
