import type { ActualChannel } from '../model/actual-state.js';
import { DEFAULT_MAX_INVALIDATE_PERCENT, type ReconcilePolicy } from '../model/desired-state.js';
import type { Change } from './change.js';
import type { GuardReport } from './plan.js';

/** The guard only applies when at least this many channels are valid (docs/design.md §6). */
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

/** Whether a plan with these numbers needs `--allow-mass-invalidation`. */
export function guardExceeded(validNow: number, invalidating: number, maxPercent: number, minValid: number): boolean {
  // Compare products, not a quotient: 2 of 8 is exactly 25 %, never 25.000000000000004 %.
  return validNow >= minValid && invalidating * 100 > maxPercent * validNow;
}

/**
 * The mass-invalidation guard's report. The planner never refuses: it counts every channel the
 * plan invalidates (pruned, or by an explicit `valid:`, the default channel included) and
 * records the limit and where it came from; apply (`applyConfig`, `applySavedPlan`) refuses when `exceeded`.
 */
export function computeGuard(
  changes: readonly Change[],
  channels: readonly ActualChannel[],
  reconcile: ReconcilePolicy,
  flagPercent: number | undefined,
): GuardReport {
  const validNow = channels.filter((c) => c.valid === 'valid').length;
  const invalidating = changes.filter(invalidatesValidChannel).length;
  const [maxPercent, maxPercentSource] =
    flagPercent !== undefined
      ? ([flagPercent, 'flag'] as const)
      : reconcile.maxInvalidatePercentFromConfig
        ? ([reconcile.maxInvalidatePercent, 'config'] as const)
        : ([DEFAULT_MAX_INVALIDATE_PERCENT, 'default'] as const);
  return {
    validNow,
    invalidating,
    maxPercent,
    maxPercentSource,
    minValid: GUARD_MIN_VALID,
    exceeded: guardExceeded(validNow, invalidating, maxPercent, GUARD_MIN_VALID),
  };
}
