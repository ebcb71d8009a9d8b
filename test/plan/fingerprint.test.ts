import { describe, expect, it } from 'vitest';
import { fingerprintState } from '../../src/plan/fingerprint.js';
import { actual, GROUPS, MYSQL_UTF8MB3, row, seededSettings } from './builders.js';

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
