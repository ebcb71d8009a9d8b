import type { SettingValue } from '../model/desired-state.js';
import type { Validity } from '../model/validity.js';

/** One field of a channel going from `old` to `new`. */
export type FieldChange =
  | { readonly field: 'name'; readonly old: string; readonly new: string }
  | { readonly field: 'group'; readonly old: string | null; readonly new: string; readonly newGroupId: number }
  | { readonly field: 'availableToCustomerUsers' | 'availableToPublicUsers'; readonly old: boolean; readonly new: boolean }
  | { readonly field: 'valid'; readonly old: Validity; readonly new: Validity }
  | { readonly field: 'comment'; readonly old: string; readonly new: string };

export type ChannelField = FieldChange['field'];

export interface CreateChannel {
  readonly kind: 'create-channel';
  readonly name: string;
  readonly group: string;
  readonly groupId: number;
  readonly availableToCustomerUsers: boolean;
  readonly availableToPublicUsers: boolean;
  readonly valid: Validity;
  readonly comment: string;
  /** `default-channel`: not in the config, created because chat is switched on (as OTRS would). */
  readonly reason: 'config' | 'default-channel';
}

export interface UpdateChannel {
  readonly kind: 'update-channel';
  readonly id: number;
  /** The name after the change. */
  readonly name: string;
  /** Set when the row was found under one of `previousNames` (or differs only as the collation ignores). */
  readonly renamedFrom?: string;
  readonly fields: readonly FieldChange[];
}

/** A channel no longer in the config: `valid_id` changes, the row and its id stay. */
export interface InvalidateChannel {
  readonly kind: 'invalidate-channel';
  readonly id: number;
  readonly name: string;
  readonly from: Validity;
  readonly to: Exclude<Validity, 'valid'>;
}

/** A ChatEngine setting's system-wide value changes. */
export interface UpdateSetting {
  readonly kind: 'update-setting';
  readonly name: string;
  /** `sysconfig_default.id` */
  readonly defaultId: number;
  /** The current value; `null` when the stored text is unreadable (`oldUnreadable` then holds it). */
  readonly old: SettingValue | null;
  readonly oldUnreadable?: string;
  readonly new: SettingValue;
  /** The exact `effective_value` bytes to store, as OTRS writes them. */
  readonly effectiveValue: string;
  /** The system-wide `sysconfig_modified` row to update; `null`: insert one. */
  readonly rowId: number | null;
  /** The desired value is the default: the modified row is set to it (never deleted). */
  readonly backToDefault: boolean;
}

/** Everything apply can do. Nothing here deletes. */
export type Change = CreateChannel | UpdateChannel | InvalidateChannel | UpdateSetting;

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
