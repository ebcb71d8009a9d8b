import type { SettingValue } from '../model/desired-state.js';
import type { SourceLocation } from '../model/source-location.js';
import type { RawChannel, RawConfigFile, RawReconcile } from './raw-config.js';
import { findEntry, type MapNode, type SourceNode } from './source-node.js';

/** A channel as one file wrote it (schema-valid), with the places the rules point at. */
export interface ChannelEntry {
  readonly raw: RawChannel;
  /** The channel's mapping: where `- name: ...` starts. */
  readonly location: SourceLocation;
  readonly nameLocation: SourceLocation;
  readonly groupLocation: SourceLocation;
  /** One per `previousNames` item, same order. */
  readonly previousNameLocations: readonly SourceLocation[];
  /** The comment's value, when the channel has a `comment` key. */
  readonly commentLocation?: SourceLocation;
}

export interface SettingEntry {
  readonly name: string;
  readonly value: SettingValue;
  /** The setting's key. */
  readonly location: SourceLocation;
  readonly valueLocation: SourceLocation;
}

export interface ReconcileEntry {
  readonly raw: RawReconcile;
  /** The `reconcile` key. */
  readonly location: SourceLocation;
}

/** Every schema-valid file's content, merged in path order: what the semantic rules read. */
export interface ConfigEntries {
  readonly channels: readonly ChannelEntry[];
  readonly settings: readonly SettingEntry[];
  readonly reconciles: readonly ReconcileEntry[];
}

/** Pairs a schema-valid file value with its tree to give each entry its places. */
export function collectEntries(value: RawConfigFile, root: MapNode, into: { channels: ChannelEntry[]; settings: SettingEntry[]; reconciles: ReconcileEntry[] }): void {
  const channelNodes = findEntry(root, 'channels')?.value;
  (value.channels ?? []).forEach((raw, i) => {
    const node = channelNodes?.kind === 'seq' ? channelNodes.items[i] : undefined;
    const location = node?.location ?? root.location;
    const map = node?.kind === 'map' ? node : undefined;
    const at = (key: string): SourceNode | undefined => (map ? findEntry(map, key)?.value : undefined);
    const previous = at('previousNames');
    const comment = at('comment');
    into.channels.push({
      raw,
      location,
      nameLocation: at('name')?.location ?? location,
      groupLocation: at('group')?.location ?? location,
      previousNameLocations: (raw.previousNames ?? []).map((_, j) => (previous?.kind === 'seq' ? previous.items[j]?.location : undefined) ?? location),
      ...(comment ? { commentLocation: comment.location } : {}),
    });
  });
  const settingsNode = findEntry(root, 'settings')?.value;
  for (const [name, settingValue] of Object.entries(value.settings ?? {})) {
    const entry = settingsNode?.kind === 'map' ? findEntry(settingsNode, name) : undefined;
    into.settings.push({ name, value: settingValue, location: entry?.keyLocation ?? root.location, valueLocation: entry?.value.location ?? root.location });
  }
  if (value.reconcile) {
    into.reconciles.push({ raw: value.reconcile, location: findEntry(root, 'reconcile')?.keyLocation ?? root.location });
  }
}
