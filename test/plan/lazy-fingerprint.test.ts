import { describe, expect, it, vi } from 'vitest';
import { diffStates } from '../../src/plan/diff.js';
import * as fingerprint from '../../src/plan/fingerprint.js';
import { actual, channel, desired, row } from './builders.js';

// The module's own function, counted: diffStates must not call it until the plan's fingerprint is read.
vi.mock('../../src/plan/fingerprint.js', async (original) => {
  const real = await original<typeof import('../../src/plan/fingerprint.js')>();
  return { ...real, fingerprintState: vi.fn(real.fingerprintState) };
});

describe('the plan hashes its state only when the fingerprint is read', () => {
  const state = actual({ channels: [row(7, 'Sales', { groupId: 4 }), row(8, 'Old')] });
  const config = desired({ channels: [channel('Sales', { group: 'sales', comment: 'new' })] });

  it('plans without hashing, then hashes once however often the fingerprint is read', () => {
    const counted = vi.mocked(fingerprint.fingerprintState);
    counted.mockClear();
    const plan = diffStates(config, state);
    expect(plan.changes.length).toBeGreaterThan(0);
    expect(counted).not.toHaveBeenCalled();

    const first = plan.fingerprint;
    expect(plan.fingerprint).toBe(first);
    expect(counted).toHaveBeenCalledTimes(1);
    expect(first).toBe(vi.mocked(fingerprint.fingerprintState).getMockImplementation()!(state));
  });

  it('writes the fingerprint into JSON and copies, as a plain field would', () => {
    const plan = diffStates(config, state);
    expect(JSON.parse(JSON.stringify(plan)).fingerprint).toBe(plan.fingerprint);
    expect({ ...plan }.fingerprint).toBe(plan.fingerprint);
    expect(Object.keys(plan)).toContain('fingerprint');
  });
});
