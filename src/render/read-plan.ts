import type { Problem } from '../errors.js';
import type { SettingValue } from '../model/desired-state.js';
import type { SourceLocation } from '../model/source-location.js';
import { VALIDITIES } from '../model/validity.js';
import type { Change, FieldChange } from '../plan/change.js';
import type { GuardReport, UnmanagedChannels } from '../plan/plan.js';
import { complete, isDefined, isRecord, join, type JsonReader } from './json-reader.js';

const INVALID = ['invalid', 'invalid-temporarily'] as const;
const FIELDS = ['name', 'group', 'availableToCustomerUsers', 'availableToPublicUsers', 'valid', 'comment'] as const;

/** Reads one change; `undefined` when it is malformed (the reader holds why). */
export function readChange(r: JsonReader, value: unknown, path: string): Change | undefined {
  const at = (k: string): string => join(path, k);
  if (!isRecord(value)) return r.fail(path, 'must be an object');
  if (value.kind === undefined) return r.fail(at('kind'), 'is missing');
  const kind = r.oneOf(value.kind, at('kind'), ['create-channel', 'update-channel', 'invalidate-channel', 'update-setting'] as const);
  switch (kind) {
    case 'create-channel': {
      const o = r.object(value, path, ['kind', 'name', 'group', 'groupId', 'availableToCustomerUsers', 'availableToPublicUsers', 'valid', 'comment', 'reason']);
      if (!o) return undefined;
      const c = {
        kind,
        name: r.string(o.name, at('name'), { nonEmpty: true }),
        group: r.string(o.group, at('group'), { nonEmpty: true }),
        groupId: r.integer(o.groupId, at('groupId'), 1),
        availableToCustomerUsers: r.boolean(o.availableToCustomerUsers, at('availableToCustomerUsers')),
        availableToPublicUsers: r.boolean(o.availableToPublicUsers, at('availableToPublicUsers')),
        valid: r.oneOf(o.valid, at('valid'), VALIDITIES),
        comment: r.string(o.comment, at('comment')),
        reason: r.oneOf(o.reason, at('reason'), ['config', 'default-channel'] as const),
      };
      return complete(c);
    }
    case 'update-channel': {
      const o = r.object(value, path, ['kind', 'id', 'name', 'fields'], ['renamedFrom']);
      if (!o) return undefined;
      const fields = r.array(o.fields, at('fields'));
      if (fields?.length === 0) r.fail(at('fields'), 'must list at least one field');
      const read = fields?.map((f, i) => readField(r, f, join(at('fields'), i)));
      const c = {
        kind,
        id: r.integer(o.id, at('id'), 1),
        name: r.string(o.name, at('name'), { nonEmpty: true }),
        fields: read?.every(isDefined) ? read : undefined,
      };
      if (o.renamedFrom === undefined) return complete(c);
      const renamedFrom = r.string(o.renamedFrom, at('renamedFrom'), { nonEmpty: true });
      return complete({ ...c, renamedFrom });
    }
    case 'invalidate-channel': {
      const o = r.object(value, path, ['kind', 'id', 'name', 'from', 'to']);
      if (!o) return undefined;
      return complete({
        kind,
        id: r.integer(o.id, at('id'), 1),
        name: r.string(o.name, at('name'), { nonEmpty: true }),
        from: r.oneOf(o.from, at('from'), VALIDITIES),
        to: r.oneOf(o.to, at('to'), INVALID),
      });
    }
    case 'update-setting': {
      const o = r.object(value, path, ['kind', 'name', 'defaultId', 'old', 'new', 'effectiveValue', 'rowId', 'backToDefault'], ['oldUnreadable']);
      if (!o) return undefined;
      const old = o.old === null ? null : readSettingValue(r, o.old, at('old'));
      if ((old === null) !== ('oldUnreadable' in o)) r.fail(at('oldUnreadable'), 'must be present exactly when old is null (an unreadable stored value)');
      const c = {
        kind,
        name: r.string(o.name, at('name'), { nonEmpty: true }),
        defaultId: r.integer(o.defaultId, at('defaultId'), 1),
        old,
        new: readSettingValue(r, o.new, at('new')),
        effectiveValue: r.string(o.effectiveValue, at('effectiveValue'), { nonEmpty: true }),
        rowId: o.rowId === null ? null : r.integer(o.rowId, at('rowId'), 1),
        backToDefault: r.boolean(o.backToDefault, at('backToDefault')),
      };
      if (!('oldUnreadable' in o)) return complete(c);
      return complete({ ...c, oldUnreadable: r.string(o.oldUnreadable, at('oldUnreadable')) });
    }
    default:
      return undefined;
  }
}

