import type { ActualSetting } from '../model/actual-state.js';
import type { SettingValue } from '../model/desired-state.js';
import type { SettingType } from '../settings/catalog.js';
import { decodeEffectiveValue } from '../settings/codec.js';

/** A setting's current effective value as OTRS would read it (docs/otrs.md, "ChatEngine settings"). */
export type CurrentSetting =
  | {
      readonly status: 'readable';
      readonly value: SettingValue;
      /** The system-wide `sysconfig_modified` row, valid or not; `null` when there is none. */
      readonly rowId: number | null;
    }
  | {
      readonly status: 'unreadable';
      /** The stored text that does not decode to a value of the setting's type. */
      readonly raw: string | null;
      readonly reason: string;
      readonly rowId: number | null;
    }
  | {
      /** Two or more system-wide rows: OTRS itself cannot tell which applies. */
      readonly status: 'ambiguous';
      readonly rowIds: readonly number[];
    };

/**
 * The current value: the single system-wide row when it exists and is valid, else the
 * `sysconfig_default` value. A row that is not valid is still the row to update later.
 */
export function readCurrentSetting(setting: ActualSetting, type: SettingType): CurrentSetting {
  const rows = setting.systemWideRows;
  if (rows.length > 1) return { status: 'ambiguous', rowIds: rows.map((r) => r.id).sort((a, b) => a - b) };
  const row = rows[0];
  const raw = row?.isValid ? row.effectiveValue : setting.defaultEffectiveValue;
  const rowId = row ? row.id : null;
  const decoded = decodeEffectiveValue(type, raw);
  return decoded.ok
    ? { status: 'readable', value: decoded.value, rowId }
    : { status: 'unreadable', raw, reason: decoded.reason, rowId };
}

/** The shipped default value, when it is readable. */
export function readDefaultSetting(setting: ActualSetting, type: SettingType): SettingValue | undefined {
  const decoded = decodeEffectiveValue(type, setting.defaultEffectiveValue);
  return decoded.ok ? decoded.value : undefined;
}
