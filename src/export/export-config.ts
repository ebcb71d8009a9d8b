import schema from '../../schema/otrs-chat-config.schema.json' with { type: 'json' };
import type { ActualChannel, ActualState } from '../model/actual-state.js';
import { DEFAULT_MAX_INVALIDATE_PERCENT, type DesiredState } from '../model/desired-state.js';
import { defaultChannelNames, SHIPPED_DEFAULT_CHANNEL } from '../plan/default-channel.js';
import { defaultNameKeys, type NameKey, type NameKeys } from '../plan/name-key.js';
import { inCatalogOrder } from '../plan/settings-diff.js';
import { ACTIVE_SETTING, DEFAULT_CHANNEL_SETTING } from '../settings/catalog.js';
import { renderDocument, type ExportedChannel, type ExportedSetting } from './render-document.js';
import { quoteForMessage } from './scalar-style.js';
import { selectChannels, type LeftOutChannel } from './select-channels.js';
import { selectSettings } from './select-settings.js';
import { channelFileNames, SETTINGS_FILE } from './split-file-names.js';
import { compareCodePoints } from '../model/text.js';

/** The published schema (its `$id`): what the `# yaml-language-server: $schema=` line points at by default. */
export const DEFAULT_SCHEMA_URL: string = schema.$id;

export interface ExportOptions {
  /** Where each file's schema line points. @default DEFAULT_SCHEMA_URL */
  readonly schemaUrl?: string;
  /**
   * How the database tells names apart (src/db/introspect.ts `readNameKeys`). Required when it
   * compares under a collation (MySQL/MariaDB); without it, names compare exactly after NFC.
   */
  readonly nameKeys?: NameKeys;
}

/** Something in the database the config cannot state, and what the export did about it. */
export interface ExportWarning {
  readonly code: LeftOutChannel['code'] | 'setting-rows' | 'setting-unreadable' | 'setting-value' | 'default-channel-missing';
  /** One line, naming the row and saying what planning the export will do about it. */
  readonly message: string;
  /** The group of the channel it is about: `--split` writes the warning into that group's file when there is one. */
  readonly group?: string;
}

/** One YAML document holding everything. */
export interface ExportedConfig {
  readonly text: string;
  readonly warnings: readonly ExportWarning[];
  /** How many channels and settings the text holds. */
  readonly channels: number;
  readonly settings: number;
}

export interface ExportedFile {
  /** A bare file name (`settings.yaml`, `channels-sales.yaml`). */
  readonly name: string;
  readonly text: string;
}

/** The same content as `exportConfig`, as one file per group plus `settings.yaml`. */
export interface SplitExport {
  /** Sorted by name. */
  readonly files: readonly ExportedFile[];
  readonly warnings: readonly ExportWarning[];
  readonly channels: number;
  readonly settings: number;
}

/**
 * The database's chat configuration as one config file (docs/design.md §4, `export`): every
 * channel, and the ChatEngine settings whose value differs from the shipped default. Pure and
 * deterministic: the same state gives the same bytes, so a re-export diffs cleanly.
 *
 * Planning the text against the database it came from gives no changes, except for what the
 * config cannot state: that is left out, and each such row is a warning (in the text's header
 * and in the result) saying what the plan will do about it.
 */
export function exportConfig(actual: ActualState, options: ExportOptions = {}): ExportedConfig {
  const selection = selectExport(actual, options.nameKeys);
  const text = renderDocument({
    schemaUrl: schemaUrlOf(options),
    warnings: selection.warnings.map((w) => w.message),
    settings: selection.settings,
    // Always a `channels` key, even empty: without one a config does not say "no channels" (§3).
    channels: selection.channels,
  });
  return { text, warnings: selection.warnings, channels: selection.channels.length, settings: selection.settings.length };
}

/**
 * `exportConfig` split for review by owner: `settings.yaml` with the settings, and one
 * `channels-<group>.yaml` per group holding that group's channels (`channelFileNames`). A
 * warning about a channel goes into its group's file when there is one, the others into
 * `settings.yaml`. With no channel at all, `settings.yaml` says `channels: []`.
 */
export function exportSplitConfig(actual: ActualState, options: ExportOptions = {}): SplitExport {
  const selection = selectExport(actual, options.nameKeys);
  const schemaUrl = schemaUrlOf(options);
  const byGroup = new Map<string, ExportedChannel[]>();
  for (const c of selection.channels) byGroup.set(c.group, [...(byGroup.get(c.group) ?? []), c]);
  const fileOf = channelFileNames([...byGroup.values()].map((list) => ({ id: list[0]?.groupId ?? 0, name: list[0]?.group ?? '' })));
  const placed = (w: ExportWarning): string => (w.group !== undefined && fileOf.get(w.group)) || SETTINGS_FILE;
  const warningsIn = (file: string): string[] => selection.warnings.filter((w) => placed(w) === file).map((w) => w.message);

  const files: ExportedFile[] = [...byGroup].map(([group, channels]) => {
    const name = fileOf.get(group) ?? SETTINGS_FILE;
    return { name, text: renderDocument({ schemaUrl, warnings: warningsIn(name), channels }) };
  });
  files.push({
    name: SETTINGS_FILE,
    text: renderDocument({
      schemaUrl,
      warnings: warningsIn(SETTINGS_FILE),
      settings: selection.settings,
      ...(byGroup.size === 0 ? { channels: [] } : {}),
    }),
  });
  return {
    files: files.sort((a, b) => compareCodePoints(a.name, b.name)),
    warnings: selection.warnings,
    channels: selection.channels.length,
    settings: selection.settings.length,
  };
}

