import type { ActualState } from '../../src/model/actual-state.js';
import { fingerprintState } from '../../src/plan/fingerprint.js';
import type { Plan, PlanOrigin, SavedPlan } from '../../src/plan/plan.js';

/**
 * A hand-built plan with an origin that holds together as `parsePlanJson` demands: the recorded
 * state has as many valid channels as the guard counts, and the plan carries its fingerprint.
 */
export function savedPlan(plan: Plan): SavedPlan {
  const state = stateFor(plan.guard.validNow);
  return { plan: { ...plan, fingerprint: fingerprintState(state) }, origin: originFor(state) };
}

export function originFor(state: ActualState): PlanOrigin {
  return {
    tool: { name: 'otrs-chat-config', version: '0.1.0' },
    createdAt: '2026-11-30T12:00:00.000Z',
    target: { kind: 'postgres', host: 'db.example', port: 5432, database: 'otrs', user: 'otrs', display: 'postgres://otrs@db.example:5432/otrs' },
    config: { digest: 'c0ffee00'.repeat(8), files: ['chat/channels.yaml', 'chat/settings.yaml'] },
    state,
  };
}

/** `validNow` valid channels, one invalid one, the three shipped groups and one setting with a modified row. */
export function stateFor(validNow: number): ActualState {
  return {
    capabilities: {
      dialect: 'postgres',
      groupTable: 'groups',
      availabilityColumns: { customer: 'customer_interface', public: 'public_interface' },
      nameComparison: 'exact',
      supportsFourByteCharacters: true,
    },
    channels: [
      ...Array.from({ length: validNow }, (_, i) => ({
        id: i + 1, name: `Channel ${i + 1}`, groupId: 1, group: 'users', valid: 'valid' as const,
        availableToCustomerUsers: i % 2 === 0, availableToPublicUsers: false, comment: '',
        lastChange: { by: 'root@localhost', at: '2026-11-29 08:00:00' },
      })),
      { id: validNow + 1, name: 'Old', groupId: 9, group: null, valid: 'invalid' as const, availableToCustomerUsers: false, availableToPublicUsers: false, comment: 'gone group' },
    ],
    groups: [
      { id: 1, name: 'users', valid: true },
      { id: 2, name: 'admin', valid: true },
      { id: 3, name: 'stats', valid: false },
    ],
    settings: [
      {
        name: 'ChatEngine::Active', defaultId: 1000, defaultEffectiveValue: "--- '0'\n",
        systemWideRows: [{ id: 7, effectiveValue: "--- '1'\n", isValid: true, lastChange: { by: null, at: '2026-11-28 17:30:00' } }],
      },
      { name: 'ChatEngine::DefaultChatChannel', defaultId: 1008, defaultEffectiveValue: '--- Default channel\n', systemWideRows: [] },
    ],
  };
}
