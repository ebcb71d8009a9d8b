import schema from '../../schema/otrs-chat-config.schema.json' with { type: 'json' };
import { channelName, MAX_NAME_LENGTH } from '../config/rules.js';
import type { ActualSetting, ActualState } from '../model/actual-state.js';
import type { SettingValue } from '../model/desired-state.js';
import { readCurrentSetting, readDefaultSetting, type CurrentSetting } from '../plan/current-setting.js';
import { createGroupIndex, type GroupIndex } from '../plan/group-index.js';
import type { NameKey } from '../plan/name-key.js';
import { DEFAULT_CHANNEL_SETTING, SETTING_CATALOG, type SettingDefinition } from '../settings/catalog.js';
import { settingValuesEqual } from '../settings/codec.js';
import type { ExportedSetting } from './render-document.js';
import { quoteForMessage } from './scalar-style.js';
import { controlCharacter, invisibleCharacter } from '../model/text.js';
import { lengthProblem } from './text-checks.js';

/** A setting's entry in the schema: the limits the config puts on its value. */
interface SettingSchema {
  readonly type: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}
const SETTING_SCHEMAS: Readonly<Record<string, SettingSchema>> = schema.properties.settings.properties;

/** A setting the export leaves out, with the whole message (it names the row). */
export interface LeftOutSetting {
  readonly name: string;
  readonly code: 'setting-rows' | 'setting-unreadable' | 'setting-value';
  readonly message: string;
}

export interface SettingSelection {
  /** In catalog order. */
  readonly settings: readonly ExportedSetting[];
  readonly leftOut: readonly LeftOutSetting[];
}

/**
 * The settings whose current effective value (the single system-wide `sysconfig_modified` row
 * when it is valid, else the default: `readCurrentSetting`, as the planner reads it) differs from
 * the shipped default, in catalog order. A setting whose value cannot be stated is left out,
 * and the planner leaves a setting the config does not name alone: so none of these becomes a
 * change. Left out: two system-wide rows (OTRS itself cannot tell which applies), a value that
 * does not decode, and a value the config refuses (schema limits, control characters in a
 * group name, a default channel name OTRS would trim) or the planner refuses (a group that
 * does not exist, spelled exactly).
 */
export function selectSettings(actual: ActualState, groupKey: NameKey): SettingSelection {
  const groups = createGroupIndex(actual.groups, groupKey);
  const settings: ExportedSetting[] = [];
  const leftOut: LeftOutSetting[] = [];
  for (const def of SETTING_CATALOG) {
    const stored = actual.settings.find((s) => s.name === def.name);
    if (!stored) continue; // not installed: the planner refuses it only when the config names it
    const current = readCurrentSetting(stored, def.type);
    const unusable = unusableProblem(stored, current);
    if (unusable) {
      leftOut.push(unusable);
      continue;
    }
    if (current.status !== 'readable' || isDefault(stored, def, current.value)) continue;
    const refused = valueProblem(def, current.value, groups);
    if (refused) {
      leftOut.push({
        name: def.name,
        code: 'setting-value',
        message: `setting ${def.name} (${rowName(stored, current)}): its value ${describeValue(current.value)} ${refused}; left out of the export: the plan leaves it as it is`,
      });
    } else settings.push({ name: def.name, value: current.value });
  }
  return { settings, leftOut };
}

function isDefault(stored: ActualSetting, def: SettingDefinition, value: SettingValue): boolean {
  const shipped = readDefaultSetting(stored, def.type);
  return shipped !== undefined && settingValuesEqual(shipped, value);
}

/** Two system-wide rows, or a stored value that does not decode: the planner only warns about those. */
function unusableProblem(stored: ActualSetting, current: CurrentSetting): LeftOutSetting | undefined {
  if (current.status === 'ambiguous') {
    return {
      name: stored.name,
      code: 'setting-rows',
      message:
        `setting ${stored.name} has ${current.rowIds.length} system-wide rows in sysconfig_modified (ids ${current.rowIds.join(', ')}); OTRS itself cannot tell which applies: ` +
        'left out of the export, and the plan leaves it as it is (reset the setting in OTRS so one row remains, then export again)',
    };
  }
  if (current.status === 'unreadable') {
    const raw = current.raw === null ? 'NULL' : quoteForMessage(current.raw);
    return {
      name: stored.name,
      code: 'setting-unreadable',
      message:
        `setting ${stored.name} (${rowName(stored, current)}): the stored value ${raw} cannot be read (${current.reason}); ` +
        'left out of the export, and the plan leaves it as it is (set it in the config and apply to repair it)',
    };
  }
  return undefined;
}

/** Which row the current value comes from: the system-wide row when it is in force, else the default. */
function rowName(stored: ActualSetting, current: CurrentSetting): string {
  const row = stored.systemWideRows[0];
  return current.status !== 'ambiguous' && row?.isValid ? `sysconfig_modified id ${row.id}` : `sysconfig_default id ${stored.defaultId}`;
}

/** Why the config cannot hold this value (a phrase after "its value …"), or undefined. */
function valueProblem(def: SettingDefinition, value: SettingValue, groups: GroupIndex): string | undefined {
  const limits: Partial<SettingSchema> = SETTING_SCHEMAS[def.name] ?? {};
  if (typeof value === 'number') {
    if (limits.maximum !== undefined && value > limits.maximum) return `is larger than the config allows (at most ${limits.maximum})`;
    if (limits.minimum !== undefined && value < limits.minimum) return `is smaller than the config allows (at least ${limits.minimum})`;
    return undefined;
  }
  if (typeof value !== 'string') return undefined;
  if (limits.minLength !== undefined && value.length < limits.minLength) return 'is empty, which the config does not allow for this setting';
  const long = lengthProblem(value, limits.maxLength ?? Number.POSITIVE_INFINITY);
  if (long) return `is ${long}`;
  if (def.type === 'group' || (def.type === 'group-or-empty' && value !== '')) return groupValueProblem(value, groups);
  if (def.name === DEFAULT_CHANNEL_SETTING) return defaultChannelProblem(value);
  return undefined;
}

/** OTRS looks a group setting up exactly as stored, and so does the planner: a near miss is a plan error. */
function groupValueProblem(value: string, groups: GroupIndex): string | undefined {
  const control = controlCharacter(value);
  if (control) return `has the control character ${control}`;
  if (!groups.findExact(value)) return 'names a group that does not exist (spelled exactly so), which the plan would refuse';
  return undefined;
}

/** The config's rule for `ChatEngine::DefaultChatChannel`: a channel name exactly as OTRS stores one. */
function defaultChannelProblem(value: string): string | undefined {
  if (channelName(value) !== value) return 'starts or ends with white space, which a channel name cannot (OTRS trims names)';
  const control = controlCharacter(value);
  if (control) return `has the control character ${control}`;
  const invisible = invisibleCharacter(value);
  if (invisible) return `has the invisible character ${invisible}, which a channel name in the config may not`;
  const long = lengthProblem(value, MAX_NAME_LENGTH);
  return long ? `is ${long}` : undefined;
}

function describeValue(value: SettingValue): string {
  return typeof value === 'string' ? quoteForMessage(value) : String(value);
}