function readField(r: JsonReader, value: unknown, path: string): FieldChange | undefined {
  const at = (k: string): string => join(path, k);
  if (!isRecord(value)) return r.fail(path, 'must be an object');
  if (value.field === undefined) return r.fail(at('field'), 'is missing');
  const field = r.oneOf(value.field, at('field'), FIELDS);
  switch (field) {
    case 'name':
    case 'comment': {
      const o = r.object(value, path, ['field', 'old', 'new']);
      const nonEmpty = field === 'name';
      return o && complete({ field, old: r.string(o.old, at('old'), { nonEmpty }), new: r.string(o.new, at('new'), { nonEmpty }) });
    }
    case 'group': {
      const o = r.object(value, path, ['field', 'old', 'new', 'newGroupId']);
      if (!o) return undefined;
      const old = o.old === null ? null : r.string(o.old, at('old'));
      return complete({ field, old, new: r.string(o.new, at('new'), { nonEmpty: true }), newGroupId: r.integer(o.newGroupId, at('newGroupId'), 1) });
    }
    case 'availableToCustomerUsers':
    case 'availableToPublicUsers': {
      const o = r.object(value, path, ['field', 'old', 'new']);
      return o && complete({ field, old: r.boolean(o.old, at('old')), new: r.boolean(o.new, at('new')) });
    }
    case 'valid': {
      const o = r.object(value, path, ['field', 'old', 'new']);
      return o && complete({ field, old: r.oneOf(o.old, at('old'), VALIDITIES), new: r.oneOf(o.new, at('new'), VALIDITIES) });
    }
    default:
      return undefined;
  }
}

function readSettingValue(r: JsonReader, value: unknown, path: string): SettingValue | undefined {
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return r.fail(path, 'must be a boolean, a number or a string');
}

export function readProblem(r: JsonReader, value: unknown, path: string): Problem | undefined {
  const o = r.object(value, path, ['code', 'message'], ['location', 'hint']);
  if (!o) return undefined;
  const p = { code: r.string(o.code, join(path, 'code'), { nonEmpty: true }), message: r.string(o.message, join(path, 'message'), { nonEmpty: true }) };
  const location = o.location === undefined ? undefined : readLocation(r, o.location, join(path, 'location'));
  const hint = o.hint === undefined ? undefined : r.string(o.hint, join(path, 'hint'));
  const base = complete(p);
  if (!base || ('location' in o && !location) || ('hint' in o && hint === undefined)) return undefined;
  return { ...base, ...(location ? { location } : {}), ...(hint !== undefined ? { hint } : {}) };
}

function readLocation(r: JsonReader, value: unknown, path: string): SourceLocation | undefined {
  const o = r.object(value, path, ['file', 'line', 'column']);
  return o && complete({
    file: r.string(o.file, join(path, 'file'), { nonEmpty: true }),
    line: r.integer(o.line, join(path, 'line'), 1),
    column: r.integer(o.column, join(path, 'column'), 1),
  });
}

export function readGuard(r: JsonReader, value: unknown, path: string): GuardReport | undefined {
  const o = r.object(value, path, ['validNow', 'invalidating', 'maxPercent', 'maxPercentSource', 'minValid', 'invalidatesAllButDefault', 'exceeded']);
  if (!o) return undefined;
  const at = (k: string): string => join(path, k);
  return complete({
    validNow: r.integer(o.validNow, at('validNow'), 0),
    invalidating: r.integer(o.invalidating, at('invalidating'), 0),
    maxPercent: r.number(o.maxPercent, at('maxPercent'), 0),
    maxPercentSource: r.oneOf(o.maxPercentSource, at('maxPercentSource'), ['default', 'config', 'flag'] as const),
    minValid: r.integer(o.minValid, at('minValid'), 0),
    invalidatesAllButDefault: r.boolean(o.invalidatesAllButDefault, at('invalidatesAllButDefault')),
    exceeded: r.boolean(o.exceeded, at('exceeded')),
  });
}

/** `null`, or the channels the plan leaves alone and why; `undefined` when malformed. */
export function readUnmanagedChannels(r: JsonReader, value: unknown, path: string): UnmanagedChannels | null | undefined {
  if (value === null) return null;
  if (value === undefined) return undefined;
  const o = r.object(value, path, ['reason', 'count']);
  if (!o) return undefined;
  return complete({
    reason: r.oneOf(o.reason, join(path, 'reason'), ['no-channels-key', 'keep'] as const),
    count: r.integer(o.count, join(path, 'count'), 0),
  });
}
