import type { ActualChannel, ActualGroup, ActualSetting, ActualState, ChangeStamp } from '../model/actual-state.js';
import { findSetting } from '../settings/catalog.js';
import { compareText } from './compare-text.js';
import { readCurrentSetting } from './current-setting.js';
import { escapeHidden, quoteText } from './visible-text.js';

/** One field that differs between the state a plan saw and the state now. Values are as shown. */
export interface StateFieldChange {
  readonly field: string;
  readonly old: string;
  readonly new: string;
}

/**
 * What moved in the database since a plan was made (docs/design.md §6): a channel, group or
 * setting added, changed or gone, or the database layout itself. `lastChange` is who changed
 * the row and when, as OTRS recorded it on the row now (for a gone row: nothing to say).
 */
export interface StateChange {
  readonly subject: 'channel' | 'group' | 'setting' | 'database';
  readonly change: 'added' | 'changed' | 'gone';
  readonly name: string;
  /** The row's id (channels and groups). */
  readonly id?: number;
  readonly fields: readonly StateFieldChange[];
  readonly lastChange?: ChangeStamp;
}

/** Everything that differs between `before` (recorded in a saved plan) and `now`, in a stable order. */
export function stateChanges(before: ActualState, now: ActualState): StateChange[] {
  return [...databaseChanges(before, now), ...channelChanges(before.channels, now.channels), ...groupChanges(before.groups, now.groups), ...settingChanges(before.settings, now.settings)];
}

/** At most `max` changes as one line each, then how many more: the message of a stale-plan refusal. */
export function describeStateChanges(changes: readonly StateChange[], max = 20): string[] {
  const lines = changes.slice(0, max).map(describeStateChange);
  if (changes.length > max) lines.push(`… and ${changes.length - max} more`);
  return lines;
}

/** One line; names and values quoted, and any character a terminal could hide escaped (`\u200B`). */
export function describeStateChange(c: StateChange): string {
  const marker = c.change === 'added' ? '+' : c.change === 'gone' ? '-' : '~';
  const subject = c.subject === 'setting' || c.subject === 'database' ? `${c.subject} ${c.name}` : `${c.subject} ${quoteText(c.name)}`;
  const id = c.id === undefined ? '' : ` (id ${c.id})`;
  const fields = c.fields.length > 0 ? `: ${c.fields.map((f) => `${f.field} ${f.old} → ${f.new}`).join('; ')}` : '';
  const who = c.lastChange ? ` (${c.change === 'added' ? 'added' : 'changed'} by ${c.lastChange.by ?? 'an agent that no longer exists'} at ${c.lastChange.at})` : '';
  const gone = c.change === 'gone' ? ' is gone' : c.change === 'added' ? ' was added' : '';
  // The agent's login and the setting names come as stored: escape what they might hide too.
  return escapeHidden(`${marker} ${subject}${id}${gone}${fields}${who}`);
}

function databaseChanges(before: ActualState, now: ActualState): StateChange[] {
  const a = before.capabilities;
  const b = now.capabilities;
  const columns = (c: typeof a): string => (c.availabilityColumns ? `${c.availabilityColumns.customer},${c.availabilityColumns.public}` : 'none');
  const comparison = ({ nameComparison: n }: typeof a): string => (n === 'exact' ? 'exact' : `collation ${n.channelCollation} (groups: ${n.groupCollation})`);
  const fields = [
    field('dialect', a.dialect, b.dialect),
    field('group table', a.groupTable, b.groupTable),
    field('availability columns', columns(a), columns(b)),
    field('name comparison', comparison(a), comparison(b)),
    field('4-byte characters', String(a.supportsFourByteCharacters), String(b.supportsFourByteCharacters)),
  ].filter(isChange);
  return fields.length > 0 ? [{ subject: 'database', change: 'changed', name: 'layout', fields }] : [];
}

function channelChanges(before: readonly ActualChannel[], now: readonly ActualChannel[]): StateChange[] {
  return byId(before, now).map(([a, b]): StateChange | undefined => {
    if (!b) return a && { subject: 'channel', change: 'gone', name: a.name, id: a.id, fields: [] };
    const stamp = b.lastChange ? { lastChange: b.lastChange } : {};
    if (!a) return { subject: 'channel', change: 'added', name: b.name, id: b.id, fields: [], ...stamp };
    const fields = [
      field('name', quoted(a.name), quoted(b.name)),
      field('group', groupText(a), groupText(b)),
      field('valid', a.valid, b.valid),
      field('available to customers', flag(a.availableToCustomerUsers), flag(b.availableToCustomerUsers)),
      field('available to public', flag(a.availableToPublicUsers), flag(b.availableToPublicUsers)),
      field('comment', quoted(a.comment), quoted(b.comment)),
    ].filter(isChange);
    return fields.length > 0 ? { subject: 'channel', change: 'changed', name: b.name, id: b.id, fields, ...stamp } : undefined;
  }).filter(isDefined);
}

