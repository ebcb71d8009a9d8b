import { expect, test } from 'vitest';
import { introspect } from '../../src/db/introspect.js';
import { PlanError } from '../../src/errors.js';
import type { GroupTable } from '../../src/model/actual-state.js';
import type { Validity } from '../../src/model/validity.js';
import { describeDatabases } from './harness.js';
import { isRecent, reconciler, yamlText, type ChannelRow } from './reconcile.js';

/** Issue 3: channels created, updated, renamed and invalidated through plan + apply, on every database. */
describeDatabases('apply: channels', ({ fresh }) => {
  test('creates every column, recording the --as agent and the time', async () => {
    const t = await fresh();
    await t.seed({ users: [{ login: 'ops@example' }], groups: [{ name: 'sales' }] });
    const r = reconciler(t);
    const ops = await r.userId('ops@example');
    const yaml = `version: 1
channels:
  - name: Sales
    group: sales
    availableToCustomerUsers: true
    availableToPublicUsers: true
    comment: Questions from prospects before they buy.
  - name: Internal
    group: admin
    valid: invalid-temporarily
`;
    const { plan, result } = await r.converge(yaml, { as: 'ops@example' });
    expect(plan.changes.map((c) => c.kind)).toEqual(['create-channel', 'create-channel']);
    expect(result.plan).toEqual(plan);

    const [sales, internal] = await r.channels();
    expect(sales).toMatchObject({
      name: 'Sales',
      group: 'sales',
      valid: 'valid',
      comments: 'Questions from prospects before they buy.',
      customer: true,
      public: true,
      createBy: ops,
      changeBy: ops,
    });
    // An omitted comment is stored empty (and an empty one never differs from NULL: see below).
    expect(internal).toMatchObject({ name: 'Internal', group: 'admin', valid: 'invalid-temporarily', comments: '', customer: false, public: false, createBy: ops, changeBy: ops });
    for (const row of [sales, internal] as ChannelRow[]) {
      expect(isRecent(row.createTime)).toBe(true);
      expect(row.changeTime).toEqual(row.createTime);
    }
    expect((await r.plan(await r.desired(yaml))).changes).toEqual([]);
  });

  test('updates each field in one batch, touching only that field, change_* and never create_*', async () => {
    const t = await fresh();
    await t.seed({
      users: [{ login: 'ops@example' }],
      groups: [{ name: 'support' }],
      channels: [
        { name: 'Support', group: 'users', comment: 'same' },
        { name: 'Group', group: 'users', comment: 'same' },
        { name: 'Customer', group: 'users', comment: 'same' },
        { name: 'Public', group: 'users', comment: 'same', availableToPublicUsers: true },
        { name: 'Valid', group: 'users', comment: 'same' },
        { name: 'Comment', group: 'users', comment: 'old text' },
        { name: 'Everything', group: 'users', comment: 'old', availableToCustomerUsers: true },
        { name: 'Untouched', group: 'users', comment: 'same' },
      ],
    });
    const r = reconciler(t);
    await r.backdate('chat_channel');
    const before = await r.channels();
    const ops = await r.userId('ops@example');

    const { plan } = await r.converge(
      `version: 1
channels:
  - { name: Contract support, previousNames: [Support], group: users, comment: same }
  - { name: Group, group: support, comment: same }
  - { name: Customer, group: users, comment: same, availableToCustomerUsers: true }
  - { name: Public, group: users, comment: same, availableToPublicUsers: false }
  - { name: Valid, group: users, comment: same, valid: invalid }
  - { name: Comment, group: users, comment: new text }
  - { name: All of it, previousNames: [Everything], group: support, availableToCustomerUsers: false, availableToPublicUsers: true, valid: invalid-temporarily, comment: new }
  - { name: Untouched, group: users, comment: same }
`,
      { as: 'ops@example' },
    );
    expect(plan.changes).toHaveLength(7);
    expect(plan.changes.every((c) => c.kind === 'update-channel')).toBe(true);

    const after = await r.channels();
    expect(after.map((c) => c.id)).toEqual(before.map((c) => c.id));
    const expected: Partial<ChannelRow>[] = [
      { name: 'Contract support' },
      { group: 'support' },
      { customer: true },
      { public: false },
      { valid: 'invalid' },
      { comments: 'new text' },
      { name: 'All of it', group: 'support', customer: false, public: true, valid: 'invalid-temporarily', comments: 'new' },
    ];
    expected.forEach((change, i) => {
      const old = before[i] as ChannelRow;
      const row = after[i] as ChannelRow;
      expect(row).toEqual({ ...old, ...change, changeTime: row.changeTime, changeBy: ops });
      expect(row.changeTime.getTime()).toBeGreaterThan(old.changeTime.getTime());
      expect(isRecent(row.changeTime)).toBe(true);
    });
    expect(after[7]).toEqual(before[7]);
    expect((await r.plan(await r.desired(plannedAgain))).changes).toEqual([]);
  });

  test.for<Exclude<Validity, 'valid'>>(['invalid', 'invalid-temporarily'])(
    'a channel in no file is set %s: row and id kept, already-invalid rows left alone',
    async (to) => {
      const t = await fresh();
      await t.seed({
        users: [{ login: 'ops@example' }],
        channels: [
          { name: 'Kept', group: 'users' },
          { name: 'Legacy', group: 'users', comment: 'from 2019' },
          { name: 'Retired', group: 'users', valid: 'invalid' },
          { name: 'Paused', group: 'users', valid: 'invalid-temporarily' },
        ],
      });
      const r = reconciler(t);
      await r.backdate('chat_channel');
      const before = await r.channels();
      const { plan } = await r.converge(`version: 1\nchannels: [{ name: Kept, group: users }]\nreconcile: { removedChannels: ${to} }\n`, { as: 'ops@example' });
      expect(plan.changes).toEqual([{ kind: 'invalidate-channel', id: before[1]?.id, name: 'Legacy', from: 'valid', to }]);

      const after = await r.channels();
      expect(after).toHaveLength(4);
      expect(after[1]).toEqual({ ...before[1], valid: to, changeTime: after[1]?.changeTime, changeBy: await r.userId('ops@example') });
      expect([after[0], after[2], after[3]]).toEqual([before[0], before[2], before[3]]);
    },
  );

  test('removedChannels: keep leaves channels that left the config as they are', async () => {
    const t = await fresh();
    await t.seed({ channels: [{ name: 'Kept', group: 'users' }, { name: 'Legacy', group: 'users' }] });
    const r = reconciler(t);
    const before = await r.channels();
    const { plan, result } = await r.converge('version: 1\nchannels: [{ name: Kept, group: users }]\nreconcile: { removedChannels: keep }\n');
    expect(plan.changes).toEqual([]);
    expect(result.statements).toBeGreaterThan(0);
    expect(await r.channels()).toEqual(before);
  });

  test('the default channel is never pruned, under its shipped name or the one the setting gives', async () => {
    const t = await fresh();
    await t.seed({ channels: [{ name: 'Default channel', group: 'users' }, { name: 'Lobby', group: 'users' }, { name: 'Other', group: 'users' }] });
    const r = reconciler(t);
    // Everything but the default channel goes: the guard wants the override (docs/design.md §6).
    const kept = await r.converge('version: 1\nchannels: []\n', { allowMassInvalidation: true });
    expect(kept.plan.changes.map((c) => c.kind === 'invalidate-channel' && c.name)).toEqual(['Lobby', 'Other']);
    expect((await r.channel('Default channel')).valid).toBe('valid');

    // With the setting naming Lobby, Lobby is the protected one and "Default channel" an ordinary channel.
    const t2 = await fresh();
    await t2.seed({
      channels: [{ name: 'Default channel', group: 'users' }, { name: 'Lobby', group: 'users' }],
      settings: { 'ChatEngine::DefaultChatChannel': { systemWide: ['--- Lobby\n'] } },
    });
    const r2 = reconciler(t2);
    const renamed = await r2.converge('version: 1\nchannels: []\n', { allowMassInvalidation: true });
    expect(renamed.plan.changes.map((c) => c.kind === 'invalidate-channel' && c.name)).toEqual(['Default channel']);
    expect((await r2.channel('Lobby')).valid).toBe('valid');
  });

  test.for<GroupTable>(['groups', 'permission_groups', 'groups_table'])('group table %s: groups resolved, written and read back', async (groupTable) => {
    const t = await fresh({ groupTable });
    await t.seed({ groups: [{ name: 'sales' }], channels: [{ name: 'Moving', group: 'users' }] });
    const r = reconciler(t);
    await r.converge('version: 1\nchannels: [{ name: Sales, group: sales }, { name: Moving, group: stats }]\n');
    expect((await r.channels()).map((c) => [c.name, c.group])).toEqual([
      ['Moving', 'stats'],
      ['Sales', 'sales'],
    ]);
    const unknown = await r.plan(await r.desired('version: 1\nchannels: [{ name: Sales, group: nosuch }, { name: Moving, group: stats }]\n')).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(PlanError);
    expect((unknown as PlanError).problems[0]?.hint).toBe('the groups that exist are: admin, sales, stats, users');
  });

  test('OTRS 6 (no availability columns): false flags are fine, a true flag is a plan error', async () => {
    const t = await fresh({ availabilityColumns: 'none' });
    await t.seed({ channels: [{ name: 'Support', group: 'users' }] });
    const r = reconciler(t);
    const { plan } = await r.converge(
      'version: 1\nchannels:\n  - { name: Sales, group: users, availableToCustomerUsers: false }\n  - { name: Support, group: admin, comment: moved }\n',
    );
    expect(plan.changes.map((c) => c.kind)).toEqual(['create-channel', 'update-channel']);
    expect((await r.channels()).map((c) => [c.name, c.group, c.comments, c.customer])).toEqual([
      ['Support', 'admin', 'moved', null],
      ['Sales', 'users', '', null],
    ]);
    expect((await r.plan(await r.desired('version: 1\nchannels:\n  - { name: Sales, group: users }\n  - { name: Support, group: admin, comment: moved }\n'))).changes).toEqual([]);

    const before = await r.channels();
    const refused = await r.plan(await r.desired('version: 1\nchannels: [{ name: Sales, group: users, availableToPublicUsers: true }]\n')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PlanError);
    expect((refused as PlanError).problems.map((p) => p.code)).toEqual(['no-availability-columns']);
    expect((refused as PlanError).problems[0]?.hint).toMatch(/--availability-columns/);
    expect(await r.channels()).toEqual(before);
  });

  test('availability columns under other names, given as the operator names them', async () => {
    const t = await fresh({ availabilityColumns: ['cust_flag', 'pub_flag'] });
    await t.seed({ channels: [{ name: 'Support', group: 'users', availableToCustomerUsers: true }] });
    const r = reconciler(t);
    const named = { availabilityColumns: ['cust_flag', 'pub_flag'] as const };
    const yaml = 'version: 1\nchannels:\n  - { name: Sales, group: users, availableToPublicUsers: true }\n  - { name: Support, group: users, availableToPublicUsers: true }\n';

    // Without the names the columns are unknown, so true flags cannot be planned.
    await expect(r.plan(await r.desired(yaml))).rejects.toBeInstanceOf(PlanError);

    const { plan } = await r.converge(yaml, named);
    expect(plan.changes.map((c) => c.kind)).toEqual(['create-channel', 'update-channel']);
    expect((await r.channels()).map((c) => [c.name, c.customer, c.public])).toEqual([
      ['Support', false, true],
      ['Sales', false, true],
    ]);
    expect((await r.plan(await r.desired(yaml), named)).changes).toEqual([]);
  });

  test('a NULL comment equals an omitted one, and stays NULL when another field changes', async () => {
    const t = await fresh();
    await t.seed({ channels: [{ name: 'Quiet', group: 'users', comment: null }, { name: 'Moving', group: 'users', comment: null }, { name: 'Empty', group: 'users', comment: '' }] });
    const r = reconciler(t);
    const { plan } = await r.converge("version: 1\nchannels:\n  - { name: Quiet, group: users }\n  - { name: Moving, group: admin }\n  - { name: Empty, group: users, comment: '' }\n");
    expect(plan.changes).toEqual([
      { kind: 'update-channel', id: expect.any(Number), name: 'Moving', fields: [{ field: 'group', old: 'users', new: 'admin', newGroupId: 2 }] },
    ]);
    expect((await r.channels()).map((c) => [c.name, c.group, c.comments])).toEqual([
      ['Quiet', 'users', null],
      ['Moving', 'admin', null],
      ['Empty', 'users', ''],
    ]);
  });

  test('quotes, semicolons, backslashes and Unicode in names and comments are stored exactly', async () => {
    const t = await fresh();
    const r = reconciler(t);
    const fourByte = (await introspect(t.db)).capabilities.supportsFourByteCharacters;
    const texts = [
      [`O'Brien "VIP"; DROP TABLE chat_channel; --`, `it's "quoted"; DELETE FROM valid; -- \\ back\\slash \\\\ double`],
      ['C:\\temp\\ and $1 and ? and %s', 'line one\nline two\twith a tab\r\nand CRLF'],
      ['Ünïcødé – 日本語 – Ελληνικά', 'Straße, façade, naïve — “typographic” ‘quotes’ …'],
      ['`backticks` and [brackets]', "'' doubled '' quotes and $$dollar$$ quoting"],
      ...(fourByte ? [['Chat 💬 with emoji 😀', 'A 🚀 comment 👍🏽 with a ZWJ family 👨‍👩‍👧']] : []),
    ];
    // The longest text the columns hold, in characters (code points), not UTF-16 units.
    const wide = fourByte ? '😀' : 'é';
    texts.push([`${wide.repeat(199)}x`, `${wide.repeat(249)}y`]);
    const yaml = `version: 1\nchannels:\n${texts.map(([name, comment]) => `  - name: ${yamlText(name ?? '')}\n    group: users\n    comment: ${yamlText(comment ?? '')}\n`).join('')}`;

    await r.converge(yaml);
    expect((await r.channels()).map((c) => [c.name, c.comments])).toEqual(texts);
    expect((await r.plan(await r.desired(yaml))).changes).toEqual([]);

    // Updated in place, too: every comment changed (the longest one stays at its limit).
    const changed = texts.map(([name = '', comment = ''], i): [string, string] => [name, i === texts.length - 1 ? `${wide.repeat(249)}z` : `${comment}; '"\\`]);
    const { plan } = await r.converge(`version: 1\nchannels:\n${changed.map(([name, comment]) => `  - name: ${yamlText(name)}\n    group: users\n    comment: ${yamlText(comment)}\n`).join('')}`);
    expect(plan.changes).toHaveLength(texts.length);
    expect((await r.channels()).map((c) => [c.name, c.comments])).toEqual(changed);
  });

  test('a NUL character in a comment: a plan error where the database cannot store it, never a failing apply', async () => {
    const t = await fresh();
    const r = reconciler(t);
    // Names refuse control characters; a comment may hold any, "\0" included.
    const yaml = 'version: 1\nchannels: [{ name: Sales, group: users, comment: "a\\0b" }]\n';
    const desired = await r.desired(yaml);
    if (t.database.dialect !== 'postgres') {
      await r.converge(yaml);
      expect((await r.channels()).map((c) => c.comments)).toEqual(['a\0b']);
      return;
    }
    const err = await r.plan(desired).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanError);
    expect((err as PlanError).problems.map((p) => [p.code, p.message])).toEqual([
      ['nul-character', 'channel "Sales": PostgreSQL cannot store the character U+0000 (NUL) in its comment'],
    ]);
  });
});

/** The config of the "each field" test after its apply: planning it again must find nothing. */
const plannedAgain = `version: 1
channels:
  - { name: Contract support, group: users, comment: same }
  - { name: Group, group: support, comment: same }
  - { name: Customer, group: users, comment: same, availableToCustomerUsers: true }
  - { name: Public, group: users, comment: same }
  - { name: Valid, group: users, comment: same, valid: invalid }
  - { name: Comment, group: users, comment: new text }
  - { name: All of it, group: support, availableToPublicUsers: true, valid: invalid-temporarily, comment: new }
  - { name: Untouched, group: users, comment: same }
`;
