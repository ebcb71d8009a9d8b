import type { Problem } from '../errors.js';
import { isPermissionWarning } from '../plan/permission-checks.js';
import type { GuardReport, Plan } from '../plan/plan.js';
import { overPercentLimit } from '../plan/guard.js';
import { summarize } from '../plan/plan.js';

/** The heading of the permission warnings' section in the text and Markdown plans (docs/design.md §3, "Who can chat"). */
export const PERMISSION_WARNINGS_HEADING = 'Permission warnings (who can chat):';

/** The plan's warnings as the text and Markdown plans show them: the permission warnings in a section of their own, first. */
export function splitWarnings(warnings: readonly Problem[]): { readonly permissions: Problem[]; readonly others: Problem[] } {
  const permissions: Problem[] = [];
  const others: Problem[] = [];
  for (const w of warnings) (isPermissionWarning(w) ? permissions : others).push(w);
  return { permissions, others };
}

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
 * The mass-invalidation guard's explanation (docs/design.md §6): what apply will do and every knob
 * that can change it, so that nobody has to go looking for it. Empty when the guard is not exceeded.
 */
export function guardSentences(guard: GuardReport): { readonly headline: string; readonly advice: readonly string[] } | undefined {
  if (!guard.exceeded) return undefined;
  const share = Math.round((guard.invalidating / guard.validNow) * 1000) / 10;
  const source = {
    default: 'the default',
    config: 'set by reconcile.maxInvalidatePercent in the config',
    flag: 'set by --max-invalidate-percent',
  }[guard.maxPercentSource];
  const overLimit = `more than the ${guard.maxPercent}% allowed (${source})`;
  if (guard.invalidatesAllButDefault) {
    const percent = overPercentLimit(guard) ? `, ${share}%, ${overLimit}` : '';
    return {
      headline: `Mass-invalidation guard: this plan invalidates every valid channel other than the default channel (${guard.invalidating} of the ${guard.validNow} valid channels${percent}).`,
      advice: [
        'apply will refuse this plan, whatever the limit and however few channels there are.',
        'If the invalidations are intended, pass --allow-mass-invalidation to apply.',
        'If a file went missing, or this is one file of a split config, fix the config instead (a config without a channels key leaves channels alone).',
      ],
    };
  }
  return {
    headline: `Mass-invalidation guard: this plan invalidates ${guard.invalidating} of the ${guard.validNow} valid channels (${share}%), ${overLimit}.`,
    advice: [
      'apply will refuse this plan.',
      'If the invalidations are intended, pass --allow-mass-invalidation to apply;',
      'to change the limit, set reconcile.maxInvalidatePercent in the config or pass --max-invalidate-percent (the flag wins).',
      'If channels went missing from the config by accident (a truncated file?), fix the config instead.',
    ],
  };
}

/**
 * What the plan says about the channels it leaves alone because the config does not prune
 * (docs/design.md §3): no file has a `channels` key, or `reconcile.removedChannels: keep`.
 * Empty when the config prunes, or when there is no such channel (nothing is left alone).
 */
export function unmanagedNote(plan: Plan): string | undefined {
  const u = plan.unmanagedChannels;
  if (u === null || u.count === 0) return undefined;
  const one = u.count === 1;
  const channels = `${u.count} channel${one ? '' : 's'} in the database`;
  if (u.reason === 'no-channels-key') {
    return `Channels are not managed: no configuration file has a "channels" key, so the ${channels} ${one ? 'is left as it is' : 'are left as they are'} ("channels: []" would say there are none).`;
  }
  return `Left unmanaged: ${channels} ${one ? 'is' : 'are'} in no configuration file; reconcile.removedChannels: keep leaves ${one ? 'it as it is' : 'them as they are'}.`;
}
