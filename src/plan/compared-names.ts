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

/** What the caller already has keys for: such names are left out of `namesToCompare`'s answer. */
export interface KnownNames {
  /** Every channel row's name (and so its group's, a name of the groups too). */
  readonly channelRows?: boolean;
  /** Whether this name's keys are known. */
  readonly has?: (name: string) => boolean;
}

/**
 * Every name whose key `diffStates` and `exportConfig` can ask for, so that the database is asked
 * about all of them in one go (docs/design.md §3, §8), but those `known` says the caller has.
 * Channel names: the rows', the config's and their previous names, the default channel's. Group
 * names: the groups', the channels' groups. Text held by a name-like setting (configured, shipped
 * or stored, as written and trimmed) is added to both: it may name the default channel or a
 * group. More names than needed cost only bytes; one missing would stop the plan (serverNameKeys).
 */
export function namesToCompare(actual: ActualState, desired?: DesiredState, known: KnownNames = {}): NamesToCompare {
  const channels = new Set<string>();
  const groups = new Set<string>();
  const has = known.has;
  const channel = has ? (name: string): void => void (has(name) || channels.add(name)) : (name: string): void => void channels.add(name);
  const group = has ? (name: string): void => void (has(name) || groups.add(name)) : (name: string): void => void groups.add(name);
  channel(SHIPPED_DEFAULT_CHANNEL);
  group(FALLBACK_GROUP);
  const both = (text: string): void => {
    for (const t of [text, text.trim()]) {
      channel(t);
      group(t);
    }
  };
  if (!known.channelRows) {
    for (const row of actual.channels) {
      channel(row.name);
      if (row.group !== null) group(row.group);
    }
  }
  for (const g of actual.groups) group(g.name);
  for (const setting of actual.settings) {
    const type = findSetting(setting.name)?.type;
    if (type !== 'text' && type !== 'group' && type !== 'group-or-empty') continue;
    for (const text of [setting.defaultEffectiveValue, ...setting.systemWideRows.map((r) => r.effectiveValue)]) {
      const decoded = decodeEffectiveValue(type, text);
      if (decoded.ok && typeof decoded.value === 'string') both(decoded.value);
    }
  }
  for (const c of desired?.channels ?? []) {
    channel(c.name);
    for (const previous of c.previousNames) channel(previous);
    group(c.group);
  }
  for (const setting of desired?.settings ?? []) if (typeof setting.value === 'string') both(setting.value);
  return { channels: [...channels], groups: [...groups] };
}
