import type { GuardReport, Plan } from '../plan/plan.js';
import { summarize } from '../plan/plan.js';

/**
 * `Plan: 1 to create, 1 to change, 1 to invalidate, 1 setting to change.` The three channel
 * counts always show (a reviewer sees "0 to invalidate" at a glance); the settings count shows
 * only when settings change. `No changes.` when the database already matches.
 */
export function summaryLine(plan: Plan): string {
  const s = summarize(plan);
  if (plan.changes.length === 0) return 'No changes.';
  const settings = s.settings > 0 ? `, ${s.settings} setting${s.settings === 1 ? '' : 's'} to change` : '';
  return `Plan: ${s.create} to create, ${s.change} to change, ${s.invalidate} to invalidate${settings}.`;
}

/**
 * The mass-invalidation guard's explanation (docs/design.md §6): what apply will do and every knob,
 * so that nobody has to go looking for it. Empty when the guard is not exceeded.
 */
export function guardSentences(guard: GuardReport): { readonly headline: string; readonly advice: readonly string[] } | undefined {
  if (!guard.exceeded) return undefined;
  const share = Math.round((guard.invalidating / guard.validNow) * 1000) / 10;
  const source = {
    default: 'the default',
    config: 'set by reconcile.maxInvalidatePercent in the config',
    flag: 'set by --max-invalidate-percent',
  }[guard.maxPercentSource];
  return {
    headline: `Mass-invalidation guard: this plan invalidates ${guard.invalidating} of the ${guard.validNow} valid channels (${share}%), more than the ${guard.maxPercent}% allowed (${source}).`,
    advice: [
      'apply will refuse this plan.',
      'If the invalidations are intended, pass --allow-mass-invalidation to apply;',
      'to change the limit, set reconcile.maxInvalidatePercent in the config or pass --max-invalidate-percent (the flag wins).',
      'If channels went missing from the config by accident (a truncated file?), fix the config instead.',
    ],
  };
}
