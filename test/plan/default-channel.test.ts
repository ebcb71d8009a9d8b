import { describe, expect, it } from 'vitest';
import { PlanError } from '../../src/errors.js';
import type { CreateChannel } from '../../src/plan/change.js';
import { switchesChatOn } from '../../src/plan/default-channel.js';
import { diffStates } from './stand-in-keys.js';
import { actual, channel, desired, GROUPS, MYSQL_UTF8MB3, row, seededSettings, setting, problemsOf } from './builders.js';

const ACTIVE = setting('ChatEngine::Active', true);


function defaultCreates(changes: readonly { kind: string }[]): CreateChannel[] {
  return changes.filter((c): c is CreateChannel => c.kind === 'create-channel' && (c as CreateChannel).reason === 'default-channel');
}

describe('chat enablement creates the default channel', () => {
  it('creates it the way OTRS would when chat is switched on and it is missing', () => {
    const plan = diffStates(desired({ settings: [ACTIVE] }), actual());
    expect(plan.changes).toEqual([
      { kind: 'create-channel', name: 'Default channel', group: 'users', groupId: 1, availableToCustomerUsers: false, availableToPublicUsers: false, valid: 'valid', comment: 'Default chat channel', reason: 'default-channel' },
      expect.objectContaining({ kind: 'update-setting', name: 'ChatEngine::Active', new: true }),
    ]);
  });

  it('creates it once, after the configured channels', () => {
    const plan = diffStates(desired({ channels: [channel('Sales')], settings: [ACTIVE] }), actual());
    expect(plan.changes.map((c) => c.kind === 'create-channel' && c.name)).toEqual(['Sales', 'Default channel', false]);
  });

  it('takes name and group from the desired settings', () => {
    const plan = diffStates(
      desired({ settings: [ACTIVE, setting('ChatEngine::PermissionGroup::ChatReceivingAgents', 'support'), setting('ChatEngine::DefaultChatChannel', 'Lobby')] }),
      actual(),
    );
    expect(defaultCreates(plan.changes)).toEqual([expect.objectContaining({ name: 'Lobby', group: 'support', groupId: 5 })]);
  });

  it('takes name and group from the current settings when the config does not set them', () => {
    const settings = seededSettings({
      'ChatEngine::DefaultChatChannel': [{ id: 1, effectiveValue: '--- Lobby\n', isValid: true }],
      'ChatEngine::PermissionGroup::ChatReceivingAgents': [{ id: 2, effectiveValue: '--- sales\n', isValid: true }],
    });
    const plan = diffStates(desired({ settings: [ACTIVE] }), actual({ settings }));
    expect(defaultCreates(plan.changes)).toEqual([expect.objectContaining({ name: 'Lobby', group: 'sales', groupId: 4 })]);
  });

  it('falls back to users when the current receiving group does not exist, with a warning', () => {
    const settings = seededSettings({ 'ChatEngine::PermissionGroup::ChatReceivingAgents': [{ id: 2, effectiveValue: '--- gone\n', isValid: true }] });
    const plan = diffStates(desired({ settings: [ACTIVE] }), actual({ settings }));
    expect(defaultCreates(plan.changes)).toEqual([expect.objectContaining({ group: 'users', groupId: 1 })]);
    expect(plan.warnings.map((w) => w.code)).toEqual(['default-channel-group']);
  });

  it('is a problem when not even users exists', () => {
    const settings = seededSettings({ 'ChatEngine::PermissionGroup::ChatReceivingAgents': [{ id: 2, effectiveValue: '--- gone\n', isValid: true }] });
    const groups = GROUPS.filter((g) => g.name !== 'users');
    expect(() => diffStates(desired({ settings: [ACTIVE] }), actual({ settings, groups }))).toThrow(PlanError);
  });

  it('does not create it when a row has its name, valid or not', () => {
    expect(defaultCreates(diffStates(desired({ settings: [ACTIVE] }), actual({ channels: [row(1, 'Default channel')] })).changes)).toEqual([]);
    expect(defaultCreates(diffStates(desired({ settings: [ACTIVE] }), actual({ channels: [row(1, 'Default channel', { valid: 'invalid' })] })).changes)).toEqual([]);
  });

  it('does not create it when a row has the name the desired or the current setting gives', () => {
    const lobby = { channels: [row(1, 'Lobby')] };
    expect(defaultCreates(diffStates(desired({ settings: [ACTIVE, setting('ChatEngine::DefaultChatChannel', 'Lobby')] }), actual(lobby)).changes)).toEqual([]);
    const settings = seededSettings({ 'ChatEngine::DefaultChatChannel': [{ id: 1, effectiveValue: '--- Lobby\n', isValid: true }] });
    expect(defaultCreates(diffStates(desired({ settings: [ACTIVE] }), actual({ ...lobby, settings })).changes)).toEqual([]);
  });

  it('refuses to guess the name when the setting has two system-wide rows, and protects both names from pruning', () => {
    const settings = seededSettings({
      'ChatEngine::DefaultChatChannel': [{ id: 1, effectiveValue: '--- Lobby\n', isValid: true }, { id: 2, effectiveValue: '--- Hall\n', isValid: true }],
    });
    expect(problemsOf(() => diffStates(desired({ settings: [ACTIVE] }), actual({ settings }))).map((p) => p.code)).toEqual(['default-channel-unknown']);
    const plan = diffStates(desired(), actual({ settings, channels: [row(1, 'Lobby'), row(2, 'Hall'), row(3, 'Default channel'), row(4, 'Other')] }));
    expect(plan.changes.map((c) => c.kind === 'invalidate-channel' && c.name)).toEqual(['Other']);
  });

  it('does not create it when the config has a channel with its name (the config\'s version is created)', () => {
    const plan = diffStates(desired({ channels: [channel('Default channel', { group: 'sales' })], settings: [ACTIVE] }), actual());
    expect(plan.changes.filter((c) => c.kind === 'create-channel')).toEqual([expect.objectContaining({ name: 'Default channel', group: 'sales', reason: 'config' })]);
  });

  it('matches an existing default channel by the MySQL collation', () => {
    const plan = diffStates(desired({ settings: [ACTIVE] }), actual({ capabilities: MYSQL_UTF8MB3, channels: [row(1, 'default channel')] }));
    expect(defaultCreates(plan.changes)).toEqual([]);
  });

  it('does nothing when the config does not switch chat on', () => {
    expect(defaultCreates(diffStates(desired(), actual()).changes)).toEqual([]);
    expect(defaultCreates(diffStates(desired({ settings: [setting('ChatEngine::Active', false)] }), actual()).changes)).toEqual([]);
  });

  it('refuses renaming the default channel away while the setting still names it', () => {
    const problems = problemsOf(() => diffStates(desired({ channels: [channel('Lobby', { previousNames: ['Default channel'] })], settings: [ACTIVE] }), actual({ channels: [row(1, 'Default channel')] })));
    expect(problems.map((p) => p.code)).toEqual(['default-channel-renamed']);
  });

  it('refuses it too before the default channel exists (the next plan would see a merge)', () => {
    expect(problemsOf(() => diffStates(desired({ channels: [channel('Lobby', { previousNames: ['Default channel'] })], settings: [ACTIVE] }), actual()))).toEqual([
      expect.objectContaining({ code: 'default-channel-renamed', message: expect.stringContaining('renames the default channel "Default channel"') }),
    ]);
  });

  it('accepts that rename when the setting follows it', () => {
    const plan = diffStates(
      desired({ channels: [channel('Lobby', { previousNames: ['Default channel'] })], settings: [ACTIVE, setting('ChatEngine::DefaultChatChannel', 'Lobby')] }),
      actual({ channels: [row(1, 'Default channel')] }),
    );
    expect(plan.changes.map((c) => c.kind)).toEqual(['update-channel', 'update-setting', 'update-setting']);
  });

  describe('when chat is on already', () => {
    const ON = seededSettings({ 'ChatEngine::Active': [{ id: 9, effectiveValue: "--- '1'\n", isValid: true }] });

    it('still creates a missing default channel, without switching chat on', () => {
      const plan = diffStates(desired({ settings: [ACTIVE, setting('ChatEngine::DefaultChatChannel', 'Lobby')] }), actual({ settings: ON }));
      expect(plan.changes.map((c) => (c.kind === 'create-channel' ? `${c.reason} ${c.name}` : `${c.kind} ${c.name}`))).toEqual([
        'default-channel Lobby',
        'update-setting ChatEngine::DefaultChatChannel',
      ]);
      expect(switchesChatOn(plan.changes)).toBe(false);
    });

    it('says chat is on, not that it is being switched on, in its problems', () => {
      const empty = problemsOf(() => diffStates(desired({ settings: [ACTIVE, setting('ChatEngine::DefaultChatChannel', '')] }), actual({ settings: ON })));
      expect(empty).toEqual([expect.objectContaining({ code: 'default-channel-unknown', message: 'chat is on, but ChatEngine::DefaultChatChannel is empty' })]);
      const renamed = problemsOf(() => diffStates(desired({ channels: [channel('Lobby', { previousNames: ['Default channel'] })], settings: [ACTIVE] }), actual({ settings: ON })));
      expect(renamed[0]?.message).toMatch(/still names "Default channel" and chat is on$/);
      const groups = GROUPS.filter((g) => g.name !== 'users');
      const noGroup = problemsOf(() => diffStates(desired({ settings: [ACTIVE] }), actual({ settings: ON, groups })));
      expect(noGroup[0]?.message).toMatch(/^chat is on and the default channel must be created/);
    });

    it('keeps saying chat is being switched on when it is off now', () => {
      const empty = problemsOf(() => diffStates(desired({ settings: [ACTIVE, setting('ChatEngine::DefaultChatChannel', '')] }), actual()));
      expect(empty[0]?.message).toBe('chat is being switched on, but ChatEngine::DefaultChatChannel is empty');
      expect(switchesChatOn(diffStates(desired({ settings: [ACTIVE] }), actual()).changes)).toBe(true);
    });
  });
});
