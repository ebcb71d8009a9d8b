import type { Problem } from '../errors.js';
import { formatLocation, type SourceLocation } from '../model/source-location.js';
import { DEFAULT_CHANNEL_SETTING, findSetting } from '../settings/catalog.js';
import type { ChannelEntry, ConfigEntries } from './config-entries.js';
import { codePointLength, quote } from './describe-value.js';
import { controlCharacter } from '../model/text.js';

/**
 * A semantic check the schema cannot express, run over all files at once after each file
 * matched the schema. Its name is the `code` of the problems it reports.
 */
export interface ConfigRule {
  readonly name: string;
  readonly description: string;
  readonly check: (entries: ConfigEntries) => Problem[];
}

/** OTRS names are VARCHAR(200), counted in characters (code points). */
export const MAX_NAME_LENGTH = 200;

/** The channel name OTRS stores: trimmed of leading and trailing white space. */
export function channelName(raw: string): string {
  return raw.trim();
}

/** What is wrong with a name as OTRS would store it, or undefined. `what` starts the sentence. */
function nameShapeProblem(what: string, raw: string): { message: string; hint?: string } | undefined {
  const trimmed = channelName(raw);
  if (trimmed === '') return { message: `${what} is empty`, hint: 'white space alone does not count: OTRS trims names' };
  const length = codePointLength(trimmed);
  if (length > MAX_NAME_LENGTH) return { message: `${what} is too long: ${length} characters after trimming, at most ${MAX_NAME_LENGTH}` };
  // Line breaks or tabs at either end are trimmed away like spaces; only those inside remain.
  return controlProblem(what, trimmed);
}

function controlProblem(what: string, raw: string): { message: string; hint?: string } | undefined {
  const code = controlCharacter(raw);
  if (code === undefined) return undefined;
  return { message: `${what} contains a control character (${code})`, hint: 'remove line breaks, tabs and other control characters' };
}

function problem(code: string, location: SourceLocation, found: { message: string; hint?: string }): Problem {
  return { code, location, message: found.message, ...(found.hint ? { hint: found.hint } : {}) };
}

const channelNameShape: ConfigRule = {
  name: 'channel-name',
  description: 'A channel name is 1–200 characters after trimming, with no control characters.',
  check: ({ channels }) =>
    channels.flatMap((c) => {
      const found = nameShapeProblem('channel name', c.raw.name);
      return found ? [problem('channel-name', c.nameLocation, found)] : [];
    }),
};

const previousNameShape: ConfigRule = {
  name: 'previous-name',
  description: 'Each previous name is a valid channel name, differs from the channel’s own name, and appears once.',
  check: ({ channels }) =>
    channels.flatMap((c) => {
      const own = channelName(c.raw.name);
      const seen = new Set<string>();
      return (c.raw.previousNames ?? []).flatMap((raw, i) => {
        const location = c.previousNameLocations[i] ?? c.location;
        const name = channelName(raw);
        const found =
          nameShapeProblem('previous name', raw) ??
          (name === own ? { message: `previous name ${quote(name)} is the channel's own name`, hint: 'remove it from previousNames' } : undefined) ??
          (seen.has(name) ? { message: `previousNames lists ${quote(name)} twice (after trimming)`, hint: 'remove one of them' } : undefined);
        seen.add(name);
        return found ? [problem('previous-name', location, found)] : [];
      });
    }),
};

const groupCharacters: ConfigRule = {
  name: 'group-name',
  description: 'Group names (of channels and of group settings) contain no control characters.',
  check: ({ channels, settings }) => [
    ...channels.flatMap((c) => {
      const found = controlProblem('group name', c.raw.group);
      return found ? [problem('group-name', c.groupLocation, found)] : [];
    }),
    ...settings.flatMap((s) => {
      const type = findSetting(s.name)?.type;
      const found = typeof s.value === 'string' && (type === 'group' || type === 'group-or-empty') ? controlProblem(`setting \`${s.name}\``, s.value) : undefined;
      return found ? [problem('group-name', s.valueLocation, found)] : [];
    }),
  ],
};

