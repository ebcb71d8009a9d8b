import type { Change } from '../../src/plan/change.js';
import type { GuardReport, Plan } from '../../src/plan/plan.js';

/** Hand-built plans for the renderers: render tests do not depend on the planner. */

const FINGERPRINT = 'a3f1c0de'.repeat(8);

export const QUIET_GUARD: GuardReport = { validNow: 4, invalidating: 1, maxPercent: 25, maxPercentSource: 'default', minValid: 8, exceeded: false };

function plan(changes: Change[], extra: Partial<Plan> = {}): Plan {
  return { formatVersion: 1, changes, warnings: [], guard: QUIET_GUARD, fingerprint: FINGERPRINT, ...extra };
}

/** The example of docs/design.md §5. */
export const MIXED: Plan = plan([
  { kind: 'create-channel', name: 'Sales', group: 'sales', groupId: 4, availableToCustomerUsers: true, availableToPublicUsers: true, valid: 'valid', comment: 'Questions from prospects before they buy.', reason: 'config' },
  {
    kind: 'update-channel', id: 3, name: 'Contract support', renamedFrom: 'Support',
    fields: [
      { field: 'name', old: 'Support', new: 'Contract support' },
      { field: 'group', old: 'users', new: 'support', newGroupId: 5 },
    ],
  },
  { kind: 'invalidate-channel', id: 9, name: 'Legacy', from: 'valid', to: 'invalid' },
  { kind: 'update-setting', name: 'ChatEngine::Active', defaultId: 1000, old: false, new: true, effectiveValue: "--- '1'\n", rowId: null, backToDefault: false },
]);

export const NO_CHANGES: Plan = plan([], { guard: { ...QUIET_GUARD, invalidating: 0 } });

/** Every kind of line: long and multi-line comments, all field kinds, odd names, settings notes. */
export const DETAILED: Plan = plan(
  [
    {
      kind: 'create-channel', name: 'Partner desk', group: 'sales', groupId: 4, availableToCustomerUsers: false, availableToPublicUsers: false, valid: 'invalid-temporarily',
      comment: 'For partners.\nAnswered by the partner team\nduring office hours.', reason: 'config',
    },
    { kind: 'create-channel', name: 'Default channel', group: 'users', groupId: 1, availableToCustomerUsers: false, availableToPublicUsers: false, valid: 'valid', comment: 'Default chat channel', reason: 'default-channel' },
    {
      kind: 'update-channel', id: 3, name: 'Contract support',
      fields: [
        { field: 'group', old: null, new: 'support', newGroupId: 5 },
        { field: 'availableToCustomerUsers', old: false, new: true },
        { field: 'availableToPublicUsers', old: true, new: false },
        { field: 'valid', old: 'invalid', new: 'valid' },
        {
          field: 'comment',
          old: 'Customers with a contract.\nFirst-level support answers.\nEscalations go to the second level.\nOpen 8-18.',
          new: 'Customers with a contract.\nFirst-level support answers.\nEscalations go to the second level within one hour.\nOpen 8-18.\nClosed on public holidays.',
        },
      ],
    },
    { kind: 'update-channel', id: 4, name: 'Quote "VIP"\nline', renamedFrom: 'vip', fields: [{ field: 'name', old: 'vip', new: 'Quote "VIP"\nline' }, { field: 'comment', old: '', new: 'true' }] },
    {
      kind: 'update-channel', id: 5, name: 'Billing',
      fields: [{ field: 'comment', old: 'Invoices and payment reminders, dunning letters, refunds and everything about money.', new: 'Invoices.' }],
    },
    { kind: 'invalidate-channel', id: 11, name: 'Back```ticks', from: 'valid', to: 'invalid-temporarily' },
    { kind: 'update-setting', name: 'ChatEngine::PermissionGroup::ChatReceivingAgents', defaultId: 1005, old: 'users', new: 'support', effectiveValue: '--- support\n', rowId: 31, backToDefault: false },
    { kind: 'update-setting', name: 'ChatEngine::PermissionGroup::ChatNotificationAgents', defaultId: 1007, old: 'sales', new: '', effectiveValue: "--- ''\n", rowId: 32, backToDefault: true },
    { kind: 'update-setting', name: 'ChatEngine::ChatTTL', defaultId: 1010, old: null, oldUnreadable: "--- twelve hours, or maybe a day or two; nobody remembers\n", new: 48, effectiveValue: "--- '48'\n", rowId: 33, backToDefault: false },
  ],
  {
    warnings: [
      { code: 'invalid-group', message: 'channel "Sales": group "sales" is not valid in OTRS', hint: 'set it valid in OTRS', location: { file: 'chat.yaml', line: 7, column: 5 } },
      { code: 'unreadable-setting', message: 'setting ChatEngine::ChatDecayTime: the stored value "--- x\\n" cannot be read (not a number)' },
    ],
  },
);

/** Eight valid channels, three of them invalidated: apply refuses. */
export const GUARD_EXCEEDED: Plan = plan(
  ['Alpha', 'Beta', 'Gamma'].map((name, i): Change => ({ kind: 'invalidate-channel', id: i + 1, name, from: 'valid', to: 'invalid' })),
  { guard: { validNow: 8, invalidating: 3, maxPercent: 25, maxPercentSource: 'default', minValid: 8, exceeded: true } },
);

export const GUARD_FROM_CONFIG: Plan = { ...GUARD_EXCEEDED, guard: { ...GUARD_EXCEEDED.guard, maxPercent: 20, maxPercentSource: 'config' } };
export const GUARD_FROM_FLAG: Plan = { ...GUARD_EXCEEDED, guard: { ...GUARD_EXCEEDED.guard, maxPercent: 10, maxPercentSource: 'flag' } };

/** One comment edited in a long text: the unified diff shows only the hunk around the edit. */
export const LONG_COMMENT: Plan = plan(
  [
    {
      kind: 'update-channel', id: 7, name: 'Support',
      fields: [{
        field: 'comment',
        old: ['Line 1', 'Line 2', 'Line 3', 'Line 4', 'Line 5', 'Line 6', 'Line 7', 'Line 8', 'Line 9', 'Line 10'].join('\n'),
        new: ['Line 1', 'Line 2', 'Line 3', 'Line 4', 'Line five', 'Line 6', 'Line 7', 'Line 8', 'Line 9', 'Line 10'].join('\n'),
      }],
    },
  ],
  { guard: { ...QUIET_GUARD, invalidating: 0 } },
);

export const ALL_PLANS = { MIXED, NO_CHANGES, DETAILED, LONG_COMMENT, GUARD_EXCEEDED, GUARD_FROM_CONFIG, GUARD_FROM_FLAG };
