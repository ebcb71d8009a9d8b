import { PlanError } from '../errors.js';
import type { ActualChannel, ActualState } from '../model/actual-state.js';
import type { DesiredState } from '../model/desired-state.js';
import type { CreateChannel, InvalidateChannel, UpdateChannel } from './change.js';
import { createChannelChange, updateChannelChange, type ChannelContext } from './channel-changes.js';
import { compareText } from './compare-text.js';
import { defaultChannelCreate, defaultChannelNames } from './default-channel.js';
import { emptyFindings } from './findings.js';
import { fingerprintState } from './fingerprint.js';
import { createGroupIndex } from './group-index.js';
import { computeGuard } from './guard.js';
import { matchChannels } from './match-channels.js';
import { defaultNameKeys, type NameKeys } from './name-key.js';
import type { Plan, UnmanagedChannels } from './plan.js';
import { assertSettingsInstalled, diffSettings } from './settings-diff.js';

export interface DiffOptions {
  /** `--max-invalidate-percent`; wins over the config. */
  readonly maxInvalidatePercent?: number;
  /**
   * How the database tells names apart (src/db/introspect.ts `readNameKeys`). Required when it
   * compares under a collation (MySQL/MariaDB); without it, names compare exactly after NFC.
   */
  readonly nameKeys?: NameKeys;
}

/**
 * What apply must do to make the database match the config (docs/design.md §3). Pure.
 *
 * Changes come in a fixed order: creates and updates in config order (the default channel
 * created for chat enablement last among the creates), invalidations by name, settings in
 * catalog order.
 *
 * @throws UnsupportedDatabaseError when a configured setting is not in `sysconfig_default`.
 * @throws PlanError with every problem at once (unknown groups, rename clashes, ...).
 */
export function diffStates(desired: DesiredState, actual: ActualState, options: DiffOptions = {}): Plan {
  assertSettingsInstalled(desired.settings, actual.settings);
  const keys = options.nameKeys ?? defaultNameKeys(actual.capabilities.nameComparison);
  const key = keys.channel;
  const findings = emptyFindings();
  const ctx: ChannelContext = { capabilities: actual.capabilities, groups: createGroupIndex(actual.groups, keys.group), findings };

  // 1. channels in the config: create or update
  const matching = matchChannels(desired.channels, actual.channels, key, keys.description, findings);
  const creates: CreateChannel[] = [];
  const updates: UpdateChannel[] = [];
  for (const { desired: d, row } of matching.matches) {
    if (row) push(updates, updateChannelChange(d, row, ctx));
    else push(creates, createChannelChange(d, ctx));
  }
  // 2. switching chat on brings the default channel
  push(creates, defaultChannelCreate(desired, actual, matching, key, ctx));
  // 3. rows in no file: invalidate (never delete), sparing the default channel
  //    (the rows under the default channel's names, found by the keys matching computed)
  const defaultRows = new Set(defaultChannelNames(desired, actual).names.flatMap((name) => matching.names.rowsWithKey(key(name))));
  const isDefaultChannel = (r: ActualChannel): boolean => defaultRows.has(r);
  const invalidations = pruneChannels(matching.unmatchedRows, desired, isDefaultChannel);
  // 4. settings
  const settings = diffSettings(desired.settings, actual.settings, ctx.groups, findings);

  if (findings.problems.length > 0) throw new PlanError(findings.problems);
  const changes = [...creates, ...updates, ...invalidations, ...settings];
  let fingerprint: string | undefined;
  return {
    formatVersion: 2,
    changes,
    warnings: findings.warnings,
    guard: computeGuard(changes, actual.channels, desired.reconcile, options.maxInvalidatePercent, isDefaultChannel),
    unmanagedChannels: unmanagedChannels(matching.unmatchedRows, desired),
    // Hashed when first read: only a plan written out as JSON and a saved plan's apply read it,
    // and at 10,000 rows it is a third of the planner's time. `actual` is read-only, so the hash
    // is the same whenever it is taken.
    get fingerprint(): string {
      return (fingerprint ??= fingerprintState(actual));
    },
  };
}

/** Pruning needs channels: a config without a `channels` key, or with `keep`, invalidates nothing (docs/design.md §3). */
function pruneChannels(rows: readonly ActualChannel[], desired: DesiredState, isDefaultChannel: (r: ActualChannel) => boolean): InvalidateChannel[] {
  const to = desired.reconcile.removedChannels;
  if (to === 'keep' || !desired.managesChannels) return [];
  return rows
    .filter((r) => r.valid === 'valid' && !isDefaultChannel(r))
    .sort((a, b) => compareText(a.name, b.name) || a.id - b.id)
    .map((r) => ({ kind: 'invalidate-channel', id: r.id, name: r.name, from: r.valid, to }));
}

/** The rows in no file that the plan leaves alone because the config does not prune; `null` when it prunes. */
function unmanagedChannels(rows: readonly ActualChannel[], desired: DesiredState): UnmanagedChannels | null {
  if (!desired.managesChannels) return { reason: 'no-channels-key', count: rows.length };
  if (desired.reconcile.removedChannels === 'keep') return { reason: 'keep', count: rows.length };
  return null;
}

function push<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}
