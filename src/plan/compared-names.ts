import type { ActualState } from '../model/actual-state.js';
import type { DesiredState } from '../model/desired-state.js';
import { findSetting } from '../settings/catalog.js';
import { decodeEffectiveValue } from '../settings/codec.js';
import { FALLBACK_GROUP, SHIPPED_DEFAULT_CHANNEL } from './default-channel.js';

/** Names whose keys the planner (or the export) may look up, per name column. */
export interface NamesToCompare {
  readonly channels: readonly string[];
  readonly groups: readonly string[];
}

/**
 * Every name whose key `diffStates` and `exportConfig` can ask for, so that the database is asked
 * about all of them in one go (docs/design.md §3, §8). Channel names: the rows', the config's and
 * their previous names, the default channel's. Group names: the groups', the channels' groups.
 * Text held by a name-like setting (configured, shipped or stored, as written and trimmed) is
 * added to both: it may name the default channel or a group. More names than needed cost only
 * bytes; one missing would stop the plan (serverNameKeys).
 */
export function namesToCompare(actual: ActualState, desired?: DesiredState): NamesToCompare {
  const channels = new Set<string>([SHIPPED_DEFAULT_CHANNEL]);
  const groups = new Set<string>([FALLBACK_GROUP]);
  const both = (text: string): void => {
    for (const t of [text, text.trim()]) {
      channels.add(t);
      groups.add(t);
    }
  };
  for (const row of actual.channels) {
    channels.add(row.name);
    if (row.group !== null) groups.add(row.group);
  }
  for (const group of actual.groups) groups.add(group.name);
  for (const setting of actual.settings) {
    const type = findSetting(setting.name)?.type;
    if (type !== 'text' && type !== 'group' && type !== 'group-or-empty') continue;
    for (const text of [setting.defaultEffectiveValue, ...setting.systemWideRows.map((r) => r.effectiveValue)]) {
      const decoded = decodeEffectiveValue(type, text);
      if (decoded.ok && typeof decoded.value === 'string') both(decoded.value);
    }
  }
  for (const channel of desired?.channels ?? []) {
    channels.add(channel.name);
    for (const previous of channel.previousNames) channels.add(previous);
    groups.add(channel.group);
  }
  for (const setting of desired?.settings ?? []) if (typeof setting.value === 'string') both(setting.value);
  return { channels: [...channels], groups: [...groups] };
}