/** The schema line is one comment line: a URL with white space or a line break would break the file. */
function schemaUrlOf(options: ExportOptions): string {
  const url = options.schemaUrl ?? DEFAULT_SCHEMA_URL;
  if (!/^\S+$/u.test(url)) throw new RangeError(`the schema URL must be one word without white space, got ${JSON.stringify(url)}`);
  return url;
}

interface Selection {
  readonly channels: readonly ExportedChannel[];
  readonly settings: readonly ExportedSetting[];
  /** Channels first (by name), then settings (catalog order). */
  readonly warnings: readonly ExportWarning[];
}

function selectExport(actual: ActualState, nameKeys = defaultNameKeys(actual.capabilities.nameComparison)): Selection {
  const key = nameKeys.channel;
  const channels = selectChannels(actual, nameKeys);
  const chosen = selectSettings(actual, nameKeys.group);
  const missing = defaultChannelMissing(chosen.settings, actual, key);
  const settings = missing ? chosen.settings.filter((s) => s.name !== ACTIVE_SETTING) : chosen.settings;
  const protectedKeys = new Set(defaultChannelNames(asDesired(settings), actual).names.map(key));
  const settingWarnings = inCatalogOrder([...chosen.leftOut, ...(missing ? [{ name: ACTIVE_SETTING, code: 'default-channel-missing' as const, message: missing }] : [])]);
  return {
    channels: channels.channels,
    settings,
    warnings: [
      ...channels.leftOut.map((l) => channelWarning(l, protectedKeys, key)),
      ...settingWarnings.map(({ code, message }) => ({ code, message })),
    ],
  };
}

function channelWarning(l: LeftOutChannel, protectedKeys: ReadonlySet<string>, key: NameKey): ExportWarning {
  return {
    code: l.code,
    message: `channel ${quoteForMessage(l.row.name)} (id ${l.row.id}): its ${l.reason}; left out of the export: ${fateOf(l.row, protectedKeys, key)}`,
    ...(l.row.group === null ? {} : { group: l.row.group }),
  };
}

/** What planning the export does to a row it leaves out: the pruning rules of docs/design.md §3. */
function fateOf(row: ActualChannel, protectedKeys: ReadonlySet<string>, key: NameKey): string {
  if (row.valid !== 'valid') return `the plan leaves it as it is (it is ${row.valid} already)`;
  if (protectedKeys.has(key(row.name))) return 'the plan leaves it as it is (it is the default channel, which pruning never invalidates)';
  return 'the plan will invalidate it, unless the config says reconcile.removedChannels: keep';
}

/**
 * With `ChatEngine::Active: true` in a config, the planner creates the default channel when no
 * row has its name (docs/design.md §3), and refuses when that name is unknown. The export keeps
 * the setting only when neither happens; otherwise this says why it is left out.
 */
function defaultChannelMissing(settings: readonly ExportedSetting[], actual: ActualState, key: NameKey): string | undefined {
  if (settings.find((s) => s.name === ACTIVE_SETTING)?.value !== true) return undefined;
  const { names, ambiguousRowIds } = defaultChannelNames(asDesired(settings), actual);
  const lead = `setting ${ACTIVE_SETTING} is true (chat is on), but`;
  const tail = `left out of the export, so the plan leaves chat as it is`;
  if (ambiguousRowIds) return `${lead} the default channel is unknown: ${DEFAULT_CHANNEL_SETTING} has system-wide rows ${ambiguousRowIds.join(', ')}; ${tail} (with it the plan would fail)`;
  const name = names[0] ?? SHIPPED_DEFAULT_CHANNEL;
  if (name === '') return `${lead} ${DEFAULT_CHANNEL_SETTING} is empty; ${tail} (with it the plan would fail)`;
  if (actual.channels.some((r) => key(r.name) === key(name))) return undefined;
  return (
    `${lead} its default channel ${quoteForMessage(name)} (${DEFAULT_CHANNEL_SETTING}) does not exist; ${tail} ` +
    '(with it the plan would create that channel, as OTRS does when chat is used: add the setting to the config when that is what you want)'
  );
}

/** The export as the planner reads it, as far as the default channel's name goes (settings only). */
function asDesired(settings: readonly ExportedSetting[]): DesiredState {
  const location = { file: '(export)', line: 1, column: 1 };
  return {
    channels: [],
    settings: settings.map((s) => ({ ...s, location })),
    reconcile: { removedChannels: 'invalid', maxInvalidatePercent: DEFAULT_MAX_INVALIDATE_PERCENT, maxInvalidatePercentFromConfig: false },
    managesChannels: true,
    files: [],
  };
}
