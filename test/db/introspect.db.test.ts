import { expect, test } from 'vitest';
import { findUser, introspect } from '../../src/db/introspect.js';
import { UnsupportedDatabaseError } from '../../src/errors.js';
import type { GroupTable } from '../../src/model/actual-state.js';
import { SETTING_CATALOG } from '../../src/settings/catalog.js';
import { describeDatabases } from './harness.js';

/** How `lastChange.at` reads: OTRS's change_time as stored, to the second. */
const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

describeDatabases('introspect', ({ fresh, empty, database }) => {
  test('a fresh install: its groups, no channels, every catalog setting at its seed', async () => {
    const { db } = await fresh();
    const state = await introspect(db);
    expect(state.capabilities).toEqual({
      dialect: database.dialect,
      groupTable: 'groups',
      availabilityColumns: { customer: 'customer_interface', public: 'public_interface' },
      // The test schema on MySQL is utf8mb4 with utf8mb4_unicode_ci, as newer OTRS installs have it.
      nameComparison: database.dialect === 'mysql' ? { channelCollation: 'utf8mb4_unicode_ci', groupCollation: 'utf8mb4_unicode_ci' } : 'exact',
      supportsFourByteCharacters: true,
    });
    expect(state.groups.map((g) => [g.name, g.valid])).toEqual([
      ['users', true],
      ['admin', true],
      ['stats', true],
    ]);
    expect(state.channels).toEqual([]);
    expect(state.settings.map((s) => s.name)).toEqual(SETTING_CATALOG.map((s) => s.name));
    expect(state.settings.find((s) => s.name === 'ChatEngine::ChatTTL')).toMatchObject({ defaultEffectiveValue: "--- '720'\n", systemWideRows: [] });
  });

  test.for<GroupTable>(['groups', 'permission_groups', 'groups_table'])('finds the group table %s and joins channels to it', async (groupTable) => {
    const t = await fresh({ groupTable });
    await t.seed({ groups: [{ name: 'sales', valid: 'invalid' }], channels: [{ name: 'Sales', group: 'sales' }] });
    const state = await introspect(t.db);
    expect(state.capabilities.groupTable).toBe(groupTable);
    expect(state.groups.find((g) => g.name === 'sales')).toMatchObject({ valid: false });
    expect(state.channels[0]).toMatchObject({ name: 'Sales', group: 'sales' });
  });

  test('reads every channel field; a NULL comment reads as empty', async () => {
    const t = await fresh();
    await t.seed({
      groups: [{ name: 'support' }],
      channels: [
        { name: 'Sales', group: 'users', comment: null, availableToCustomerUsers: true },
        { name: 'Support', group: 'support', valid: 'invalid-temporarily', comment: 'Two\nlines', availableToPublicUsers: true },
        { name: 'Old 😀', group: 'admin', valid: 'invalid', comment: '' },
      ],
    });
    const [sales, support, old] = (await introspect(t.db)).channels;
    expect(sales).toEqual({
      id: expect.any(Number),
      name: 'Sales',
      groupId: 1,
      group: 'users',
      valid: 'valid',
      availableToCustomerUsers: true,
      availableToPublicUsers: false,
      comment: '',
      lastChange: { by: 'root@localhost', at: expect.stringMatching(STAMP) },
    });
    expect(support).toMatchObject({ group: 'support', valid: 'invalid-temporarily', comment: 'Two\nlines', availableToCustomerUsers: false, availableToPublicUsers: true });
    expect(old).toMatchObject({ name: 'Old 😀', valid: 'invalid', comment: '' });
  });

  test('without stamps: the same channels, without who changed them when (settings keep theirs)', async () => {
    const t = await fresh();
    await t.seed({ channels: [{ name: 'Sales', group: 'users', comment: 'hi' }], settings: { 'ChatEngine::Active': { systemWide: ["--- '1'\n"] } } });
    const full = await introspect(t.db);
    const bare = await introspect(t.db, { stamps: false });
    expect(full.channels[0]?.lastChange).toEqual({ by: 'root@localhost', at: expect.stringMatching(STAMP) });
    expect(bare.channels[0]).not.toHaveProperty('lastChange');
    const { lastChange: _dropped, ...rest } = full.channels[0] ?? {};
    expect(bare.channels).toEqual([rest]);
    expect(bare.settings).toEqual(full.settings);
  });

  test('channels come in id order, also when the server returns an edited row last', async () => {
    const t = await fresh();
    await t.seed({ channels: ['First', 'Second', 'Third'].map((name) => ({ name, group: 'users' })) });
    // PostgreSQL writes a row's new version after the others: a scan then returns it last.
    await t.rows(`UPDATE chat_channel SET comments = $1 WHERE name = 'First'`, ['x'.repeat(200)]);
    const scanned = await t.rows<{ name: string }>('SELECT name FROM chat_channel');
    if (database.dialect === 'postgres') expect(scanned.map((r) => r.name)).toEqual(['Second', 'Third', 'First']);
    const state = await introspect(t.db);
    expect(state.channels.map((c) => c.name)).toEqual(['First', 'Second', 'Third']);
    expect(state.channels.map((c) => c.id)).toEqual([...state.channels.map((c) => c.id)].sort((a, b) => a - b));
  });

  test('who changed a row last: change_by as the agent\'s login, change_time as stored', async () => {
    const t = await fresh();
    await t.seed({ users: [{ login: 'jane.admin' }], channels: [{ name: 'Sales', group: 'users' }], settings: { 'ChatEngine::Active': { systemWide: ["--- '1'\n"] } } });
    const [jane] = await t.rows<{ id: unknown }>("SELECT id FROM users WHERE login = 'jane.admin'");
    await t.rows(`UPDATE chat_channel SET change_by = ${Number(jane?.id)}, change_time = '2026-11-30 09:08:07'`);
    await t.rows(`UPDATE sysconfig_modified SET change_by = ${Number(jane?.id)}, change_time = '2026-11-29 23:59:58'`);
    const state = await introspect(t.db);
    expect(state.channels[0]?.lastChange).toEqual({ by: 'jane.admin', at: '2026-11-30 09:08:07' });
    expect(state.settings.find((s) => s.name === 'ChatEngine::Active')?.systemWideRows[0]?.lastChange).toEqual({ by: 'jane.admin', at: '2026-11-29 23:59:58' });
  });

  test('a channel whose group row is gone reads with group null', async () => {
    const t = await fresh();
    await t.rows('ALTER TABLE chat_channel DROP CONSTRAINT fk_chat_channel_group_id_id');
    await t.rows(
      "INSERT INTO chat_channel (name, group_id, valid_id, create_time, create_by, change_time, change_by) VALUES ('Orphan', 999, 1, current_timestamp, 1, current_timestamp, 1)",
    );
    expect((await introspect(t.db)).channels[0]).toMatchObject({ name: 'Orphan', groupId: 999, group: null });
  });

  test('without availability columns (OTRS 6) the flags read as null', async () => {
    const t = await fresh({ availabilityColumns: 'none' });
    await t.seed({ channels: [{ name: 'Sales', group: 'users' }] });
    const state = await introspect(t.db);
    expect(state.capabilities.availabilityColumns).toBeNull();
    expect(state.channels[0]).toMatchObject({ availableToCustomerUsers: null, availableToPublicUsers: null });
  });

  test('the operator names other availability columns: accepted when chat_channel has them', async () => {
    const t = await fresh({ availabilityColumns: ['cust_flag', 'pub_flag'] });
    await t.seed({ channels: [{ name: 'Sales', group: 'users', availableToPublicUsers: true }] });
    expect((await introspect(t.db)).capabilities.availabilityColumns).toBeNull();
    const state = await introspect(t.db, { availabilityColumns: ['cust_flag', 'pub_flag'] });
    expect(state.capabilities.availabilityColumns).toEqual({ customer: 'cust_flag', public: 'pub_flag' });
    expect(state.channels[0]).toMatchObject({ availableToCustomerUsers: false, availableToPublicUsers: true });
  });

  test('a named column chat_channel does not have is refused, listing the columns it has', async () => {
    const t = await fresh({ availabilityColumns: ['cust_flag', 'pub_flag'] });
    const attempt = introspect(t.db, { availabilityColumns: ['cust_flag', 'pub_flag"; DROP TABLE valid; --'] });
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedDatabaseError);
    await expect(attempt).rejects.toThrow(/does not have; chat_channel's columns are: id, name, group_id, valid_id, comments, cust_flag, pub_flag/);
  });

  test("chat_channel's own columns are never taken as availability flags", async () => {
    const t = await fresh();
    await expect(introspect(t.db, { availabilityColumns: ['valid_id', 'public_interface'] })).rejects.toThrow(/own OTRS columns/);
  });

  test('only one of the standard columns is refused, naming the option that fixes it', async () => {
    const t = await fresh();
    await t.rows('ALTER TABLE chat_channel DROP COLUMN public_interface');
    await expect(introspect(t.db)).rejects.toThrow(/has customer_interface but no public_interface: name both .*--availability-columns/);
  });

  test('no chat_channel table: the chat feature is not installed', async () => {
    const t = await fresh();
    await t.rows('DROP TABLE chat_channel');
    await expect(introspect(t.db)).rejects.toThrow(
      new UnsupportedDatabaseError('the chat feature is not installed in this OTRS database (no chat_channel table)'),
    );
  });

  test('no OTRS tables at all', async () => {
    const t = await empty();
    await expect(introspect(t.db)).rejects.toThrow(/no OTRS tables found/);
  });

  test('two group tables: refused rather than guessed', async () => {
    const t = await fresh();
    await t.rows('CREATE TABLE permission_groups (id serial, name varchar(200))');
    await expect(introspect(t.db)).rejects.toThrow(/several group tables found \(groups, permission_groups\)/);
  });

  test('a valid table without the states the tool writes is refused', async () => {
    const t = await fresh();
    await t.rows("DELETE FROM valid WHERE name = 'invalid-temporarily'");
    await expect(introspect(t.db)).rejects.toThrow(/no "invalid-temporarily" row/);
  });

  test('settings: zero, one or two system-wide rows; agents\' personal rows are not system-wide', async () => {
    const t = await fresh();
    await t.seed({
      users: [{ login: 'agent1' }],
      settings: {
        'ChatEngine::Active': { systemWide: ["--- '1'\n"] },
        'ChatEngine::ChatTTL': { systemWide: ["--- '48'\n", { value: "--- '24'\n", valid: false }] },
        'ChatEngine::DefaultAgentName': { perAgent: [{ login: 'agent1', value: '--- Me\n' }] },
        'ChatEngine::ChatDecayTime': { default: "--- '30'\n" },
        'ChatEngine::DefaultChatChannel': { absent: true },
      },
    });
    const settings = new Map((await introspect(t.db)).settings.map((s) => [s.name, s]));
    expect(settings.get('ChatEngine::Active')?.systemWideRows).toEqual([
      { id: expect.any(Number), effectiveValue: "--- '1'\n", isValid: true, lastChange: { by: 'root@localhost', at: expect.stringMatching(STAMP) } },
    ]);
    const ttl = settings.get('ChatEngine::ChatTTL')?.systemWideRows ?? [];
    expect(ttl.map((r) => [r.effectiveValue, r.isValid])).toEqual([
      ["--- '48'\n", true],
      ["--- '24'\n", false],
    ]);
    expect(ttl[0]?.id).toBeLessThan(ttl[1]?.id ?? 0);
    expect(settings.get('ChatEngine::DefaultAgentName')).toMatchObject({ defaultEffectiveValue: '--- Support Agent\n', systemWideRows: [] });
    expect(settings.get('ChatEngine::ChatDecayTime')?.defaultEffectiveValue).toBe("--- '30'\n");
    expect(settings.has('ChatEngine::DefaultChatChannel')).toBe(false);
  });

  test('reads in the same fixed number of statements for 10 and 1,000 channels', async () => {
    const count = async (channels: number): Promise<number> => {
      const t = await fresh();
      await t.seed({ channels: Array.from({ length: channels }, (_, i) => ({ name: `Channel ${i}`, group: 'users' })) });
      const before = t.db.statementCount;
      const state = await introspect(t.db);
      expect(state.channels).toHaveLength(channels);
      return t.db.statementCount - before;
    };
    const few = await count(10);
    expect(await count(1000)).toBe(few);
    expect(few).toBeLessThanOrEqual(5);
  });

  test('works inside a transaction', async () => {
    const t = await fresh();
    const state = await t.db.transaction((tx) => introspect(tx));
    expect(state.groups).toHaveLength(3);
  });

  test('findUser: by login as OTRS looks it up, with its validity', async () => {
    const t = await fresh();
    await t.seed({ users: [{ login: 'old.agent', valid: 'invalid' }] });
    expect(await findUser(t.db, 'root@localhost')).toEqual({ id: 1, login: 'root@localhost', valid: true });
    expect(await findUser(t.db, 'Root@Localhost')).toMatchObject({ id: 1, login: 'root@localhost' });
    expect(await findUser(t.db, 'old.agent')).toMatchObject({ valid: false });
    expect(await findUser(t.db, 'nobody')).toBeNull();
  });
});
