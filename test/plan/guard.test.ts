import { describe, expect, it } from 'vitest';
import { diffStates } from '../../src/plan/diff.js';
import { guardExceeded } from '../../src/plan/guard.js';
import { actual, channel, desired, row, rows, seededSettings, setting } from './builders.js';

/** Keeps the first `keep` of `valid` valid rows in the config; the rest get pruned. */
function pruning(valid: number, keep: number, reconcile = {}, options = {}) {
  const state = actual({ channels: rows(valid) });
  return diffStates(desired({ channels: state.channels.slice(0, keep).map((r) => channel(r.name)), reconcile }), state, options).guard;
}

describe('mass-invalidation guard', () => {
  it('never applies the percentage with fewer than 8 valid channels', () => {
    expect(pruning(7, 1)).toEqual({ validNow: 7, invalidating: 6, maxPercent: 25, maxPercentSource: 'default', minValid: 8, invalidatesAllButDefault: false, exceeded: false });
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

describe('mass-invalidation guard: every valid channel but the default channel', () => {
  const shop = (): ReturnType<typeof actual> => actual({ channels: [row(1, 'Default channel'), row(2, 'Orders'), row(3, 'Escalation')] });

  it('refuses a plan that invalidates all of them, however few', () => {
    const guard = diffStates(desired({ channels: [channel('Default channel')] }), shop()).guard;
    expect(guard).toEqual({ validNow: 3, invalidating: 2, maxPercent: 25, maxPercentSource: 'default', minValid: 8, invalidatesAllButDefault: true, exceeded: true });
    // One channel besides the default one is "all of them" too.
    const two = actual({ channels: [row(1, 'Default channel'), row(2, 'Orders')] });
    expect(diffStates(desired(), two).guard).toMatchObject({ invalidating: 1, invalidatesAllButDefault: true, exceeded: true });
  });

  it('refuses it whatever the limit says', () => {
    const guard = diffStates(desired({ channels: [channel('Default channel')], reconcile: { maxInvalidatePercent: 100, maxInvalidatePercentFromConfig: true } }), shop(), { maxInvalidatePercent: 100 }).guard;
    expect(guard).toMatchObject({ maxPercent: 100, invalidatesAllButDefault: true, exceeded: true });
  });

  it('counts explicit valid: changes, and the default channel going too', () => {
    const config = desired({ channels: [channel('Default channel', { valid: 'invalid' }), channel('Orders', { valid: 'invalid-temporarily' }), channel('Escalation', { valid: 'invalid' })] });
    expect(diffStates(config, shop()).guard).toMatchObject({ invalidating: 3, invalidatesAllButDefault: true, exceeded: true });
  });

  it('knows the default channel by the name the config gives it', () => {
    const config = desired({ channels: [channel('Orders')], settings: [setting('ChatEngine::DefaultChatChannel', 'Orders')] });
    // "Default channel" is an ordinary channel now, and "Escalation" goes with it.
    expect(diffStates(config, shop()).guard).toMatchObject({ invalidating: 2, invalidatesAllButDefault: true });
    const stored = seededSettings({ 'ChatEngine::DefaultChatChannel': [{ id: 1, effectiveValue: '--- Orders\n', isValid: true }] });
    expect(diffStates(desired({ channels: [channel('Orders')] }), { ...shop(), settings: stored }).guard).toMatchObject({ invalidating: 2, invalidatesAllButDefault: true });
  });

  it('lets a plan through that keeps one other channel valid', () => {
    expect(diffStates(desired({ channels: [channel('Default channel'), channel('Orders')] }), shop()).guard).toMatchObject({ invalidating: 1, invalidatesAllButDefault: false, exceeded: false });
  });

  it('does not apply when no channel but the default one is valid', () => {
    const state = actual({ channels: [row(1, 'Default channel'), row(2, 'Paused', { valid: 'invalid-temporarily' })] });
    expect(diffStates(desired(), state).guard).toMatchObject({ validNow: 1, invalidating: 0, invalidatesAllButDefault: false, exceeded: false });
    expect(diffStates(desired(), actual()).guard).toMatchObject({ validNow: 0, invalidatesAllButDefault: false, exceeded: false });
  });

  it('does not apply when the config leaves channels alone', () => {
    expect(diffStates(desired({ managesChannels: false }), shop()).guard).toMatchObject({ invalidating: 0, invalidatesAllButDefault: false, exceeded: false });
    expect(diffStates(desired({ reconcile: { removedChannels: 'keep' } }), shop()).guard).toMatchObject({ invalidatesAllButDefault: false, exceeded: false });
  });

  it('gives a verdict that follows from the recorded fields alone', () => {
    const base = { validNow: 3, invalidating: 2, maxPercent: 25, minValid: 8 };
    expect(guardExceeded({ ...base, invalidatesAllButDefault: false })).toBe(false);
    expect(guardExceeded({ ...base, invalidatesAllButDefault: true })).toBe(true);
    expect(guardExceeded({ ...base, validNow: 8, invalidating: 3, invalidatesAllButDefault: false })).toBe(true);
  });
});