function groupChanges(before: readonly ActualGroup[], now: readonly ActualGroup[]): StateChange[] {
  return byId(before, now).map(([a, b]): StateChange | undefined => {
    if (!b) return a && { subject: 'group', change: 'gone', name: a.name, id: a.id, fields: [] };
    if (!a) return { subject: 'group', change: 'added', name: b.name, id: b.id, fields: [] };
    const fields = [field('name', quoted(a.name), quoted(b.name)), field('valid', String(a.valid), String(b.valid))].filter(isChange);
    return fields.length > 0 ? { subject: 'group', change: 'changed', name: b.name, id: b.id, fields } : undefined;
  }).filter(isDefined);
}

function settingChanges(before: readonly ActualSetting[], now: readonly ActualSetting[]): StateChange[] {
  const old = new Map(before.map((s) => [s.name, s]));
  const current = new Map(now.map((s) => [s.name, s]));
  const names = [...new Set([...old.keys(), ...current.keys()])].sort(compareText);
  return names.map((name): StateChange | undefined => {
    const a = old.get(name);
    const b = current.get(name);
    if (!b) return { subject: 'setting', change: 'gone', name, fields: [] };
    const stamp = latestStamp(b);
    if (!a) return { subject: 'setting', change: 'added', name, fields: [], ...(stamp ? { lastChange: stamp } : {}) };
    const fields = [
      field('value', settingText(a), settingText(b)),
      field('stored rows', rowsText(a), rowsText(b)),
      field('default', storedText(a.defaultEffectiveValue), storedText(b.defaultEffectiveValue)),
    ].filter(isChange);
    // The value says it all when it changed; the rows matter only when the value stayed.
    const shown = fields.some((f) => f.field === 'value') ? fields.filter((f) => f.field !== 'stored rows') : fields;
    return shown.length > 0 ? { subject: 'setting', change: 'changed', name, fields: shown, ...(stamp ? { lastChange: stamp } : {}) } : undefined;
  }).filter(isDefined);
}

/** Pairs rows by id, in id order: `[before, now]`, either side missing when the row came or went. */
function byId<T extends { readonly id: number }>(before: readonly T[], now: readonly T[]): [T | undefined, T | undefined][] {
  const a = new Map(before.map((x) => [x.id, x]));
  const b = new Map(now.map((x) => [x.id, x]));
  const ids = [...new Set([...a.keys(), ...b.keys()])].sort((x, y) => x - y);
  return ids.map((id) => [a.get(id), b.get(id)]);
}

function settingText(s: ActualSetting): string {
  const type = findSetting(s.name)?.type ?? 'text';
  const current = readCurrentSetting(s, type);
  switch (current.status) {
    case 'readable':
      return typeof current.value === 'string' ? quoteText(current.value) : String(current.value);
    case 'unreadable':
      return `<unreadable: ${storedText(current.raw)}>`;
    case 'ambiguous':
      return `<${current.rowIds.length} system-wide rows>`;
  }
}

function rowsText(s: ActualSetting): string {
  if (s.systemWideRows.length === 0) return 'none';
  return [...s.systemWideRows].sort((a, b) => a.id - b.id).map((r) => `#${r.id} ${storedText(r.effectiveValue)}${r.isValid ? '' : ' (not valid)'}`).join(', ');
}

/** A stored `effective_value`: quoted, its newline escaped; `null` for a NULL column. */
function storedText(text: string | null): string {
  return text === null ? 'null' : quoteText(text);
}

function latestStamp(s: ActualSetting): ChangeStamp | undefined {
  let latest: ChangeStamp | undefined;
  for (const row of s.systemWideRows) if (row.lastChange && (!latest || row.lastChange.at > latest.at)) latest = row.lastChange;
  return latest;
}

function groupText(c: ActualChannel): string {
  return c.group === null ? `<missing group ${c.groupId}>` : quoted(c.group);
}

function flag(value: boolean | null): string {
  return value === null ? 'n/a' : value ? 'yes' : 'no';
}

/** Quoted and escaped, so no character can drive or hide from a terminal; long texts are cut to keep the list short. */
function quoted(text: string, max = 60): string {
  const chars = [...text];
  return quoteText(chars.length > max ? `${chars.slice(0, max).join('')}…` : text);
}

function field(name: string, old: string, now: string): StateFieldChange {
  return { field: name, old, new: now };
}

function isChange(f: StateFieldChange): boolean {
  return f.old !== f.new;
}

function isDefined<T>(x: T | undefined): x is T {
  return x !== undefined;
}
