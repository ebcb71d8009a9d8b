import type { Problem } from '../errors.js';
import { formatLocation, type SourceLocation } from '../model/source-location.js';
import { DEFAULT_CHANNEL_SETTING, findSetting } from '../settings/catalog.js';
import type { ChannelEntry, ConfigEntries } from './config-entries.js';
import { codePointLength, quote } from './describe-value.js';
import { controlCharacter, invisibleCharacter, normalizeName } from '../model/text.js';

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

/**
 * Under which key two names of the config are one (docs/design.md §3): trimmed and NFC-normalised,
 * so `Café` with a composed and with a decomposed accent is one name. The database may hold
 * more names equal (a MySQL collation): `plan` checks that against the database.
 */
function nameKey(raw: string): string {
  return normalizeName(channelName(raw));
}

/** `first` and `second` are one name only once normalised: say so, or two identical-looking names puzzle the reader. */
function spelledApart(first: string, second: string): string {
  return channelName(first) === channelName(second) ? '' : ' (spelled differently, but the same name once Unicode-normalised: NFC)';
}

/**
 * A name with a character nobody sees: it looks like another name, or is shown reordered. Such a
 * name may only be a previous name, so that a stored channel holding one can be renamed.
 */
function invisibleProblem(what: string, raw: string): { message: string; hint: string } | undefined {
  const code = invisibleCharacter(raw);
  if (code === undefined) return undefined;
  return {
    message: `${what} contains the invisible character ${code} (${INVISIBLE_NAMES[code] ?? 'a bidirectional control'})`,
    hint: 'remove it: a reader cannot see it, so the name would look like another one. To rename a stored channel whose name has it, put that name in previousNames',
  };
}

const INVISIBLE_NAMES: Readonly<Record<string, string>> = {
  'U+200B': 'zero-width space',
  'U+2060': 'word joiner',
  'U+FEFF': 'zero-width no-break space, the byte-order mark',
};

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
  description: 'A channel name is 1–200 characters after trimming, with no control characters and no invisible ones (zero-width, bidirectional controls).',
  check: ({ channels }) =>
    channels.flatMap((c) => {
      const found = nameShapeProblem('channel name', c.raw.name) ?? invisibleProblem('channel name', c.raw.name);
      return found ? [problem('channel-name', c.nameLocation, found)] : [];
    }),
};

