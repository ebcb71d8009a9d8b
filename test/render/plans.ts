import type { Change } from '../../src/plan/change.js';
import type { GuardReport, Plan } from '../../src/plan/plan.js';

/** Hand-built plans for the renderers: render tests do not depend on the planner. */

const FINGERPRINT = 'a3f1c0de'.repeat(8);

export const QUIET_GUARD: GuardReport = { validNow: 4, invalidating: 1, maxPercent: 25, maxPercentSource: 'default', minValid: 8, invalidatesAllButDefault: false, exceeded: false };

function plan(changes: Change[], extra: Partial<Plan> = {}): Plan {
  return { formatVersion: 2, changes, warnings: [], guard: QUIET_GUARD, unmanagedChannels: null, fingerprint: FINGERPRINT, ...extra };
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
  { guard: { validNow: 8, invalidating: 3, maxPercent: 25, maxPercentSource: 'default', minValid: 8, invalidatesAllButDefault: false, exceeded: true } },
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

/** Three valid channels, both other than the default channel invalidated: below the minimum, refused all the same. */
export const ALL_BUT_DEFAULT: Plan = plan(
  ['Orders', 'Escalation'].map((name, i): Change => ({ kind: 'invalidate-channel', id: i + 2, name, from: 'valid', to: 'invalid' })),
  { guard: { validNow: 3, invalidating: 2, maxPercent: 25, maxPercentSource: 'default', minValid: 8, invalidatesAllButDefault: true, exceeded: true } },
);

/** Ten valid channels, nine invalidated, the default channel kept: both rules refuse. */
export const ALL_BUT_DEFAULT_OVER_LIMIT: Plan = plan(
  Array.from({ length: 9 }, (_, i): Change => ({ kind: 'invalidate-channel', id: i + 2, name: `Channel ${i + 2}`, from: 'valid', to: 'invalid' })),
  { guard: { validNow: 10, invalidating: 9, maxPercent: 25, maxPercentSource: 'default', minValid: 8, invalidatesAllButDefault: true, exceeded: true } },
);

/**
 * A settings-only config (no `channels` key): one setting changes and the 5 channels of the
 * database (see saved.ts: 4 valid and one invalid) stay as they are.
 */
export const NOT_MANAGED: Plan = plan(
  [{ kind: 'update-setting', name: 'ChatEngine::DefaultAgentName', defaultId: 1009, old: 'Support Agent', new: 'Night shift', effectiveValue: '--- Night shift\n', rowId: null, backToDefault: false }],
  { guard: { ...QUIET_GUARD, invalidating: 0 }, unmanagedChannels: { reason: 'no-channels-key', count: 5 } },
);

/** `reconcile.removedChannels: keep` with two channels in no file, and nothing else to do. */
export const KEPT: Plan = plan([], { guard: { ...QUIET_GUARD, invalidating: 0 }, unmanagedChannels: { reason: 'keep', count: 2 } });

/**
 * MIXED, checked for who can chat (the CLI appends the permission warnings to the plan's
 * warnings): nobody can read "sales", so the new "Sales" channel's chats go unanswered. A plan
 * warning beside them shows the two sections apart; a name with a hidden character shows its escape.
 */
export const PERMISSIONS: Plan = {
  ...MIXED,
  warnings: [
    { code: 'invalid-group', message: 'channel "Contract support": group "support" is not valid in OTRS', hint: 'set it valid in OTRS', location: { file: 'chat.yaml', line: 12, column: 5 } },
    {
      code: 'unanswerable-channel',
      message: 'channel "Sales" is available to customer and public users, but no valid agent can read its group "sales": its chats can never be answered',
      hint: 'grant the agents who should answer them ro on group "sales", in OTRS under Admin → Agents ↔ Groups or through a role, or move the channel to a group those agents have',
      location: { file: 'chat.yaml', line: 4, column: 5 },
    },
    {
      code: 'channel-without-receiving-agent',
      message: 'channel "Night\u200Bshift" is in group "night", which none of the agents who can receive chats (group "users", ChatEngine::PermissionGroup::ChatReceivingAgents) can read: no chat in it reaches an agent',
    },
  ],
};

/** The check could not read the permissions. */
export const PERMISSIONS_SKIPPED: Plan = {
  ...NO_CHANGES,
  warnings: [{ code: 'permission-check-skipped', message: "who can chat was not checked, since the agents' permissions could not be read: this database has no table role_user" }],
};

export const ALL_PLANS = { MIXED, NO_CHANGES, DETAILED, LONG_COMMENT, GUARD_EXCEEDED, GUARD_FROM_CONFIG, GUARD_FROM_FLAG, ALL_BUT_DEFAULT, ALL_BUT_DEFAULT_OVER_LIMIT, NOT_MANAGED, KEPT, PERMISSIONS, PERMISSIONS_SKIPPED };

/** Invalidations of channels whose names would be markup outside a code block. */
export const ODD_INVALIDATIONS: Plan = plan(
  ['*bold* | pipe', 'Back```ticks', '<script>alert(1)</script>', 'two\nlines', '[link](https://example.com) _x_ ~y~ &amp; \\'].map(
    (name, i): Change => ({ kind: 'invalidate-channel', id: 20 + i, name, from: i % 2 === 0 ? 'valid' : 'invalid-temporarily', to: 'invalid' }),
  ),
);

/**
 * A plan with many changes of every kind, in the planner's order (creates, updates,
 * invalidations, settings), for the Markdown's size limit. Names are numbered from 1.
 */
export function manyChanges(counts: { creates: number; updates: number; invalidations: number; settings: number }, extra: Partial<Plan> = {}): Plan {
  const n = (i: number): string => String(i + 1).padStart(4, '0');
  const fields = (i: number): Extract<Change, { kind: 'update-channel' }>['fields'] => {
    switch (i % 5) {
      case 0:
        return [{ field: 'group', old: 'users', new: 'support', newGroupId: 5 }];
      case 1:
        return [{ field: 'availableToCustomerUsers', old: false, new: true }, { field: 'valid', old: 'invalid', new: 'valid' }];
      case 2:
        return [{ field: 'comment', old: `Comment ${n(i)}`, new: `Comment ${n(i)}, edited` }];
      case 3:
        return [{ field: 'comment', old: `First line\nsecond line ${n(i)}`, new: `First line\nsecond line ${n(i)}, edited` }];
      default:
        return [{ field: 'name', old: `Old ${n(i)}`, new: `Renamed ${n(i)}` }, { field: 'availableToPublicUsers', old: true, new: false }];
    }
  };
  const changes: Change[] = [
    ...Array.from({ length: counts.creates }, (_, i): Change => ({
      kind: 'create-channel', name: `New ${n(i)}`, group: 'sales', groupId: 4, availableToCustomerUsers: true, availableToPublicUsers: i % 2 === 0, valid: 'valid', comment: i % 3 === 0 ? '' : `Created ${n(i)}`, reason: 'config',
    })),
    ...Array.from({ length: counts.updates }, (_, i): Change => ({ kind: 'update-channel', id: 10_000 + i, name: `Changed ${n(i)}`, fields: fields(i) })),
    ...Array.from({ length: counts.invalidations }, (_, i): Change => ({ kind: 'invalidate-channel', id: 20_000 + i, name: `Gone ${n(i)}`, from: 'valid', to: 'invalid' })),
    ...Array.from({ length: counts.settings }, (_, i): Change => ({
      kind: 'update-setting', name: `ChatEngine::Setting${n(i)}`, defaultId: 30_000 + i, old: i, new: i + 1, effectiveValue: `--- '${i + 1}'\n`, rowId: null, backToDefault: i % 2 === 1,
    })),
  ];
  return plan(changes, extra);
}

/** 3,000 changes: more than one GitHub comment holds. */
export const MANY_CHANGES: Plan = manyChanges({ creates: 1000, updates: 1000, invalidations: 600, settings: 400 });
