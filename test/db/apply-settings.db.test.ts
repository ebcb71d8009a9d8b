import { expect, test } from 'vitest';
import { PlanError, UnsupportedDatabaseError } from '../../src/errors.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { isRecent, reconciler, type Reconciler, type SettingRow } from './reconcile.js';

async function defaultIds(t: TestDatabase, r: Reconciler): Promise<Map<string, number>> {
  const rows = await t.rows<{ id: unknown; name: unknown }>(`SELECT id, name FROM ${r.q('sysconfig_default')}`);
  return new Map(rows.map((row) => [String(row.name), Number(row.id)]));
}

/** The system-wide rows (user_id NULL) of one setting. */
async function systemWide(r: Reconciler, name: string): Promise<SettingRow[]> {
  return (await r.settingRows(name)).filter((row) => row.user_id === null);
}

/** Issue 4: ChatEngine settings written exactly as OTRS writes them, one system-wide row each. */
describeDatabases('apply: settings', ({ fresh }) => {
  test('a first change of each type inserts the row OTRS inserts, with its exact bytes', async () => {
    const t = await fresh();
    await t.seed({ users: [{ login: 'ops@example' }] });
    const r = reconciler(t);
    const ops = await r.userId('ops@example');
    const yaml = `version: 1
settings:
  ChatEngine::Active: true
  ChatEngine::ChatDirection::AgentToAgent: false
  ChatEngine::PermissionGroup::ChatStartingAgents: admin
  ChatEngine::PermissionGroup::ChatNotificationAgents: users
  ChatEngine::DefaultAgentName: Straße
  ChatEngine::ChatTTL: 48
channels:
  - { name: Default channel, group: users }
`;
    const { plan, result } = await r.converge(yaml, { as: 'ops@example' });
    expect(result.settingsChanged).toBe(6);
    expect(plan.changes.filter((c) => c.kind === 'update-setting').map((c) => c.kind === 'update-setting' && c.rowId)).toEqual([null, null, null, null, null, null]);

    // docs/otrs.md's table, byte for byte (trailing newline included).
    const bytes: Record<string, string> = {
      'ChatEngine::Active': "--- '1'\n",
      'ChatEngine::ChatDirection::AgentToAgent': "--- '0'\n",
      'ChatEngine::PermissionGroup::ChatStartingAgents': '--- admin\n',
      'ChatEngine::PermissionGroup::ChatNotificationAgents': '--- users\n',
      'ChatEngine::DefaultAgentName': '--- Straße\n',
      'ChatEngine::ChatTTL': "--- '48'\n",
    };
    const ids = await defaultIds(t, r);
    const rows = await r.settingRows();
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      expect(row).toEqual({
        id: expect.any(Number),
        sysconfig_default_id: ids.get(row.name),
        name: row.name,
        user_id: null,
        is_valid: 1,
        user_modification_active: 0,
        effective_value: bytes[row.name],
        is_dirty: 1,
        reset_to_default: 0,
        create_time: row.change_time,
        create_by: ops,
        change_time: expect.any(Date),
        change_by: ops,
      });
      expect(isRecent(row.change_time)).toBe(true);
    }
    // Read back: the same config is no change.
    expect((await r.plan(await r.desired(yaml))).changes).toEqual([]);
  });

  test('an existing system-wide row is updated in place: same id, create_* kept, dirty again', async () => {
    const t = await fresh();
    await t.seed({
      users: [{ login: 'ops@example' }],
      settings: {
        'ChatEngine::DefaultAgentName': { systemWide: [{ value: '--- Old Name\n', dirty: false }] },
        'ChatEngine::PermissionGroup::ChatReceivingAgents': { systemWide: [{ value: '--- admin\n', dirty: false }] },
        // A row OTRS marked not valid: its value is not in effect, but it is the row to update.
        'ChatEngine::ChatDecayTime': { systemWide: [{ value: "--- '10'\n", valid: false }] },
      },
    });
    const r = reconciler(t);
    await r.backdate('sysconfig_modified');
    const before = await r.settingRows();
    const yaml = "version: 1\nsettings:\n  ChatEngine::DefaultAgentName: ''\n  ChatEngine::PermissionGroup::ChatReceivingAgents: users\n  ChatEngine::ChatDecayTime: 7\n";
    const { plan } = await r.converge(yaml, { as: 'ops@example' });
    expect(plan.changes.map((c) => c.kind === 'update-setting' && [c.name, c.rowId])).toEqual([
      ['ChatEngine::PermissionGroup::ChatReceivingAgents', before[1]?.id],
      ['ChatEngine::DefaultAgentName', before[0]?.id],
      ['ChatEngine::ChatDecayTime', before[2]?.id],
    ]);

    const after = await r.settingRows();
    const ops = await r.userId('ops@example');
    const stored = ['--- \'\'\n', '--- users\n', "--- '7'\n"];
    after.forEach((row, i) => {
      const old = before[i] as SettingRow;
      expect(row).toEqual({ ...old, effective_value: stored[i], is_valid: 1, is_dirty: 1, change_time: row.change_time, change_by: ops });
      expect(row.change_time.getTime()).toBeGreaterThan(old.change_time.getTime());
    });
    expect((await r.plan(await r.desired(yaml))).changes).toEqual([]);
  });

  test('desired equal to the default while a modified row differs: the row gets the default bytes, never deleted', async () => {
    const t = await fresh();
    await t.seed({
      settings: {
        'ChatEngine::PermissionGroup::ChatNotificationAgents': { systemWide: ['--- admin\n'] },
        'ChatEngine::ChatTTL': { systemWide: ["--- '48'\n"] },
      },
    });
    const r = reconciler(t);
    const before = await r.settingRows();
    const yaml = "version: 1\nsettings:\n  ChatEngine::PermissionGroup::ChatNotificationAgents: ''\n  ChatEngine::ChatTTL: 720\n";
    const { plan } = await r.converge(yaml);
    expect(plan.changes).toMatchObject([
      { name: 'ChatEngine::PermissionGroup::ChatNotificationAgents', old: 'admin', new: '', backToDefault: true, rowId: before[0]?.id },
      { name: 'ChatEngine::ChatTTL', old: 48, new: 720, backToDefault: true, rowId: before[1]?.id },
    ]);
    expect((await r.settingRows()).map((row) => [row.id, row.effective_value, row.reset_to_default])).toEqual([
      [before[0]?.id, "--- ''\n", 0],
      [before[1]?.id, "--- '720'\n", 0],
    ]);
    expect((await r.plan(await r.desired(yaml))).changes).toEqual([]);
  });

  test('text YAML would misread, or beyond the Basic Multilingual Plane, is stored in the form OTRS stores, and reads back', async () => {
    const t = await fresh();
    const r = reconciler(t);
    await r.converge('version: 1\nsettings:\n  ChatEngine::DefaultAgentName: "emoji 😀"\n  ChatEngine::DefaultChatChannel: "a: b"\n');
    // Vectors of otrs-yaml-vectors.tsv: libyaml quotes a plain "a: b" and escapes characters beyond U+FFFF.
    expect((await r.settingRows()).map((row) => row.effective_value)).toEqual(["--- 'a: b'\n", '--- "emoji \\U0001F600"\n']);
    expect((await r.plan(await r.desired('version: 1\nsettings:\n  ChatEngine::DefaultAgentName: "emoji 😀"\n'))).changes).toEqual([]);
  });

  test('one system-wide row per setting after repeated applies', async () => {
    const t = await fresh();
    const r = reconciler(t);
    const ids = new Set<number>();
    for (const hours of [48, 24, 720, 1, 48]) {
      await r.converge(`version: 1\nsettings:\n  ChatEngine::ChatTTL: ${hours}\n  ChatEngine::Active: ${hours % 2 === 0}\nchannels: [{ name: Default channel, group: users }]\n`);
      for (const name of ['ChatEngine::ChatTTL', 'ChatEngine::Active']) {
        const rows = await systemWide(r, name);
        expect(rows.length, name).toBeLessThanOrEqual(1);
        for (const row of rows) ids.add(row.id);
      }
      expect((await systemWide(r, 'ChatEngine::ChatTTL'))[0]?.effective_value).toBe(`--- '${hours}'\n`);
    }
    // Each setting kept the one row it got first.
    expect(ids.size).toBe(2);
  });

  test('two system-wide rows for a setting: a plan error naming both ids when configured, a warning when not', async () => {
    const t = await fresh();
    await t.seed({
      settings: {
        'ChatEngine::ChatTTL': { systemWide: ["--- '48'\n", "--- '24'\n"] },
        'ChatEngine::ChatDecayTime': { systemWide: ["--- '30'\n", "--- '60'\n"] },
      },
    });
    const r = reconciler(t);
    const [a, b, c, d] = (await r.settingRows()).map((row) => row.id);
    const err = await r.plan(await r.desired('version: 1\nsettings:\n  ChatEngine::ChatTTL: 12\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect((err as PlanError).problems).toMatchObject([{ code: 'duplicate-setting-rows', message: expect.stringContaining(`(ids ${a}, ${b})`) }]);

    const plan = await r.plan(await r.desired('version: 1\nsettings:\n  ChatEngine::DefaultAgentName: Team\n'));
    expect(plan.changes).toHaveLength(1);
    expect(plan.warnings.map((w) => [w.code, w.message])).toEqual([
      ['duplicate-setting-rows', expect.stringContaining(`ChatEngine::ChatTTL has 2 system-wide rows in sysconfig_modified (ids ${a}, ${b})`)],
      ['duplicate-setting-rows', expect.stringContaining(`ChatEngine::ChatDecayTime has 2 system-wide rows in sysconfig_modified (ids ${c}, ${d})`)],
    ]);
  });

  test('a second system-wide row appearing after the plan was confirmed: refused inside the apply, nothing written', async () => {
    const t = await fresh();
    await t.seed({ settings: { 'ChatEngine::ChatTTL': { systemWide: ["--- '48'\n"] } } });
    const r = reconciler(t);
    const desired = await r.desired('version: 1\nsettings:\n  ChatEngine::ChatTTL: 12\nchannels: [{ name: Sales, group: users }]\n');
    const plan = await r.plan(desired);
    await t.seed({ settings: { 'ChatEngine::ChatTTL': { systemWide: ["--- '24'\n"] } } });
    const before = { settings: await r.settingRows(), channels: await r.channels() };
    await expect(r.apply(desired, plan)).rejects.toBeInstanceOf(PlanError);
    expect({ settings: await r.settingRows(), channels: await r.channels() }).toEqual(before);
  });

  test("an agent's personal row (user_id set) is left untouched; the system-wide row is separate", async () => {
    const t = await fresh();
    await t.seed({ users: [{ login: 'agent1' }], settings: { 'ChatEngine::DefaultAgentName': { perAgent: [{ login: 'agent1', value: '--- Me\n' }] } } });
    const r = reconciler(t);
    const [personal] = await r.settingRows();
    const yaml = 'version: 1\nsettings:\n  ChatEngine::DefaultAgentName: Team\n';
    const { plan } = await r.converge(yaml);
    expect(plan.changes).toMatchObject([{ name: 'ChatEngine::DefaultAgentName', old: 'Support Agent', rowId: null }]);
    const rows = await r.settingRows();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual(personal);
    expect(rows[1]).toMatchObject({ user_id: null, effective_value: '--- Team\n' });
    expect((await r.plan(await r.desired(yaml))).changes).toEqual([]);
  });

  test('a configured setting this OTRS does not have: the chat feature is not installed', async () => {
    const t = await fresh();
    await t.seed({ settings: { 'ChatEngine::ChatDecayTime': { absent: true } } });
    const r = reconciler(t);
    const err = await r.plan(await r.desired('version: 1\nsettings:\n  ChatEngine::ChatDecayTime: 30\n')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsupportedDatabaseError);
    expect((err as Error).message).toMatch(/^the chat feature is not installed in this OTRS database \(setting ChatEngine::ChatDecayTime unknown to this OTRS\)/);
    // Not configured, its absence does not matter.
    expect((await r.plan(await r.desired('version: 1\nsettings:\n  ChatEngine::ChatTTL: 30\n'))).changes).toHaveLength(1);
  });

  test('an unreadable stored value: repaired when configured, a warning when not', async () => {
    const t = await fresh();
    await t.seed({
      settings: {
        'ChatEngine::ChatTTL': { systemWide: ["--- 'forever'\n"] },
        'ChatEngine::Active': { systemWide: ["--- '2'\n"] },
        'ChatEngine::DefaultAgentName': { default: '--- [a, list]\n' },
      },
    });
    const r = reconciler(t);
    const [ttl, active] = await r.settingRows();
    const yaml = 'version: 1\nsettings:\n  ChatEngine::ChatTTL: 48\n  ChatEngine::DefaultAgentName: Team\n';
    const { plan } = await r.converge(yaml);
    expect(plan.changes).toMatchObject([
      { name: 'ChatEngine::DefaultAgentName', old: null, oldUnreadable: '--- [a, list]\n', rowId: null, effectiveValue: '--- Team\n' },
      { name: 'ChatEngine::ChatTTL', old: null, oldUnreadable: "--- 'forever'\n", rowId: ttl?.id, effectiveValue: "--- '48'\n" },
    ]);
    expect(plan.warnings).toMatchObject([{ code: 'unreadable-setting', message: expect.stringMatching(/^setting ChatEngine::Active: the stored value "--- '2'\\n" cannot be read/) }]);

    const rows = await r.settingRows();
    expect(rows.find((row) => row.id === ttl?.id)?.effective_value).toBe("--- '48'\n");
    expect(rows.find((row) => row.id === active?.id)).toEqual(active);
    const again = await r.plan(await r.desired(yaml));
    expect(again.changes).toEqual([]);
    expect(again.warnings.map((w) => w.code)).toEqual(['unreadable-setting']);
  });

  test('switching chat on creates the default channel once, in the receiving agents\' group', async () => {
    const t = await fresh();
    await t.seed({ users: [{ login: 'ops@example' }], groups: [{ name: 'support' }], channels: [{ name: 'Sales', group: 'users' }] });
    const r = reconciler(t);
    const yaml = 'version: 1\nsettings:\n  ChatEngine::Active: true\n  ChatEngine::PermissionGroup::ChatReceivingAgents: support\nchannels: [{ name: Sales, group: users }]\n';
    const { plan } = await r.converge(yaml, { as: 'ops@example' });
    expect(plan.changes.filter((c) => c.kind === 'create-channel')).toMatchObject([{ name: 'Default channel', reason: 'default-channel' }]);
    const created = await r.channel('Default channel');
    expect(created).toMatchObject({ group: 'support', valid: 'valid', comments: 'Default chat channel', customer: false, public: false, createBy: await r.userId('ops@example') });

    const again = await r.converge(yaml);
    expect(again.plan.changes).toEqual([]);
    expect((await r.channels()).map((c) => c.name)).toEqual(['Sales', 'Default channel']);
  });

  test('switching chat on with the default channel present, or named otherwise, creates nothing extra', async () => {
    const t = await fresh();
    await t.seed({
      channels: [{ name: 'Default channel', group: 'admin', valid: 'invalid' }],
      settings: { 'ChatEngine::PermissionGroup::ChatReceivingAgents': { systemWide: ['--- stats\n'] } },
    });
    const r = reconciler(t);
    const present = await r.converge('version: 1\nsettings:\n  ChatEngine::Active: true\nchannels: []\n');
    expect(present.plan.changes.map((c) => c.kind)).toEqual(['update-setting']);
    expect(await r.channels()).toHaveLength(1);

    // Another name (stored, not configured): created under it, in the stored receiving group.
    await t.seed({ settings: { 'ChatEngine::DefaultChatChannel': { systemWide: ['--- Lobby\n'] } } });
    const lobby = await r.converge('version: 1\nsettings:\n  ChatEngine::Active: true\nreconcile: { removedChannels: keep }\n');
    expect(lobby.plan.changes).toMatchObject([{ kind: 'create-channel', name: 'Lobby', group: 'stats' }]);
    expect((await r.channels()).map((c) => [c.name, c.group])).toEqual([
      ['Default channel', 'admin'],
      ['Lobby', 'stats'],
    ]);
  });
});
