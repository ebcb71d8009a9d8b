import { describe, expect, it } from 'vitest';
import { diffStates } from '../../src/plan/diff.js';
import { configDigest } from '../../src/plan/fingerprint.js';
import { actual, channel, desired, row, setting } from './builders.js';

/** docs/design.md §3, "Pruning needs channels", and the count `keep` leaves alone. */
const STATE = actual({
  channels: [row(1, 'Default channel'), row(2, 'Orders'), row(3, 'Escalation'), row(4, 'Old', { valid: 'invalid' })],
});

describe('pruning needs channels', () => {
  it('invalidates nothing when no file has a channels key, and says how many channels it leaves', () => {
    const plan = diffStates(desired({ managesChannels: false, settings: [setting('ChatEngine::DefaultAgentName', 'Night shift')] }), STATE);
    expect(plan.changes.map((c) => c.kind)).toEqual(['update-setting']);
    expect(plan.unmanagedChannels).toEqual({ reason: 'no-channels-key', count: 4 });
  });

  it('still creates the default channel when the config switches chat on', () => {
    const plan = diffStates(desired({ managesChannels: false, settings: [setting('ChatEngine::Active', true)] }), actual({ channels: [row(2, 'Orders')] }));
    expect(plan.changes.map((c) => c.kind === 'create-channel' ? c.reason : c.kind)).toEqual(['default-channel', 'update-setting']);
    expect(plan.unmanagedChannels).toEqual({ reason: 'no-channels-key', count: 1 });
  });

  it('takes channels: [] as "no channels": every valid channel but the default one is invalidated', () => {
    const plan = diffStates(desired({ channels: [] }), STATE);
    expect(plan.changes.map((c) => c.kind === 'invalidate-channel' && c.name)).toEqual(['Escalation', 'Orders']);
    expect(plan.unmanagedChannels).toBeNull();
  });

  it('counts the rows in no file that keep leaves alone, whatever their validity', () => {
    const plan = diffStates(desired({ channels: [channel('Orders')], reconcile: { removedChannels: 'keep' } }), STATE);
    expect(plan.changes).toEqual([]);
    expect(plan.unmanagedChannels).toEqual({ reason: 'keep', count: 3 });
    expect(diffStates(desired({ reconcile: { removedChannels: 'keep' } }), actual()).unmanagedChannels).toEqual({ reason: 'keep', count: 0 });
  });

  it('records nothing when the config prunes', () => {
    expect(diffStates(desired({ channels: [channel('Orders'), channel('Escalation')] }), STATE).unmanagedChannels).toBeNull();
    expect(diffStates(desired({ channels: [channel('Orders')], reconcile: { removedChannels: 'invalid-temporarily' } }), STATE).unmanagedChannels).toBeNull();
  });

  it('makes a config without channels a different configuration from channels: []', () => {
    expect(configDigest(desired({ managesChannels: false }))).not.toBe(configDigest(desired({ channels: [] })));
  });
});
