import { DEFAULT_MAX_INVALIDATE_PERCENT, type SettingValue } from '../model/desired-state.js';
import type { RemovedChannelPolicy, Validity } from '../model/validity.js';

/**
 * What one file says, once it matches the JSON Schema: untrusted in content (names not yet
 * trimmed, nothing cross-checked), trusted in shape. `schema.test.ts` keeps these key lists and
 * the schema file in step, both ways.
 */
export interface RawConfigFile {
  readonly version: 1;
  readonly settings?: Readonly<Record<string, SettingValue>>;
  readonly channels?: readonly RawChannel[];
  readonly reconcile?: RawReconcile;
}

export interface RawChannel {
  readonly name: string;
  readonly group: string;
  readonly availableToCustomerUsers?: boolean;
  readonly availableToPublicUsers?: boolean;
  readonly valid?: Validity;
  readonly comment?: string;
  readonly previousNames?: readonly string[];
}

export interface RawReconcile {
  readonly removedChannels?: RemovedChannelPolicy;
  readonly maxInvalidatePercent?: number;
  readonly strict?: boolean;
}

export const TOP_LEVEL_KEYS = ['version', 'settings', 'channels', 'reconcile'] as const satisfies readonly (keyof RawConfigFile)[];
export const CHANNEL_KEYS = [
  'name',
  'group',
  'availableToCustomerUsers',
  'availableToPublicUsers',
  'valid',
  'comment',
  'previousNames',
] as const satisfies readonly (keyof RawChannel)[];
export const RECONCILE_KEYS = ['removedChannels', 'maxInvalidatePercent', 'strict'] as const satisfies readonly (keyof RawReconcile)[];

// `satisfies` proves every listed key exists; these prove no key of the types is missing.
type Missing<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;
const everyTopLevelKey: [Missing<RawConfigFile, typeof TOP_LEVEL_KEYS>] extends [never] ? true : never = true;
const everyChannelKey: [Missing<RawChannel, typeof CHANNEL_KEYS>] extends [never] ? true : never = true;
const everyReconcileKey: [Missing<RawReconcile, typeof RECONCILE_KEYS>] extends [never] ? true : never = true;
void everyTopLevelKey;
void everyChannelKey;
void everyReconcileKey;

/** The documented defaults; the schema's `default` annotations say the same (checked by a test). */
export const CHANNEL_DEFAULTS = {
  availableToCustomerUsers: false,
  availableToPublicUsers: false,
  valid: 'valid',
  comment: '',
} as const satisfies Partial<RawChannel>;

export const RECONCILE_DEFAULTS = {
  removedChannels: 'invalid',
  maxInvalidatePercent: DEFAULT_MAX_INVALIDATE_PERCENT,
  strict: false,
} as const satisfies Required<RawReconcile>;
