import type { ActualChannel, ActualGroup, ActualSetting, ActualState, ChangeStamp, DatabaseCapabilities, NameComparison, SystemWideSettingRow } from '../model/actual-state.js';
import { VALIDITIES } from '../model/validity.js';
import type { PlanOrigin, PlanTarget } from '../plan/plan.js';
import { complete, isDefined, join, list, type JsonReader } from './json-reader.js';

/** The strict readers of a saved plan's origin keys (docs/plan-format.md): tool, target, config, state. */

export function readTool(r: JsonReader, value: unknown): PlanOrigin['tool'] | undefined {
  const o = r.object(value, 'tool', ['name', 'version']);
  if (!o) return undefined;
  const name = r.oneOf(o.name, 'tool.name', ['otrs-chat-config'] as const);
  const version = r.string(o.version, 'tool.version', { nonEmpty: true });
  return name && version !== undefined ? { name, version } : undefined;
}

export function readTarget(r: JsonReader, value: unknown): PlanTarget | undefined {
  const o = r.object(value, 'target', ['kind', 'host', 'port', 'database', 'user', 'display']);
  if (!o) return undefined;
  const t = {
    kind: r.oneOf(o.kind, 'target.kind', ['postgres', 'mysql', 'embedded'] as const),
    host: o.host === null ? null : r.string(o.host, 'target.host', { nonEmpty: true }),
    port: o.port === null ? null : r.integer(o.port, 'target.port', 1),
    database: r.string(o.database, 'target.database', { nonEmpty: true }),
    user: o.user === null ? null : r.string(o.user, 'target.user'),
    display: r.string(o.display, 'target.display', { nonEmpty: true }),
  };
  return complete(t);
}

export function readConfigOrigin(r: JsonReader, value: unknown): PlanOrigin['config'] | undefined {
  const o = r.object(value, 'config', ['digest', 'files']);
  if (!o) return undefined;
  const digest = r.string(o.digest, 'config.digest', { pattern: /^[0-9a-f]{64}$/ });
  const files = r.array(o.files, 'config.files')?.map((f, i) => r.string(f, join('config.files', i), { nonEmpty: true }));
  return digest !== undefined && files?.every(isDefined) ? { digest, files } : undefined;
}

/** The rows a plan read: what `introspect` returns, `lastChange` included where the database had it. */
export function readState(r: JsonReader, value: unknown, path: string): ActualState | undefined {
  const o = r.object(value, path, ['capabilities', 'channels', 'groups', 'settings']);
  if (!o) return undefined;
  const capabilities = readCapabilities(r, o.capabilities, join(path, 'capabilities'));
  const channels = list(r, o.channels, join(path, 'channels'), readChannel);
  const groups = list(r, o.groups, join(path, 'groups'), readGroup);
  const settings = list(r, o.settings, join(path, 'settings'), readSetting);
  return capabilities && channels && groups && settings ? { capabilities, channels, groups, settings } : undefined;
}

function readCapabilities(r: JsonReader, value: unknown, path: string): DatabaseCapabilities | undefined {
  const o = r.object(value, path, ['dialect', 'groupTable', 'availabilityColumns', 'nameComparison', 'supportsFourByteCharacters']);
  if (!o) return undefined;
  const at = (k: string): string => join(path, k);
  let availabilityColumns: DatabaseCapabilities['availabilityColumns'] | undefined = null;
  if (o.availabilityColumns !== null) {
    const a = r.object(o.availabilityColumns, at('availabilityColumns'), ['customer', 'public']);
    const customer = a && r.string(a.customer, join(at('availabilityColumns'), 'customer'), { nonEmpty: true });
    const pub = a && r.string(a.public, join(at('availabilityColumns'), 'public'), { nonEmpty: true });
    availabilityColumns = customer && pub ? { customer, public: pub } : undefined;
  }
  return complete({
    dialect: r.oneOf(o.dialect, at('dialect'), ['postgres', 'mysql'] as const),
    groupTable: r.oneOf(o.groupTable, at('groupTable'), ['groups', 'permission_groups', 'groups_table'] as const),
    availabilityColumns,
    nameComparison: readNameComparison(r, o.nameComparison, at('nameComparison')),
    supportsFourByteCharacters: r.boolean(o.supportsFourByteCharacters, at('supportsFourByteCharacters')),
  });
}

