import { expect, test } from 'vitest';
import { StalePlanError } from '../../src/db/apply.js';
import { RefusedError } from '../../src/errors.js';
import type { StateChange } from '../../src/plan/state-changes.js';
import { parsePlanJson, renderJson } from '../../src/render/json.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { reconciler, rejection, snapshot, type Reconciler } from './reconcile.js';


/** Issue 9: `apply --plan` applies exactly the reviewed plan, or refuses a stale one and says what moved. */
describeDatabases('apply: a saved plan', ({ fresh }) => {
  const shop = async (): Promise<{ t: TestDatabase; r: Reconciler }> => {
    const t = await fresh();
    await t.seed({
      groups: [{ name: 'support' }],
      users: [{ login: 'jane.admin' }],
      channels: [
        { name: 'Support', group: 'users', comment: 'old' },
        { name: 'Legacy', group: 'users' },
        { name: 'Sales', group: 'users' },
      ],
      settings: { 'ChatEngine::DefaultAgentName': { systemWide: ['--- Old Name\n'] } },
    });
    return { t, r: reconciler(t) };
  };
  const config = `version: 1
settings:
  ChatEngine::DefaultAgentName: New Name
  ChatEngine::ChatTTL: 13
channels:
  - { name: Contract support, previousNames: [Support], group: support, comment: new }
  - { name: Sales, group: users }
  - { name: Boom, group: users, availableToCustomerUsers: true }
`;

  /** The saved plan as `plan --out` writes it and `apply --plan` reads it back. */
  const savedThroughJson = async (r: Reconciler, yaml = config) => parsePlanJson(renderJson(await r.saved(await r.desired(yaml))));

  /** An edit made in OTRS's admin UI by `login`, stamped as OTRS stamps it. */
  const editAs = async (t: TestDatabase, r: Reconciler, login: string, sql: string, params: unknown[] = []): Promise<void> => {
    const id = await r.userId(login);
    await t.rows(sql.replace('$BY', String(id)), params);
  };

  test('applies exactly the saved changes; a following plan is empty', async () => {
    const { r } = await shop();
    const saved = await savedThroughJson(r);
    expect(saved.plan.changes.map((c) => c.kind)).toEqual(['create-channel', 'update-channel', 'invalidate-channel', 'update-setting', 'update-setting']);

    const result = await r.applySaved(saved);
    expect(result.plan).toStrictEqual(saved.plan);
    expect((await r.plan(await r.desired(config))).changes).toEqual([]);
    expect((await r.channel('Contract support')).comments).toBe('new');
    expect((await r.channel('Legacy')).valid).toBe('invalid');
  });

  test('a channel changed by hand since the plan: refused, the change named with the agent, nothing written', async () => {
    const { t, r } = await shop();
    const saved = await savedThroughJson(r);
    await editAs(t, r, 'jane.admin', `UPDATE ${r.q('chat_channel')} SET comments = ${r.p(1)}, change_by = $BY WHERE name = ${r.p(2)}`, ['edited in OTRS', 'Sales']);
    const before = await snapshot(r);

    const err = await rejection(r.applySaved(saved));
    expect(err).toBeInstanceOf(StalePlanError);
    const changes = (err as StalePlanError).changes;
    expect(changes).toEqual([
      expect.objectContaining({ subject: 'channel', change: 'changed', name: 'Sales', fields: [{ field: 'comment', old: '""', new: '"edited in OTRS"' }], lastChange: expect.objectContaining({ by: 'jane.admin' }) }),
    ]);
    expect((err as Error).message).toMatch(/~ channel "Sales" \(id 3\): comment "" → "edited in OTRS" \(changed by jane\.admin at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)\nRun plan again/);
    expect(await snapshot(r)).toEqual(before);
  });

  test('a channel added by hand since the plan: refused and named', async () => {
    const { t, r } = await shop();
    const saved = await savedThroughJson(r);
    await t.seed({ channels: [{ name: 'Walk-in', group: 'support' }] });
    await editAs(t, r, 'jane.admin', `UPDATE ${r.q('chat_channel')} SET change_by = $BY WHERE name = ${r.p(1)}`, ['Walk-in']);
    const before = await snapshot(r);

    const err = await rejection(r.applySaved(saved));
    expect(err).toBeInstanceOf(StalePlanError);
    expect((err as StalePlanError).changes).toEqual([expect.objectContaining<Partial<StateChange>>({ subject: 'channel', change: 'added', name: 'Walk-in' })]);
    expect((err as Error).message).toContain('+ channel "Walk-in" (id 4) was added (added by jane.admin at ');
    expect(await snapshot(r)).toEqual(before);
  });

  test('a channel invalidated by hand since the plan: refused and named', async () => {
    const { t, r } = await shop();
    const saved = await savedThroughJson(r);
    const [invalid] = await t.rows<{ id: unknown }>(`SELECT id FROM ${r.q('valid')} WHERE name = 'invalid'`);
    await editAs(t, r, 'jane.admin', `UPDATE ${r.q('chat_channel')} SET valid_id = ${r.p(1)}, change_by = $BY WHERE name = ${r.p(2)}`, [Number(invalid?.id), 'Sales']);
    const before = await snapshot(r);

    const err = await rejection(r.applySaved(saved));
    expect(err).toBeInstanceOf(StalePlanError);
    expect((err as Error).message).toContain('~ channel "Sales" (id 3): valid valid → invalid (changed by jane.admin at ');
    expect(await snapshot(r)).toEqual(before);
  });

  test('a setting changed by hand since the plan: refused, old and new value named', async () => {
    const { t, r } = await shop();
    const saved = await savedThroughJson(r);
    await editAs(t, r, 'jane.admin', `UPDATE ${r.q('sysconfig_modified')} SET effective_value = ${r.p(1)}, change_by = $BY WHERE name = ${r.p(2)}`, ['--- Someone Else\n', 'ChatEngine::DefaultAgentName']);

    const err = await rejection(r.applySaved(saved));
    expect(err).toBeInstanceOf(StalePlanError);
    expect((err as Error).message).toContain('~ setting ChatEngine::DefaultAgentName: value "Old Name" → "Someone Else" (changed by jane.admin at ');
  });

  test('a guard-exceeding saved plan needs allowMassInvalidation, exactly as apply does', async () => {
    const t = await fresh();
    const names = Array.from({ length: 8 }, (_, i) => `Channel ${i + 1}`);
    await t.seed({ channels: names.map((name) => ({ name, group: 'users' })) });
    const r = reconciler(t);
    const yaml = `version: 1\nchannels:\n${names.slice(0, 5).map((name) => `  - { name: ${name}, group: users }\n`).join('')}`;
    const saved = await savedThroughJson(r, yaml);
    expect(saved.plan.guard).toMatchObject({ validNow: 8, invalidating: 3, exceeded: true });
    const before = await snapshot(r);

    const refused = await rejection(r.applySaved(saved));
    expect(refused).toBeInstanceOf(RefusedError);
    expect(refused).toMatchObject({ code: 'mass-invalidation' });
    expect(await snapshot(r)).toEqual(before);

    await r.applySaved(saved, { allowMassInvalidation: true });
    expect((await r.channels()).filter((c) => c.valid === 'invalid')).toHaveLength(3);
  });

  test('the same saved plan cannot be applied twice: the second time it is stale', async () => {
    const { r } = await shop();
    const saved = await savedThroughJson(r);
    await r.applySaved(saved);
    const before = await snapshot(r);
    const err = await rejection(r.applySaved(saved));
    expect(err).toBeInstanceOf(StalePlanError);
    expect(await snapshot(r)).toEqual(before);
  });
});
