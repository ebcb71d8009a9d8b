import { describe, expect, it } from 'vitest';
import type { Change } from '../../src/plan/change.js';
import { diffStates } from '../../src/plan/diff.js';
import { actual, at, channel, desired, row, setting, problemsOf } from './builders.js';


const kinds = (changes: readonly Change[]): string[] => changes.map((c) => `${c.kind} ${'name' in c ? c.name : ''}`);

describe('diffStates: channels', () => {
  it('creates a missing channel with its group resolved to an id', () => {
    const plan = diffStates(
      desired({ channels: [channel('Sales', { group: 'sales', availableToCustomerUsers: true, comment: 'Before they buy.' })] }),
      actual(),
    );
    expect(plan.changes).toEqual([
      { kind: 'create-channel', name: 'Sales', group: 'sales', groupId: 4, availableToCustomerUsers: true, availableToPublicUsers: false, valid: 'valid', comment: 'Before they buy.', reason: 'config' },
    ]);
  });

  it('makes no change for a channel that matches its row', () => {
    const plan = diffStates(desired({ channels: [channel('Sales', { group: 'sales' })] }), actual({ channels: [row(7, 'Sales', { groupId: 4 })] }));
    expect(plan.changes).toEqual([]);
  });

  it.each([
    ['group', { group: 'support' }, { field: 'group', old: 'users', new: 'support', newGroupId: 5 }],
    ['availableToCustomerUsers', { availableToCustomerUsers: true }, { field: 'availableToCustomerUsers', old: false, new: true }],
    ['availableToPublicUsers', { availableToPublicUsers: true }, { field: 'availableToPublicUsers', old: false, new: true }],
    ['valid', { valid: 'invalid-temporarily' as const }, { field: 'valid', old: 'valid', new: 'invalid-temporarily' }],
    ['comment', { comment: 'New text' }, { field: 'comment', old: '', new: 'New text' }],
  ])('updates only the field that differs: %s', (_name, fields, expected) => {
    const plan = diffStates(desired({ channels: [channel('Sales', fields)] }), actual({ channels: [row(7, 'Sales')] }));
    expect(plan.changes).toEqual([{ kind: 'update-channel', id: 7, name: 'Sales', fields: [expected] }]);
  });

  it('lists changed fields in the order name, group, flags, valid, comment', () => {
    const plan = diffStates(
      desired({ channels: [channel('Contract support', { previousNames: ['Support'], group: 'support', availableToPublicUsers: true, availableToCustomerUsers: true, valid: 'invalid', comment: 'x' })] }),
      actual({ channels: [row(3, 'Support')] }),
    );
    const update = plan.changes[0];
    expect(update?.kind === 'update-channel' && update.fields.map((f) => f.field)).toEqual([
      'name', 'group', 'availableToCustomerUsers', 'availableToPublicUsers', 'valid', 'comment',
    ]);
  });

  it('treats a NULL comment (read as empty) and an omitted comment as the same', () => {
    const plan = diffStates(desired({ channels: [channel('Sales', { comment: '' })] }), actual({ channels: [row(1, 'Sales', { comment: '' })] }));
    expect(plan.changes).toEqual([]);
  });

  it('renames a row found under a previous name in place, keeping its id', () => {
    const plan = diffStates(
      desired({ channels: [channel('Contract support', { previousNames: ['Old support', 'Support'] })] }),
      actual({ channels: [row(3, 'Support')] }),
    );
    expect(plan.changes).toEqual([
      { kind: 'update-channel', id: 3, name: 'Contract support', renamedFrom: 'Support', fields: [{ field: 'name', old: 'Support', new: 'Contract support' }] },
    ]);
  });

  it('refuses a rename when the new name and a previous name both exist (no merge)', () => {
    const problems = problemsOf(() =>
      diffStates(
        desired({ channels: [channel('Contract support', { previousNames: ['Support'], location: at(12) })] }),
        actual({ channels: [row(3, 'Support'), row(4, 'Contract support')] }),
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'rename-merge', location: at(12) });
    expect(problems[0]?.message).toContain('"Contract support" already exists (id 4)');
    expect(problems[0]?.message).toContain('"Support" (id 3)');
    expect(problems[0]?.message).toContain('renames never merge channels');
  });

  it('refuses a rename when several previous names match rows', () => {
    const problems = problemsOf(() =>
      diffStates(desired({ channels: [channel('Help', { previousNames: ['A', 'B'] })] }), actual({ channels: [row(1, 'A'), row(2, 'B')] })),
    );
    expect(problems.map((p) => p.code)).toEqual(['rename-merge']);
    expect(problems[0]?.message).toMatch(/"A" \(id 1\), "B" \(id 2\)/);
  });

  it('refuses one row becoming two channels (a name and another channel\'s previous name)', () => {
    const problems = problemsOf(() =>
      diffStates(desired({ channels: [channel('Support'), channel('Help', { previousNames: ['Support'] })] }), actual({ channels: [row(1, 'Support')] })),
    );
    expect(problems.map((p) => p.code)).toEqual(['rename-conflict']);
    expect(problems[0]?.message).toContain('"Support" is a channel of the config');
  });

  it('refuses one row becoming two channels (the same previous name twice)', () => {
    const problems = problemsOf(() =>
      diffStates(desired({ channels: [channel('Help', { previousNames: ['Support'] }), channel('Care', { previousNames: ['Support'] })] }), actual({ channels: [row(1, 'Support')] })),
    );
    expect(problems.map((p) => p.code)).toEqual(['rename-conflict']);
    expect(problems[0]?.message).toContain('row "Support" (id 1)');
  });

  it('invalidates a valid row that is in no file, to reconcile.removedChannels', () => {
    const plan = diffStates(desired({ reconcile: { removedChannels: 'invalid-temporarily' } }), actual({ channels: [row(9, 'Legacy')] }));
    expect(plan.changes).toEqual([{ kind: 'invalidate-channel', id: 9, name: 'Legacy', from: 'valid', to: 'invalid-temporarily' }]);
  });

  it('keeps rows in no file when removedChannels is keep', () => {
    const plan = diffStates(desired({ reconcile: { removedChannels: 'keep' } }), actual({ channels: [row(9, 'Legacy')] }));
    expect(plan.changes).toEqual([]);
  });

  it('leaves already invalid rows alone', () => {
    const plan = diffStates(desired(), actual({ channels: [row(1, 'Old', { valid: 'invalid' }), row(2, 'Paused', { valid: 'invalid-temporarily' })] }));
    expect(plan.changes).toEqual([]);
  });

  it('never prunes the default channel (shipped name, current value, or desired value)', () => {
    expect(diffStates(desired(), actual({ channels: [row(1, 'Default channel')] })).changes).toEqual([]);
    const renamed = diffStates(desired({ settings: [setting('ChatEngine::DefaultChatChannel', 'Lobby')] }), actual({ channels: [row(1, 'Lobby'), row(2, 'Default channel')] }));
    expect(kinds(renamed.changes)).toEqual(['invalidate-channel Default channel', 'update-setting ChatEngine::DefaultChatChannel']);
  });

  it('protects the channel the stored ChatEngine::DefaultChatChannel names', () => {
    const state = actual({ channels: [row(1, 'Lobby'), row(2, 'Default channel')] });
    const settings = state.settings.map((s) => (s.name === 'ChatEngine::DefaultChatChannel' ? { ...s, systemWideRows: [{ id: 5, effectiveValue: '--- Lobby\n', isValid: true }] } : s));
    expect(kinds(diffStates(desired(), { ...state, settings }).changes)).toEqual(['invalidate-channel Default channel']);
  });

  it('honours an explicit valid: invalid on the default channel', () => {
    const plan = diffStates(desired({ channels: [channel('Default channel', { valid: 'invalid' })] }), actual({ channels: [row(1, 'Default channel')] }));
    expect(plan.changes).toEqual([{ kind: 'update-channel', id: 1, name: 'Default channel', fields: [{ field: 'valid', old: 'valid', new: 'invalid' }] }]);
    expect(plan.guard.invalidating).toBe(1);
  });

  it('reports an unknown group with the groups that exist', () => {
    const problems = problemsOf(() => diffStates(desired({ channels: [channel('Sales', { group: 'sale', location: at(4) })] }), actual()));
    expect(problems).toEqual([
      { code: 'unknown-group', message: 'channel "Sales": group "sale" does not exist in this OTRS', hint: 'the groups that exist are: admin, sales, stats, support, users', location: at(4) },
    ]);
  });

  it('warns about a group that is not valid', () => {
    const plan = diffStates(desired({ channels: [channel('Sales', { group: 'old' })] }), actual({ groups: [{ id: 1, name: 'users', valid: true }, { id: 8, name: 'old', valid: false }] }));
    expect(plan.changes).toHaveLength(1);
    expect(plan.warnings.map((w) => w.code)).toEqual(['invalid-group']);
    expect(plan.warnings[0]?.message).toContain('"old" is not valid');
  });

  it('refuses a true availability flag when the table has no such columns, and ignores false', () => {
    const noColumns = { availabilityColumns: null };
    const problems = problemsOf(() => diffStates(desired({ channels: [channel('Sales', { availableToPublicUsers: true })] }), actual({ capabilities: noColumns })));
    expect(problems.map((p) => p.code)).toEqual(['no-availability-columns']);
    expect(problems[0]?.hint).toContain('--availability-columns CUSTOMER_COL,PUBLIC_COL');
    const rowWithoutFlags = row(1, 'Sales', { availableToCustomerUsers: null, availableToPublicUsers: null });
    expect(diffStates(desired({ channels: [channel('Sales')] }), actual({ channels: [rowWithoutFlags], capabilities: noColumns })).changes).toEqual([]);
  });

  it('collects every problem at once', () => {
    const problems = problemsOf(() =>
      diffStates(desired({ channels: [channel('A', { group: 'nope' }), channel('B', { group: 'nada' })] }), actual()),
    );
    expect(problems.map((p) => p.message)).toEqual([
      'channel "A": group "nope" does not exist in this OTRS',
      'channel "B": group "nada" does not exist in this OTRS',
    ]);
  });

  it('orders changes: creates, updates in config order, invalidations by name, settings in catalog order', () => {
    const plan = diffStates(
      desired({
        channels: [channel('Zeta', { comment: 'z' }), channel('New B'), channel('Alpha', { comment: 'a' }), channel('New A')],
        settings: [setting('ChatEngine::ChatTTL', 24), setting('ChatEngine::Active', false), setting('ChatEngine::DefaultAgentName', 'Bot')],
      }),
      actual({ channels: [row(1, 'Alpha'), row(2, 'Zeta'), row(3, 'Old b'), row(4, 'Old a'), row(5, 'Old C')] }),
    );
    expect(kinds(plan.changes)).toEqual([
      'create-channel New B',
      'create-channel New A',
      'update-channel Zeta',
      'update-channel Alpha',
      'invalidate-channel Old C',
      'invalidate-channel Old a',
      'invalidate-channel Old b',
      'update-setting ChatEngine::DefaultAgentName',
      'update-setting ChatEngine::ChatTTL',
    ]);
  });

  it('records the fingerprint of the state it read', () => {
    expect(diffStates(desired(), actual()).fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('diffStates: previous names of other channels', () => {
  it('refuses a previous name that is another channel of the config, even before rows exist', () => {
    const problems = problemsOf(() => diffStates(desired({ channels: [channel('Sales'), channel('Billing', { previousNames: ['Sales'], location: at(30) })] }), actual()));
    expect(problems.map((p) => [p.code, p.location?.line])).toEqual([['rename-conflict', 30]]);
  });
});