const previousNameShape: ConfigRule = {
  name: 'previous-name',
  description: 'Each previous name is a valid channel name (invisible characters allowed), differs from the channel’s own name, and appears once (after NFC).',
  check: ({ channels }) =>
    channels.flatMap((c) => {
      const own = nameKey(c.raw.name);
      const seen = new Map<string, string>();
      return (c.raw.previousNames ?? []).flatMap((raw, i) => {
        const location = c.previousNameLocations[i] ?? c.location;
        const name = channelName(raw);
        const key = nameKey(raw);
        const twin = seen.get(key);
        const found =
          nameShapeProblem('previous name', raw) ??
          (key === own ? { message: `previous name ${quote(name)} is the channel's own name${spelledApart(raw, c.raw.name)}`, hint: 'remove it from previousNames' } : undefined) ??
          (twin !== undefined ? { message: `previousNames lists ${quote(name)} twice (after trimming)${spelledApart(raw, twin)}`, hint: 'remove one of them' } : undefined);
        if (twin === undefined) seen.set(key, raw);
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
  description: 'ChatEngine::DefaultChatChannel names a channel exactly as OTRS stores it: trimmed, no control or invisible characters.',
  check: ({ settings }) =>
    settings.flatMap((s) => {
      if (s.name !== DEFAULT_CHANNEL_SETTING || typeof s.value !== 'string') return [];
      const what = `setting \`${s.name}\``;
      const found =
        nameShapeProblem(what, s.value) ??
        invisibleProblem(what, s.value) ??
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
  description: 'Each channel (by trimmed, case-sensitive, NFC-normalised name) is defined once across all files.',
  check: ({ channels }) => {
    const spelling = new Map<string, string>();
    for (const c of channels) if (!spelling.has(nameKey(c.raw.name))) spelling.set(nameKey(c.raw.name), c.raw.name);
    return duplicates(
      channels,
      (c) => nameKey(c.raw.name),
      (c) => c.location,
      (c, first) => ({
        code: 'duplicate-channel',
        location: c.location,
        message: `channel ${quote(channelName(c.raw.name))} is defined twice: here and at ${formatLocation(first)}${spelledApart(c.raw.name, spelling.get(nameKey(c.raw.name)) ?? c.raw.name)}`,
        hint: 'keep one definition',
      }),
    );
  },
};

const previousNamesClash: ConfigRule = {
  name: 'previous-name-clash',
  description: 'A previous name is not another channel’s name, nor another channel’s previous name: renames never merge channels.',
  check: ({ channels }) => {
    const byName = new Map<string, ChannelEntry>();
    for (const c of channels) if (!byName.has(nameKey(c.raw.name))) byName.set(nameKey(c.raw.name), c);
    const claimedBy = new Map<string, { channel: ChannelEntry; location: SourceLocation; raw: string }>();
    const problems: Problem[] = [];
    for (const c of channels) {
      const own = nameKey(c.raw.name);
      (c.raw.previousNames ?? []).forEach((raw, i) => {
        const name = channelName(raw);
        const location = c.previousNameLocations[i] ?? c.location;
        const other = byName.get(nameKey(raw));
        if (other && other !== c) {
          problems.push({
            code: 'previous-name-clash',
            location,
            message: `previous name ${quote(name)} is the name of another channel, defined at ${formatLocation(other.location)}${spelledApart(raw, other.raw.name)}`,
            hint: 'a rename cannot merge two channels: remove it from previousNames',
          });
        }
        const claim = claimedBy.get(nameKey(raw));
        if (claim && nameKey(claim.channel.raw.name) !== own) {
          problems.push({
            code: 'previous-name-clash',
            location,
            message: `previous name ${quote(name)} is also a previous name of channel ${quote(channelName(claim.channel.raw.name))} at ${formatLocation(claim.location)}${spelledApart(raw, claim.raw)}`,
            hint: 'a channel can be renamed into one channel only',
          });
        } else if (!claim) claimedBy.set(nameKey(raw), { channel: c, location, raw });
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

/** A UTF-16 surrogate without its pair: YAML's `"\ud800"` escape makes one, and no text column can hold it. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const storableText: ConfigRule = {
  name: 'lone-surrogate',
  description: 'No text holds half of a UTF-16 surrogate pair (a "\\ud800" escape): it has no UTF-8 form, so no database can store it.',
  check: ({ channels, settings }) => {
    const found: Problem[] = [];
    const check = (what: string, text: string | undefined, location: SourceLocation): void => {
      if (text === undefined || !LONE_SURROGATE.test(text)) return;
      const unit = [...text].find((ch) => ch.length === 1 && ch >= '\uD800' && ch <= '\uDFFF') ?? '';
      const code = `\\u${unit.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
      found.push({
        code: 'lone-surrogate',
        location,
        message: `${what} contains half of a UTF-16 surrogate pair (${code}), which no database can store`,
        hint: 'write the character itself, or both halves of its pair (e.g. "\\ud83d\\ude00" for 😀)',
      });
    };
    for (const c of channels) {
      check('channel name', c.raw.name, c.nameLocation);
      check('group name', c.raw.group, c.groupLocation);
      (c.raw.previousNames ?? []).forEach((previous, i) => check('previous name', previous, c.previousNameLocations[i] ?? c.location));
      check('comment', c.raw.comment, c.commentLocation ?? c.location);
    }
    for (const s of settings) if (typeof s.value === 'string') check(`setting \`${s.name}\``, s.value, s.valueLocation);
    return found;
  },
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
  storableText,
];

/** Runs every rule over the merged entries. */
export function checkRules(entries: ConfigEntries): Problem[] {
  return CONFIG_RULES.flatMap((rule) => rule.check(entries));
}
