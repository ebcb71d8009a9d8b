import { describe, expect, it } from 'vitest';
import type { ActualState } from '../../src/model/actual-state.js';
import { fingerprintState } from '../../src/plan/fingerprint.js';
import { describeStateChanges, stateChanges } from '../../src/plan/state-changes.js';
import { parsePlanJson, PlanFileError, renderJson } from '../../src/render/json.js';
import { expectValidOutput, outputValidator } from '../schema/output-schemas.js';
import { MIXED } from './plans.js';
import { originFor, stateFor } from './saved.js';

/**
 * A saved plan records how its database compares names (docs/plan-format.md, `state.capabilities.nameComparison`):
 * `"exact"`, or the collations of the name columns on MySQL/MariaDB. The fingerprint covers it, so a
 * collation changed between `plan --out` and `apply --plan` makes the plan stale.
 */
const mysqlState = (channelCollation: string, groupCollation = channelCollation): ActualState => {
  const state = stateFor(MIXED.guard.validNow);
  return { ...state, capabilities: { ...state.capabilities, dialect: 'mysql', nameComparison: { channelCollation, groupCollation } } };
};

describe('nameComparison in a saved plan', () => {
  it('round-trips the collations and validates against plan.schema.json', () => {
    const state = mysqlState('utf8mb4_unicode_ci', 'utf8mb3_general_ci');
    const saved = { plan: { ...MIXED, fingerprint: fingerprintState(state) }, origin: originFor(state) };
    const text = renderJson(saved);
    expect(JSON.parse(text).state.capabilities.nameComparison).toEqual({ channelCollation: 'utf8mb4_unicode_ci', groupCollation: 'utf8mb3_general_ci' });
    expectValidOutput('plan.schema.json', text);
    expect(parsePlanJson(text)).toStrictEqual(saved);
  });

  it('refuses what the format does not know, in the reader and in the schema', () => {
    const state = mysqlState('utf8mb4_unicode_ci');
    const doc = JSON.parse(renderJson({ plan: { ...MIXED, fingerprint: fingerprintState(state) }, origin: originFor(state) })) as Record<string, any>;
    for (const [value, issue] of [
      ['case-accent-insensitive', 'state.capabilities.nameComparison must be one of "exact", not "case-accent-insensitive"'],
      [{ channelCollation: 'utf8mb4_bin' }, 'state.capabilities.nameComparison.groupCollation is missing'],
      [{ channelCollation: '', groupCollation: 'x', extra: 1 }, 'state.capabilities.nameComparison.extra is not part of the plan format'],
    ] as const) {
      doc.state.capabilities.nameComparison = value;
      expect(outputValidator('plan.schema.json')(doc)).toBe(false);
      expect(() => parsePlanJson(JSON.stringify(doc))).toThrow(PlanFileError);
      expect(() => parsePlanJson(JSON.stringify(doc))).toThrow(issue);
    }
  });

  it('changes the fingerprint when a collation changes, and a stale plan says so', () => {
    const before = mysqlState('utf8mb4_general_ci');
    const after = mysqlState('utf8mb4_unicode_ci');
    expect(fingerprintState(after)).not.toBe(fingerprintState(before));
    expect(fingerprintState(mysqlState('utf8mb4_general_ci', 'utf8mb4_bin'))).not.toBe(fingerprintState(before));
    expect(fingerprintState(mysqlState('utf8mb4_general_ci'))).toBe(fingerprintState(before));
    expect(describeStateChanges(stateChanges(before, after))).toEqual([
      '~ database layout: name comparison collation utf8mb4_general_ci (groups: utf8mb4_general_ci) → collation utf8mb4_unicode_ci (groups: utf8mb4_unicode_ci)',
    ]);
  });
});