/** `"exact"` (PostgreSQL), or the collations of the name columns (MySQL/MariaDB). */
function readNameComparison(r: JsonReader, value: unknown, path: string): NameComparison | undefined {
  if (value === undefined || typeof value === 'string') return r.oneOf(value, path, ['exact'] as const);
  const o = r.object(value, path, ['channelCollation', 'groupCollation']);
  if (!o) return undefined;
  return complete({
    channelCollation: r.string(o.channelCollation, join(path, 'channelCollation'), { nonEmpty: true }),
    groupCollation: r.string(o.groupCollation, join(path, 'groupCollation'), { nonEmpty: true }),
  });
}

function readChannel(r: JsonReader, value: unknown, path: string): ActualChannel | undefined {
  const o = r.object(value, path, ['id', 'name', 'groupId', 'group', 'valid', 'availableToCustomerUsers', 'availableToPublicUsers', 'comment'], ['lastChange']);
  if (!o) return undefined;
  const at = (k: string): string => join(path, k);
  const flag = (v: unknown, p: string): boolean | null | undefined => (v === null ? null : r.boolean(v, p));
  const c = complete({
    id: r.integer(o.id, at('id'), 1),
    name: r.string(o.name, at('name')),
    groupId: r.integer(o.groupId, at('groupId'), 0),
    group: o.group === null ? null : r.string(o.group, at('group')),
    valid: r.oneOf(o.valid, at('valid'), VALIDITIES),
    availableToCustomerUsers: flag(o.availableToCustomerUsers, at('availableToCustomerUsers')),
    availableToPublicUsers: flag(o.availableToPublicUsers, at('availableToPublicUsers')),
    comment: r.string(o.comment, at('comment')),
  });
  return withStamp(r, c, o, path);
}

function readGroup(r: JsonReader, value: unknown, path: string): ActualGroup | undefined {
  const o = r.object(value, path, ['id', 'name', 'valid']);
  return o && complete({ id: r.integer(o.id, join(path, 'id'), 1), name: r.string(o.name, join(path, 'name')), valid: r.boolean(o.valid, join(path, 'valid')) });
}

function readSetting(r: JsonReader, value: unknown, path: string): ActualSetting | undefined {
  const o = r.object(value, path, ['name', 'defaultId', 'defaultEffectiveValue', 'systemWideRows']);
  if (!o) return undefined;
  const at = (k: string): string => join(path, k);
  return complete({
    name: r.string(o.name, at('name'), { nonEmpty: true }),
    defaultId: r.integer(o.defaultId, at('defaultId'), 1),
    defaultEffectiveValue: o.defaultEffectiveValue === null ? null : r.string(o.defaultEffectiveValue, at('defaultEffectiveValue')),
    systemWideRows: list(r, o.systemWideRows, at('systemWideRows'), readSettingRow),
  });
}

function readSettingRow(r: JsonReader, value: unknown, path: string): SystemWideSettingRow | undefined {
  const o = r.object(value, path, ['id', 'effectiveValue', 'isValid'], ['lastChange']);
  if (!o) return undefined;
  const row = complete({
    id: r.integer(o.id, join(path, 'id'), 1),
    effectiveValue: o.effectiveValue === null ? null : r.string(o.effectiveValue, join(path, 'effectiveValue')),
    isValid: r.boolean(o.isValid, join(path, 'isValid')),
  });
  return withStamp(r, row, o, path);
}

function withStamp<T extends object>(r: JsonReader, base: T | undefined, o: Record<string, unknown>, path: string): (T & { lastChange?: ChangeStamp }) | undefined {
  if (o.lastChange === undefined) return base;
  const s = r.object(o.lastChange, join(path, 'lastChange'), ['by', 'at']);
  const by = s && (s.by === null ? null : r.string(s.by, join(path, 'lastChange.by')));
  const at = s && r.string(s.at, join(path, 'lastChange.at'), { nonEmpty: true });
  return base && by !== undefined && at !== undefined ? { ...base, lastChange: { by, at } } : undefined;
}
