import type { SourceLocation } from './source-location.js';
import type { RemovedChannelPolicy, Validity } from './validity.js';

/** A setting value as the config states it: checkbox → boolean, integer → number, else text. */
export type SettingValue = boolean | number | string;

/** One channel after validation: trimmed, defaults applied. */
export interface DesiredChannel {
  readonly name: string;
  readonly group: string;
  /** @default false */
  readonly availableToCustomerUsers: boolean;
  /** @default false */
  readonly availableToPublicUsers: boolean;
  /** @default 'valid' */
  readonly valid: Validity;
  /** Omitted and empty are the same: `''`. */
  readonly comment: string;
  /** @default [] */
  readonly previousNames: readonly string[];
  /** Where the channel's entry starts, for plan errors. */
  readonly location: SourceLocation;
  /** Where its comment is written, when it has one: plan errors about the comment point there. */
  readonly commentLocation?: SourceLocation;
}

export interface DesiredSetting {
  readonly name: string;
  readonly value: SettingValue;
  readonly location: SourceLocation;
}

/** The share of valid channels one plan may invalidate without `--allow-mass-invalidation`, unless the config or the flag says otherwise. */
export const DEFAULT_MAX_INVALIDATE_PERCENT = 25;

export interface ReconcilePolicy {
  /** @default 'invalid' */
  readonly removedChannels: RemovedChannelPolicy;
  /** Guard threshold in percent of currently valid channels. @default DEFAULT_MAX_INVALIDATE_PERCENT */
  readonly maxInvalidatePercent: number;
  /** True when the config set `maxInvalidatePercent` itself (the CLI flag still wins). */
  readonly maxInvalidatePercentFromConfig: boolean;
  /**
   * `reconcile.strict` as the config states it: the permission warnings (who can chat,
   * docs/design.md §3) are errors. Absent when the config does not say; `--strict` /
   * `--no-strict` win. @default false
   */
  readonly strict?: boolean;
}

/** The validated, normalised config: the planner's input. Trusted past `validateConfig`. */
export interface DesiredState {
  readonly channels: readonly DesiredChannel[];
  readonly settings: readonly DesiredSetting[];
  readonly reconcile: ReconcilePolicy;
  /**
   * True when at least one file has a `channels` key, even `channels: []`: the config then
   * manages channels, and rows in no file are pruned as `reconcile.removedChannels` says. False:
   * the config does not manage channels and the plan leaves every row alone (docs/design.md §3).
   */
  readonly managesChannels: boolean;
  /** The files read, in the order they were merged. */
  readonly files: readonly string[];
}
