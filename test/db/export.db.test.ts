import { expect, test } from 'vitest';
import { introspect, readNameKeys } from '../../src/db/introspect.js';
import { exportConfig, exportSplitConfig, type ExportWarning } from '../../src/export/export-config.js';
import type { GroupTable } from '../../src/model/actual-state.js';
import { diffStates } from '../../src/plan/diff.js';
import { stateOf } from '../config/tmp-config.js';
import { describeDatabases, type TestDatabase, type Variant } from './harness.js';
import { reconciler } from './reconcile.js';
import type { SeedChannel, SeedState } from './seed-state.js';

/**
 * Issue 9: `export` writes a config that plans to no changes against the database it came from,
 * on every database and schema variant, and says what it could not write.
 */
const VARIANTS: readonly (Variant & { readonly name: string })[] = (['groups', 'permission_groups', 'groups_table'] as const satisfies readonly GroupTable[]).flatMap((groupTable) => [
  { name: `${groupTable}, with availability columns`, groupTable, availabilityColumns: 'standard' as const },
  { name: `${groupTable}, without availability columns`, groupTable, availabilityColumns: 'none' as const },
]);

/** Channels the config can state exactly, each stressing quoting, Unicode or a field's default. */
function expressibleChannels(flags: boolean): SeedChannel[] {
  return [
    { name: 'Default channel', group: 'users', comment: 'Default chat channel' },
    { name: 'Grüße 😀 aus Köln', group: 'Sales & Support', comment: 'Zwei Zeilen\nmit Umlauten: äöü\n', availableToCustomerUsers: flags },
    { name: 'say "hi", it\'s me', group: 'admin', valid: 'invalid', comment: "'single' and \"double\" quotes" },
    { name: 'yes', group: 'archived', valid: 'invalid-temporarily', comment: 'trailing spaces  \r\nCRLF\tand a tab', availableToPublicUsers: flags },
    { name: '${HOME} is not a variable', group: 'users', comment: '$${ and ${X:-y} stay literal' },
    { name: '#1: not a comment', group: 'stats', comment: 'x'.repeat(250) },
    { name: 'Kept newlines', group: 'users', comment: '\n\nblank lines first, three after\n\n\n' },
    { name: 'No trailing newline', group: 'users', comment: 'first line\nsecond line', availableToCustomerUsers: flags, availableToPublicUsers: flags },
    { name: 'Empty comment', group: 'users', comment: '' },
    { name: '1', group: 'users', comment: null },
  ];
}

/** Every settings type changed from its default, plus settings at their default (not exported). */
const CHANGED_SETTINGS: SeedState['settings'] = {
  'ChatEngine::Active': { systemWide: ["--- '1'\n"] },
  'ChatEngine::ChatDirection::PublicToAgent': { systemWide: ["--- '1'\n"] },
  'ChatEngine::ChatDirection::AgentToAgent': { systemWide: ["--- '0'\n"] },
  'ChatEngine::PermissionGroup::ChatReceivingAgents': { systemWide: ['--- Sales & Support\n'] },
  'ChatEngine::PermissionGroup::ChatStartingAgents': { systemWide: ['--- users\n'] },
  'ChatEngine::PermissionGroup::ChatNotificationAgents': { systemWide: ['--- admin\n'] },
  'ChatEngine::DefaultAgentName': { systemWide: ['--- "Team \\"Blue\\" \\U0001F600\\n"\n'] },
  'ChatEngine::ChatTTL': { systemWide: ["--- '48'\n"] },
  'ChatEngine::ChatDecayTime': { systemWide: [{ value: "--- '7'\n", valid: false }] },
};

async function seedExpressible(t: TestDatabase): Promise<void> {
  await t.seed({
    groups: [{ name: 'Sales & Support' }, { name: 'archived', valid: 'invalid' }],
    channels: expressibleChannels(t.layout.availabilityColumns !== null),
    settings: CHANGED_SETTINGS,
  });
}

/** The export of the database as it is now. */
async function exportOf(t: TestDatabase): Promise<ReturnType<typeof exportConfig>> {
  const actual = await introspect(t.db);
  return exportConfig(actual, { nameKeys: await readNameKeys(t.db, actual) });
}