const defaultChannelName: ConfigRule = {
  name: 'default-channel-name',
  description: 'ChatEngine::DefaultChatChannel names a channel exactly as OTRS stores it: trimmed, no control characters.',
  check: ({ settings }) =>
    settings.flatMap((s) => {
      if (s.name !== DEFAULT_CHANNEL_SETTING || typeof s.value !== 'string') return [];
      const what = `setting \`${s.name}\``;
      const found =
        nameShapeProblem(what, s.value) ??
        (channelName(s.value) !== s.value ? { message: `${what} starts or ends with white space`, hint: 'OTRS trims channel names, so this would never match the channel; remove the spaces' } : undefined);
      return found ? [problem('default-channel-name', s.valueLocation, found)] : [];
    }),
};

/** Reports every later occurrence of a key, naming the first place it was seen. */
function duplicates<T>(items: readonly T[], keyOf: (item: T) => string, placeOf: (item: T) => SourceLocation, report: (item: T, first: SourceLocation) => Problem): Problem[] {
  const first = new Map<string, SourceLocation>();
  const problems: Problem[] = [];
  for (const item of items) {
    const key = keyOf(item);
    const earlier = first.get(key);
    if (earlier) problems.push(report(item, earlier));
    else first.set(key, placeOf(item));
  }
  return problems;
}

const uniqueChannelNames: ConfigRule = {
  name: 'duplicate-channel',
  description: 'Each channel (by trimmed, case-sensitive name) is defined once across all files.',
  check: ({ channels }) =>
    duplicates(
      channels,
      (c) => channelName(c.raw.name),
      (c) => c.location,
      (c, first) => ({ code: 'duplicate-channel', location: c.location, message: `channel ${quote(channelName(c.raw.name))} is defined twice: here and at ${formatLocation(first)}`, hint: 'keep one definition' }),
    ),
};

const previousNamesClash: ConfigRule = {
  name: 'previous-name-clash',
  description: 'A previous name is not another channel’s name, nor another channel’s previous name: renames never merge channels.',
  check: ({ channels }) => {
    const byName = new Map<string, ChannelEntry>();
    for (const c of channels) if (!byName.has(channelName(c.raw.name))) byName.set(channelName(c.raw.name), c);
    const claimedBy = new Map<string, { channel: ChannelEntry; location: SourceLocation }>();
    const problems: Problem[] = [];
    for (const c of channels) {
      const own = channelName(c.raw.name);
      (c.raw.previousNames ?? []).forEach((raw, i) => {
        const name = channelName(raw);
        const location = c.previousNameLocations[i] ?? c.location;
        const other = byName.get(name);
        if (other && other !== c) {
          problems.push({ code: 'previous-name-clash', location, message: `previous name ${quote(name)} is the name of another channel, defined at ${formatLocation(other.location)}`, hint: 'a rename cannot merge two channels: remove it from previousNames' });
        }
        const claim = claimedBy.get(name);
        if (claim && channelName(claim.channel.raw.name) !== own) {
          problems.push({ code: 'previous-name-clash', location, message: `previous name ${quote(name)} is also a previous name of channel ${quote(channelName(claim.channel.raw.name))} at ${formatLocation(claim.location)}`, hint: 'a channel can be renamed into one channel only' });
        } else if (!claim) claimedBy.set(name, { channel: c, location });
      });
    }
    return problems;
  },
};

const uniqueSettings: ConfigRule = {
  name: 'duplicate-setting',
  description: 'Each setting is set in one file only.',
  check: ({ settings }) =>
    duplicates(
      settings,
      (s) => s.name,
      (s) => s.location,
      (s, first) => ({ code: 'duplicate-setting', location: s.location, message: `setting \`${s.name}\` is set twice: here and at ${formatLocation(first)}`, hint: 'keep it in one file' }),
    ),
};

const singleReconcile: ConfigRule = {
  name: 'duplicate-reconcile',
  description: '`reconcile` appears in at most one file.',
  check: ({ reconciles }) =>
    duplicates(
      reconciles,
      () => 'reconcile',
      (r) => r.location,
      (r, first) => ({ code: 'duplicate-reconcile', location: r.location, message: `\`reconcile\` is given twice: here and at ${formatLocation(first)}`, hint: 'keep it in one file' }),
    ),
};

/** Every semantic rule, in the order their problems are collected (they are sorted afterwards). */
export const CONFIG_RULES: readonly ConfigRule[] = [
  channelNameShape,
  previousNameShape,
  groupCharacters,
  defaultChannelName,
  uniqueChannelNames,
  previousNamesClash,
  uniqueSettings,
  singleReconcile,
];

/** Runs every rule over the merged entries. */
export function checkRules(entries: ConfigEntries): Problem[] {
  return CONFIG_RULES.flatMap((rule) => rule.check(entries));
}
