import type { ActualChannel } from '../model/actual-state.js';
import { DEFAULT_MAX_INVALIDATE_PERCENT, type ReconcilePolicy } from '../model/desired-state.js';
import type { Change } from './change.js';
import type { GuardReport } from './plan.js';

/** The percentage rule only applies when at least this many channels are valid (docs/design.md §6). */
export const GUARD_MIN_VALID = 8;

/** The channels a change moves from `valid` to `invalid` or `invalid-temporarily`: 0 or 1. */
export function invalidatesValidChannel(change: Change): boolean {
  switch (change.kind) {
    case 'invalidate-channel':
      return change.from === 'valid';
    case 'update-channel':
      return change.fields.some((f) => f.field === 'valid' && f.old === 'valid' && f.new !== 'valid');
    default:
      return false;
  }
}

/** What decides the guard's verdict: every field of the report but the verdict and where the limit came from. */
export type GuardNumbers = Pick<GuardReport, 'validNow' | 'invalidating' | 'maxPercent' | 'minValid' | 'invalidatesAllButDefault'>;

/** Whether the share of valid channels invalidated is over the limit (and the percentage rule applies). */
export function overPercentLimit(g: GuardNumbers): boolean {
  // Compare products, not a quotient: 2 of 8 is exactly 25 %, never 25.000000000000004 %.
  return g.validNow >= g.minValid && g.invalidating * 100 > g.maxPercent * g.validNow;
}

/** Whether a plan with these numbers needs `--allow-mass-invalidation`: either rule of docs/design.md §6. */
export function guardExceeded(g: GuardNumbers): boolean {
  return g.invalidatesAllButDefault || overPercentLimit(g);
}

/**
 * The mass-invalidation guard's report. The planner never refuses: it counts every channel the
 * plan invalidates (pruned, or by an explicit `valid:`, the default channel included), notes
 * whether that is every valid channel other than the default channel, and records the limit and
 * where it came from; apply (`applyConfig`, `applySavedPlan`) refuses when `exceeded`.
 *
 * `isDefaultChannel` tells the rows that are the default channel (several names when the setting
 * is ambiguous): those do not count as "other" channels.
 */
export function computeGuard(
  changes: readonly Change[],
  channels: readonly ActualChannel[],
  reconcile: ReconcilePolicy,
  flagPercent: number | undefined,
  isDefaultChannel: (row: ActualChannel) => boolean,
): GuardReport {
  const invalidating = changes.filter(invalidatesValidChannel);
  const invalidated = new Set(invalidating.map(changedRowId));
  // One pass over the rows; once a valid row other than the default channel is seen to stay
  // valid, the "all but the default channel" rule cannot hold and the rest is only counted.
  let validNow = 0;
  let othersInvalidated = 0;
  let otherStaysValid = false;
  for (const c of channels) {
    if (c.valid !== 'valid') continue;
    validNow++;
    if (otherStaysValid || isDefaultChannel(c)) continue;
    if (invalidated.has(c.id)) othersInvalidated++;
    else otherStaysValid = true;
  }
  const [maxPercent, maxPercentSource] =
    flagPercent !== undefined
      ? ([flagPercent, 'flag'] as const)
      : reconcile.maxInvalidatePercentFromConfig
        ? ([reconcile.maxInvalidatePercent, 'config'] as const)
        : ([DEFAULT_MAX_INVALIDATE_PERCENT, 'default'] as const);
  const numbers: GuardNumbers = {
    validNow,
    invalidating: invalidating.length,
    maxPercent,
    minValid: GUARD_MIN_VALID,
    invalidatesAllButDefault: othersInvalidated > 0 && !otherStaysValid,
  };
  return {
    validNow: numbers.validNow,
    invalidating: numbers.invalidating,
    maxPercent,
    maxPercentSource,
    minValid: numbers.minValid,
    invalidatesAllButDefault: numbers.invalidatesAllButDefault,
    exceeded: guardExceeded(numbers),
  };
}

function changedRowId(change: Change): number {
  return change.kind === 'invalidate-channel' || change.kind === 'update-channel' ? change.id : -1;
}

/**
 * Why apply refuses a plan the guard stops, and every knob that matters, in one paragraph: the
 * message of the `mass-invalidation` refusal. Only for a report that is `exceeded`.
 */
export function describeGuardRefusal(g: GuardReport): string {
  const percent = overPercentLimit(g);
  const what = g.invalidatesAllButDefault
    ? `every valid channel other than the default channel (${g.invalidating} of the ${g.validNow} valid channels${percent ? `, more than ${g.maxPercent}%` : ''})`
    : `${g.invalidating} of ${g.validNow} valid channels (more than ${g.maxPercent}%)`;
  // Raising the threshold cannot let through a plan that leaves only the default channel.
  const knobs = g.invalidatesAllButDefault
    ? 'pass --allow-mass-invalidation (no threshold changes this rule)'
    : 'pass --allow-mass-invalidation, or raise the threshold with --max-invalidate-percent or reconcile.maxInvalidatePercent in the config';
  const cause = g.invalidatesAllButDefault
    ? 'A truncated or missing config file, or one file of a split config, is the usual cause.'
    : 'A truncated or missing config file is the usual cause.';
  return `refusing to invalidate ${what}. If this is intended, ${knobs}. ${cause}`;
}