/** `plan` on the exported files, read by the real config reader from a scratch directory. */
async function planOfFiles(t: TestDatabase, files: Readonly<Record<string, string>>): Promise<ReturnType<typeof diffStates>> {
  const desired = await stateOf(files);
  const actual = await introspect(t.db);
  return diffStates(desired, actual, { nameKeys: await readNameKeys(t.db, actual, desired) });
}

describeDatabases('export', ({ fresh }) => {
  test.for(VARIANTS)('plans to no changes and re-exports byte-identically ($name)', async (variant) => {
    const t = await fresh(variant);
    await seedExpressible(t);

    const first = await exportOf(t);
    expect(first.warnings).toEqual([]);
    expect(first).toMatchObject({ channels: 10, settings: 7 });
    const plan = await planOfFiles(t, { 'chat.yaml': first.text });
    expect(plan.changes).toEqual([]);
    // Applying an empty plan writes nothing, so the database and its export stay as they were.
    await reconciler(t).apply(await stateOf({ 'chat.yaml': first.text }), plan);
    expect((await exportOf(t)).text).toBe(first.text);

    const actual = await introspect(t.db);
    const split = exportSplitConfig(actual, { nameKeys: await readNameKeys(t.db, actual) });
    expect(split.files.map((f) => f.name)).toEqual(['channels-admin.yaml', 'channels-archived.yaml', 'channels-sales-support.yaml', 'channels-stats.yaml', 'channels-users.yaml', 'settings.yaml']);
    expect((await planOfFiles(t, Object.fromEntries(split.files.map((f) => [f.name, f.text])))).changes).toEqual([]);
  });

  test('writes the stored text of every field exactly, whatever the quoting', async () => {
    const t = await fresh();
    await seedExpressible(t);
    const desired = await stateOf({ 'chat.yaml': (await exportOf(t)).text });
    const byName = new Map(desired.channels.map((c) => [c.name, c]));
    for (const seeded of expressibleChannels(true)) {
      expect(byName.get(seeded.name)).toMatchObject({
        group: seeded.group,
        valid: seeded.valid ?? 'valid',
        comment: seeded.comment ?? '',
        availableToCustomerUsers: seeded.availableToCustomerUsers ?? false,
        availableToPublicUsers: seeded.availableToPublicUsers ?? false,
      });
    }
    expect(Object.fromEntries(desired.settings.map((s) => [s.name, s.value]))).toEqual({
      'ChatEngine::Active': true,
      'ChatEngine::ChatDirection::PublicToAgent': true,
      'ChatEngine::ChatDirection::AgentToAgent': false,
      'ChatEngine::PermissionGroup::ChatReceivingAgents': 'Sales & Support',
      'ChatEngine::PermissionGroup::ChatNotificationAgents': 'admin',
      'ChatEngine::DefaultAgentName': 'Team "Blue" 😀\n',
      'ChatEngine::ChatTTL': 48,
    });
  });

  test.for(VARIANTS)('warns about everything it cannot write, and the plan changes only what it announced ($name)', async (variant) => {
    const t = await fresh(variant);
    const r = reconciler(t);
    await t.seed({
      groups: [{ name: 'gone' }],
      channels: [
        { name: 'Default channel', group: 'users', comment: 'Default chat channel' },
        { name: ' Padded ', group: 'users' },
        { name: 'Tab\tinside', group: 'users', valid: 'invalid' },
        { name: 'Orphan', group: 'gone' },
        { name: 'Chatty', group: 'users' },
        { name: 'Long', group: 'users', valid: 'invalid' },
      ],
      settings: {
        'ChatEngine::Active': { systemWide: ["--- '1'\n"] },
        'ChatEngine::ChatDecayTime': { systemWide: ["--- '1'\n", "--- '2'\n"] },
        'ChatEngine::DefaultAgentName': { systemWide: ['--- [broken\n'] },
        'ChatEngine::PermissionGroup::ChatNotificationAgents': { systemWide: ['--- ghosts\n'] },
        'ChatEngine::ChatTTL': { systemWide: ["--- '4294967296'\n"] },
      },
    });
    // What OTRS's own schema would refuse, made possible the way a hand-edited database does it.
    const mysql = t.db.dialect === 'mysql';
    await t.rows(`ALTER TABLE chat_channel ${mysql ? 'DROP FOREIGN KEY' : 'DROP CONSTRAINT'} fk_chat_channel_group_id_id`);
    await t.rows(`DELETE FROM ${r.q(t.layout.groupTable)} WHERE name = 'gone'`);
    await t.rows(mysql ? 'ALTER TABLE chat_channel MODIFY comments VARCHAR(400) NULL' : 'ALTER TABLE chat_channel ALTER COLUMN comments TYPE VARCHAR(400)');
    await t.rows(mysql ? 'ALTER TABLE chat_channel MODIFY name VARCHAR(400) NOT NULL' : 'ALTER TABLE chat_channel ALTER COLUMN name TYPE VARCHAR(400)');
    await t.rows(`UPDATE chat_channel SET comments = $1 WHERE name = 'Chatty'`, ['c'.repeat(251)]);
    await t.rows(`UPDATE chat_channel SET name = $1 WHERE name = 'Long'`, ['L'.repeat(201)]);

    const result = await exportOf(t);
    const codes = (w: readonly ExportWarning[]): string[] => w.map((x) => x.code);
    expect(codes(result.warnings)).toEqual([
      'channel-name', // " Padded "
      'channel-comment', // Chatty
      'channel-name', // L…
      'channel-group', // Orphan
      'channel-name', // Tab\tinside
      'setting-value', // ChatNotificationAgents: ghosts
      'setting-unreadable', // DefaultAgentName
      'setting-value', // ChatTTL beyond 2^31-1
      'setting-rows', // ChatDecayTime
    ]);
    for (const w of result.warnings) expect(result.text).toContain(`\n# WARNING: ${w.message}\n`);
    expect(result.text).toContain('ChatEngine::Active: true'); // the default channel exists
    const body = result.text.slice(result.text.indexOf('\nversion: 1\n'));
    expect(body).not.toMatch(/Padded|Tab|Orphan|Chatty|LLLL|ghosts|DefaultAgentName|ChatTTL|ChatDecayTime/);

    const plan = await planOfFiles(t, { 'chat.yaml': result.text });
    const ids = new Map((await r.channels()).map((c) => [c.name, c.id]));
    const announced = result.warnings.filter((w) => w.message.includes('the plan will invalidate it')).map((w) => w.message.slice(0, w.message.indexOf(':')));
    expect(announced).toEqual([`channel " Padded " (id ${ids.get(' Padded ')})`, `channel "Chatty" (id ${ids.get('Chatty')})`, `channel "Orphan" (id ${ids.get('Orphan')})`]);
    expect(plan.changes.map((c) => (c.kind === 'invalidate-channel' ? c.name : c.kind)).sort()).toEqual([' Padded ', 'Chatty', 'Orphan']);
    expect(plan.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['unreadable-setting', 'duplicate-setting-rows']));
    expect((await exportOf(t)).text).toBe(result.text);
  });

  test('leaves ChatEngine::Active out when chat is on without its default channel, so the plan creates nothing', async () => {
    const t = await fresh({ groupTable: 'permission_groups' });
    await t.seed({
      channels: [{ name: 'Lobby', group: 'users' }],
      settings: { 'ChatEngine::Active': { systemWide: ["--- '1'\n"] }, 'ChatEngine::DefaultChatChannel': { systemWide: ['--- Front desk\n'] } },
    });
    const result = await exportOf(t);
    expect(result.warnings.map((w) => w.code)).toEqual(['default-channel-missing']);
    expect(result.warnings[0]?.message).toMatch(/its default channel "Front desk" \(ChatEngine::DefaultChatChannel\) does not exist/);
    expect(result.text).not.toMatch(/^ {2}ChatEngine::Active:/m);
    expect(result.text).toContain('ChatEngine::DefaultChatChannel: Front desk');
    expect((await planOfFiles(t, { 'chat.yaml': result.text })).changes).toEqual([]);
  });
});
