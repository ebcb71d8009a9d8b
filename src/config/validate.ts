import { ConfigError, type Problem } from '../errors.js';
import type { DesiredChannel, DesiredState, ReconcilePolicy } from '../model/desired-state.js';
import { checkSchema } from './check-schema.js';
import { collectEntries, type ChannelEntry, type ConfigEntries, type ReconcileEntry, type SettingEntry } from './config-entries.js';
import type { Environment } from './interpolate.js';
import type { LoadedConfig } from './loaded-config.js';
import { CHANNEL_DEFAULTS, RECONCILE_DEFAULTS, type RawConfigFile } from './raw-config.js';
import { channelName, checkRules } from './rules.js';
import { toPlain } from './to-plain.js';

/**
 * Turns loaded files into the trusted desired state. Pure: the environment is passed in.
 *
 * 1. Per file: interpolate `${...}` in string values, then check the schema. Interpolation comes
 *    first, so an interpolated value must still have its key's type (a variable always gives text).
 * 2. Files that match the schema are merged in path order and the semantic rules run over all
 *    of them (duplicates across files, renames, name shapes).
 * 3. Any problem, including the loader's, throws one `ConfigError` listing them all, sorted by
 *    file (in path order), line and column. Otherwise defaults are applied.
 *
 * @throws ConfigError with every problem found.
 */
export function validateConfig(loaded: LoadedConfig, env: Environment): DesiredState {
  const problems: Problem[] = [...loaded.problems];
  const entries: { channels: ChannelEntry[]; settings: SettingEntry[]; reconciles: ReconcileEntry[] } = { channels: [], settings: [], reconciles: [] };
  // Pruning needs channels (docs/design.md §3): only a `channels` key, even `[]`, manages them.
  let managesChannels = false;
  // Files the loader found something wrong in (a refused tag or value) are still checked, so every
  // problem shows at once, but their entries are left out: a refused value reads as empty.
  const damaged = new Set(loaded.problems.map((p) => p.location?.file));
  for (const file of loaded.files) {
    const plain = toPlain(file.root, env, problems);
    const schemaProblems = checkSchema(plain, file.root);
    for (const p of schemaProblems) problems.push(p); // not push(...): 100,000s of arguments overflow the stack
    // Past the schema the value has the raw shape; a file that failed it would only add noise.
    if (schemaProblems.length === 0 && !damaged.has(file.path)) {
      collectEntries(plain as unknown as RawConfigFile, file.root, entries);
      if ((plain as unknown as RawConfigFile).channels !== undefined) managesChannels = true;
    }
  }
  for (const p of checkRules(entries)) problems.push(p);
  if (problems.length > 0) throw new ConfigError(sortProblems(problems, loaded.sources));
  return desiredState(entries, loaded.files.map((f) => f.path), managesChannels);
}

function desiredState(entries: ConfigEntries, files: readonly string[], managesChannels: boolean): DesiredState {
  const channels = entries.channels.map(
    ({ raw, location, commentLocation }): DesiredChannel => ({
      name: channelName(raw.name),
      group: raw.group,
      availableToCustomerUsers: raw.availableToCustomerUsers ?? CHANNEL_DEFAULTS.availableToCustomerUsers,
      availableToPublicUsers: raw.availableToPublicUsers ?? CHANNEL_DEFAULTS.availableToPublicUsers,
      valid: raw.valid ?? CHANNEL_DEFAULTS.valid,
      // OTRS keeps a comment as written (it trims names only).
      comment: raw.comment ?? CHANNEL_DEFAULTS.comment,
      previousNames: (raw.previousNames ?? []).map(channelName),
      location,
      ...(commentLocation ? { commentLocation } : {}),
    }),
  );
  const settings = entries.settings.map(({ name, value, location }) => ({ name, value, location }));
  const reconcile = entries.reconciles[0]?.raw;
  const policy: ReconcilePolicy = {
    removedChannels: reconcile?.removedChannels ?? RECONCILE_DEFAULTS.removedChannels,
    maxInvalidatePercent: reconcile?.maxInvalidatePercent ?? RECONCILE_DEFAULTS.maxInvalidatePercent,
    maxInvalidatePercentFromConfig: reconcile?.maxInvalidatePercent !== undefined,
    // Only when the config says: the command line's --strict / --no-strict win over it.
    ...(reconcile?.strict === undefined ? {} : { strict: reconcile.strict }),
  };
  return { channels, settings, reconcile: policy, managesChannels, files };
}

/**
 * Problems without a place (a missing path) first, then by file in path order, line, column.
 * The sort is stable, so problems at one place keep the order they were found in.
 */
export function sortProblems(problems: readonly Problem[], sources: readonly string[]): Problem[] {
  const order = new Map(sources.map((file, i) => [file, i]));
  const fileRank = (p: Problem): number => (p.location ? (order.get(p.location.file) ?? sources.length) : -1);
  return [...problems].sort((a, b) => {
    const byFile = fileRank(a) - fileRank(b);
    if (byFile !== 0) return byFile;
    if (a.location && b.location && a.location.file !== b.location.file) return a.location.file < b.location.file ? -1 : 1;
    return (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.column ?? 0) - (b.location?.column ?? 0);
  });
}
