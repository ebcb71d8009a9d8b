import { describe, expect, it } from 'vitest';
import { UnsupportedDatabaseError } from '../../src/errors.js';
import { diffStates } from './stand-in-keys.js';
import { actual, at, desired, MYSQL_UTF8MB3, seededSettings, setting, problemsOf } from './builders.js';

const ACTIVE = 'ChatEngine::Active';
const PUBLIC_TO_AGENT = 'ChatEngine::ChatDirection::PublicToAgent';
const RECEIVING = 'ChatEngine::PermissionGroup::ChatReceivingAgents';
const NOTIFICATION = 'ChatEngine::PermissionGroup::ChatNotificationAgents';


describe('diffStates: settings', () => {
  it('makes no change when the desired value equals the current (default) value', () => {
    expect(diffStates(desired({ settings: [setting('ChatEngine::ChatTTL', 720), setting(RECEIVING, 'users')] }), actual()).changes).toEqual([]);
  });

  it('inserts a system-wide row when there is none, with the exact OTRS bytes', () => {
    const plan = diffStates(desired({ settings: [setting('ChatEngine::ChatDecayTime', 48)] }), actual());
    expect(plan.changes).toEqual([
      { kind: 'update-setting', name: 'ChatEngine::ChatDecayTime', defaultId: 1011, old: 90, new: 48, effectiveValue: "--- '48'\n", rowId: null, backToDefault: false },
    ]);
  });

  it('updates the existing system-wide row', () => {
    const settings = seededSettings({ [RECEIVING]: [{ id: 31, effectiveValue: '--- sales\n', isValid: true }] });
    const plan = diffStates(desired({ settings: [setting(RECEIVING, 'support')] }), actual({ settings }));
    expect(plan.changes).toEqual([
      { kind: 'update-setting', name: RECEIVING, defaultId: 1005, old: 'sales', new: 'support', effectiveValue: '--- support\n', rowId: 31, backToDefault: false },
    ]);
  });

  it('sets a modified row back to the default value rather than deleting it', () => {
    const settings = seededSettings({ [ACTIVE]: [{ id: 4, effectiveValue: "--- '1'\n", isValid: true }] });
    const plan = diffStates(desired({ settings: [setting(ACTIVE, false)] }), actual({ settings }));
    expect(plan.changes).toEqual([
      { kind: 'update-setting', name: ACTIVE, defaultId: 1000, old: true, new: false, effectiveValue: "--- '0'\n", rowId: 4, backToDefault: true },
    ]);
  });

  it('reads the default when the system-wide row is not valid, and still updates that row', () => {
    const settings = seededSettings({ [PUBLIC_TO_AGENT]: [{ id: 4, effectiveValue: "--- '1'\n", isValid: false }] });
    expect(diffStates(desired({ settings: [setting(PUBLIC_TO_AGENT, false)] }), actual({ settings })).changes).toEqual([]);
    expect(diffStates(desired({ settings: [setting(PUBLIC_TO_AGENT, true)] }), actual({ settings })).changes).toEqual([
      expect.objectContaining({ old: false, new: true, rowId: 4, backToDefault: false }),
    ]);
  });

  it('repairs an unreadable stored value of a configured setting', () => {
    const settings = seededSettings({ [ACTIVE]: [{ id: 4, effectiveValue: "--- '2'\n", isValid: true }] });
    const plan = diffStates(desired({ settings: [setting(ACTIVE, true)] }), actual({ settings }));
    expect(plan.changes).toEqual([
      expect.objectContaining({ kind: 'create-channel', reason: 'default-channel' }),
      { kind: 'update-setting', name: ACTIVE, defaultId: 1000, old: null, oldUnreadable: "--- '2'\n", new: true, effectiveValue: "--- '1'\n", rowId: 4, backToDefault: false },
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('warns about an unreadable stored value of a setting the config does not set', () => {
    const settings = seededSettings({ 'ChatEngine::ChatTTL': [{ id: 9, effectiveValue: '--- 12h\n', isValid: true }] });
    const plan = diffStates(desired(), actual({ settings }));
    expect(plan.changes).toEqual([]);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toMatchObject({ code: 'unreadable-setting' });
    expect(plan.warnings[0]?.message).toContain('ChatEngine::ChatTTL');
    expect(plan.warnings[0]?.message).toContain('"--- 12h\\n"');
  });

  it('refuses two system-wide rows for a configured setting, naming both', () => {
    const rows = [{ id: 12, effectiveValue: "--- '1'\n", isValid: true }, { id: 7, effectiveValue: "--- '0'\n", isValid: true }];
    const problems = problemsOf(() => diffStates(desired({ settings: [setting(ACTIVE, true, at(2))] }), actual({ settings: seededSettings({ [ACTIVE]: rows }) })));
    expect(problems.filter((p) => p.code === 'duplicate-setting-rows')).toEqual([
      expect.objectContaining({ location: at(2), message: expect.stringContaining('ids 7, 12') }),
    ]);
    expect(problems[0]?.message).toContain('OTRS itself cannot tell which applies');
    expect(problems[0]?.hint).toContain('Admin → System Configuration');
  });

  it('only warns about two rows of a setting the config does not set', () => {
    const rows = [{ id: 12, effectiveValue: "--- '1'\n", isValid: true }, { id: 7, effectiveValue: "--- '0'\n", isValid: true }];
    const plan = diffStates(desired(), actual({ settings: seededSettings({ 'ChatEngine::ChatDirection::AgentToAgent': rows }) }));
    expect(plan.warnings.map((w) => w.code)).toEqual(['duplicate-setting-rows']);
  });

  it('throws UnsupportedDatabaseError when a configured setting is unknown to the database', () => {
    const settings = seededSettings().filter((s) => s.name !== 'ChatEngine::DefaultAgentName');
    const run = (): unknown => diffStates(desired({ settings: [setting('ChatEngine::DefaultAgentName', 'Bot')] }), actual({ settings }));
    expect(run).toThrow(UnsupportedDatabaseError);
    expect(run).toThrow('the chat feature is not installed in this OTRS database (setting ChatEngine::DefaultAgentName unknown to this OTRS)');
  });

  it('ignores settings the config does not set, even when missing from the database', () => {
    expect(diffStates(desired(), actual({ settings: [] })).changes).toEqual([]);
  });

  it('requires a group-valued setting to name an existing group', () => {
    const problems = problemsOf(() => diffStates(desired({ settings: [setting(RECEIVING, 'agents', at(6))] }), actual()));
    expect(problems).toEqual([
      { code: 'unknown-group', message: `setting ${RECEIVING}: group "agents" does not exist in this OTRS`, hint: 'the groups that exist are: admin, sales, stats, support, users', location: at(6) },
    ]);
  });

  it('accepts an empty group-or-empty setting, and checks a non-empty one', () => {
    const settings = seededSettings({ [NOTIFICATION]: [{ id: 3, effectiveValue: '--- sales\n', isValid: true }] });
    expect(diffStates(desired({ settings: [setting(NOTIFICATION, '')] }), actual({ settings })).changes).toEqual([
      expect.objectContaining({ new: '', effectiveValue: "--- ''\n", backToDefault: true }),
    ]);
    expect(problemsOf(() => diffStates(desired({ settings: [setting(NOTIFICATION, 'nobody')] }), actual())).map((p) => p.code)).toEqual(['unknown-group']);
  });

  it('compares a setting group exactly, even on MySQL, and suggests the spelling', () => {
    const problems = problemsOf(() => diffStates(desired({ settings: [setting(RECEIVING, 'Users')] }), actual({ capabilities: MYSQL_UTF8MB3 })));
    expect(problems[0]?.hint).toContain('did you mean "users"?');
  });
});
