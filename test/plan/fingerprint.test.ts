import { describe, expect, it } from 'vitest';
import { configDigest, fingerprintState } from '../../src/plan/fingerprint.js';
import { actual, at, channel, desired, GROUPS, MYSQL_UTF8MB3, row, seededSettings, setting } from './builders.js';

describe('fingerprintState', () => {
  const base = actual({ channels: [row(1, 'A'), row(2, 'B')], settings: seededSettings({ 'ChatEngine::Active': [{ id: 3, effectiveValue: "--- '1'\n", isValid: true }, { id: 1, effectiveValue: null, isValid: false }] }) });

  it('is a SHA-256 hex digest that does not depend on the order rows were read in', () => {
    const shuffled = {
      ...base,
      channels: [...base.channels].reverse(),
      groups: [...base.groups].reverse(),
      settings: [...base.settings].reverse().map((s) => ({ ...s, systemWideRows: [...s.systemWideRows].reverse() })),
    };
    expect(fingerprintState(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintState(shuffled)).toBe(fingerprintState(base));
  });

  it.each([
    ['a channel field', { ...base, channels: [row(1, 'A', { comment: 'x' }), row(2, 'B')] }],
    ['a channel validity', { ...base, channels: [row(1, 'A', { valid: 'invalid' }), row(2, 'B')] }],
    ['a new channel', { ...base, channels: [...base.channels, row(3, 'C')] }],
    ['a group', { ...base, groups: GROUPS.map((g) => (g.id === 5 ? { ...g, valid: false } : g)) }],
    ['a setting row', { ...base, settings: seededSettings() }],
    ['the capabilities', { ...base, capabilities: MYSQL_UTF8MB3 }],
  ])('changes with %s', (_what, changed) => {
    expect(fingerprintState(changed)).not.toBe(fingerprintState(base));
  });
});

describe('fingerprintState ignores who saved a row', () => {
  it('a row saved again without a change (a new lastChange) keeps the fingerprint', () => {
    const before = actual({ channels: [row(1, 'A', { lastChange: { by: 'root@localhost', at: '2026-11-01 10:00:00' } })] });
    const after = actual({ channels: [row(1, 'A', { lastChange: { by: 'jane.admin', at: '2026-11-30 10:00:00' } })] });
    expect(fingerprintState(after)).toBe(fingerprintState(before));
  });
});

describe('configDigest', () => {
  const base = desired({ channels: [channel('Sales', { group: 'sales' }), channel('Support')], settings: [setting('ChatEngine::Active', true), setting('ChatEngine::ChatTTL', 5)] });

  it('is a SHA-256 hex digest of what the config says, not of where it says it', () => {
    const moved = desired({
      channels: [channel('Sales', { group: 'sales', location: at(40) }), channel('Support', { location: at(41) })],
      settings: [setting('ChatEngine::ChatTTL', 5), setting('ChatEngine::Active', true)],
    });
    expect(configDigest(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(configDigest({ ...moved, files: ['elsewhere.yaml'] })).toBe(configDigest(base));
  });

  it.each([
    ['a channel field', desired({ channels: [channel('Sales', { group: 'sales', comment: 'x' }), channel('Support')], settings: [...base.settings] })],
    ['the channel order (it orders the plan)', desired({ channels: [channel('Support'), channel('Sales', { group: 'sales' })], settings: [...base.settings] })],
    ['a previous name', desired({ channels: [channel('Sales', { group: 'sales', previousNames: ['Old'] }), channel('Support')], settings: [...base.settings] })],
    ['a setting value', desired({ channels: [...base.channels], settings: [setting('ChatEngine::Active', true), setting('ChatEngine::ChatTTL', 6)] })],
    ['the reconcile policy', { ...base, reconcile: { ...base.reconcile, removedChannels: 'keep' as const } }],
    ['the guard threshold', { ...base, reconcile: { ...base.reconcile, maxInvalidatePercent: 50, maxInvalidatePercentFromConfig: true } }],
  ])('changes with %s', (_what, changed) => {
    expect(configDigest(changed)).not.toBe(configDigest(base));
  });
});
