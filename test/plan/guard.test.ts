import { describe, expect, it } from 'vitest';
import { diffStates } from '../../src/plan/diff.js';
import { actual, channel, desired, row, rows } from './builders.js';

/** Keeps the first `keep` of `valid` valid rows in the config; the rest get pruned. */
function pruning(valid: number, keep: number, reconcile = {}, options = {}) {
  const state = actual({ channels: rows(valid) });
  return diffStates(desired({ channels: state.channels.slice(0, keep).map((r) => channel(r.name)), reconcile }), state, options).guard;
}

describe('mass-invalidation guard', () => {
  it('never applies with fewer than 8 valid channels', () => {
    expect(pruning(7, 0)).toEqual({ validNow: 7, invalidating: 7, maxPercent: 25, maxPercentSource: 'default', minValid: 8, exceeded: false });
  });

  it('allows exactly 25 % (2 of 8) and refuses more (3 of 8)', () => {
    expect(pruning(8, 6)).toMatchObject({ validNow: 8, invalidating: 2, exceeded: false });
    expect(pruning(8, 5)).toMatchObject({ validNow: 8, invalidating: 3, exceeded: true });
  });

  it('reports and never refuses: the plan still holds every change', () => {
    const state = actual({ channels: rows(10) });
    const plan = diffStates(desired(), state);
    expect(plan.changes).toHaveLength(10);
    expect(plan.guard.exceeded).toBe(true);
  });

  it('uses the config limit only when the config set it', () => {
    expect(pruning(8, 5, { maxInvalidatePercent: 40, maxInvalidatePercentFromConfig: true })).toMatchObject({ maxPercent: 40, maxPercentSource: 'config', exceeded: false });
    expect(pruning(8, 5, { maxInvalidatePercent: 40, maxInvalidatePercentFromConfig: false })).toMatchObject({ maxPercent: 25, maxPercentSource: 'default', exceeded: true });
  });

  it('lets --max-invalidate-percent win over the config', () => {
    const fromConfig = { maxInvalidatePercent: 40, maxInvalidatePercentFromConfig: true };
    expect(pruning(8, 5, fromConfig, { maxInvalidatePercent: 25 })).toMatchObject({ maxPercent: 25, maxPercentSource: 'flag', exceeded: true });
    expect(pruning(8, 5, {}, { maxInvalidatePercent: 50 })).toMatchObject({ maxPercent: 50, maxPercentSource: 'flag', exceeded: false });
    expect(pruning(8, 5, {}, { maxInvalidatePercent: 0 })).toMatchObject({ maxPercent: 0, exceeded: true });
  });

  it('counts explicit valid: changes away from valid, the default channel included', () => {
    const state = actual({ channels: [...rows(7), row(50, 'Default channel')] });
    const config = desired({
      channels: [
        ...state.channels.slice(0, 5).map((r) => channel(r.name)),
        channel('Channel 06', { valid: 'invalid-temporarily' }),
        channel('Channel 07', { valid: 'invalid' }),
        channel('Default channel', { valid: 'invalid' }),
      ],
    });
    expect(diffStates(config, state).guard).toMatchObject({ validNow: 8, invalidating: 3, exceeded: true });
  });

  it('does not count channels that were not valid before', () => {
    const state = actual({ channels: [...rows(8), row(60, 'Paused', { valid: 'invalid-temporarily' }), row(61, 'Gone', { valid: 'invalid' })] });
    const config = desired({ channels: [...state.channels.slice(0, 8).map((r) => channel(r.name)), channel('Paused', { valid: 'invalid' })] });
    expect(diffStates(config, state).guard).toMatchObject({ validNow: 8, invalidating: 0, exceeded: false });
  });

  it('does not count pruning that keeps channels', () => {
    expect(pruning(8, 0, { removedChannels: 'keep' })).toMatchObject({ invalidating: 0, exceeded: false });
  });
});
