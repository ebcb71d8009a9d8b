import fc from 'fast-check';
import { expect, test } from 'vitest';
import { PlanChangedError } from '../../src/db/apply.js';
import { DatabaseError, PlanError, RefusedError } from '../../src/errors.js';
import { parsePlanJson, renderJson } from '../../src/render/json.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { reconciler, rejection, snapshot, type Reconciler } from './reconcile.js';


/** Issue 3: all or nothing — failures, refusals and a moving database never leave half an apply behind. */
describeDatabases('apply: safety', ({ fresh }) => {
  const shop = async (): Promise<{ t: TestDatabase; r: Reconciler }> => {
    const t = await fresh();
    await t.seed({
      groups: [{ name: 'support' }],
      channels: [
        { name: 'Support', group: 'users', comment: 'old' },
        { name: 'Legacy', group: 'users' },
      ],
      settings: { 'ChatEngine::DefaultAgentName': { systemWide: ['--- Old Name\n'] } },
    });
    return { t, r: reconciler(t) };
  };
  const changeEverything = `version: 1
settings:
  ChatEngine::DefaultAgentName: New Name
  ChatEngine::ChatTTL: 13
channels:
  - { name: Contract support, previousNames: [Support], group: support, comment: new }
  - { name: Boom, group: users }
`;

  test('a statement failing midway rolls back the earlier ones, naming the failing step', async () => {
    const { t, r } = await shop();
    // The rename and the invalidation go first; the insert of "Boom" then fails.
    await t.rows(`ALTER TABLE ${r.q('chat_channel')} ADD CONSTRAINT no_boom CHECK (name <> 'Boom')`);
    const before = await snapshot(r);
    const desired = await r.desired(changeEverything);
    const plan = await r.plan(desired);
    expect(plan.changes.map((c) => c.kind)).toEqual(['create-channel', 'update-channel', 'invalidate-channel', 'update-setting', 'update-setting']);

    const err = await rejection(r.apply(desired, plan));
    expect(err).toBeInstanceOf(DatabaseError);
    expect(err).toMatchObject({ step: 'creating channels' });
    expect((err as Error).message).toMatch(/^creating channels failed: .*no_boom.*\. The transaction was rolled back; nothing was changed\.$/s);
    expect(await snapshot(r)).toEqual(before);
  });

  test('a failure in the last step (the settings) still rolls back every channel change', async () => {
    const { t, r } = await shop();
    await t.rows(`ALTER TABLE ${r.q('sysconfig_modified')} ADD CONSTRAINT no_thirteen CHECK (effective_value NOT LIKE '%13%')`);
    const before = await snapshot(r);
    const desired = await r.desired(changeEverything);
    const err = await rejection(r.apply(desired, await r.plan(desired)));
    expect(err).toMatchObject({ step: 'inserting settings' });
    expect((err as Error).message).toMatch(/^inserting settings failed: .*no_thirteen/s);
    expect(await snapshot(r)).toEqual(before);
    // Nothing half-done blocks the next apply once the cause is gone.
    await t.rows(`ALTER TABLE ${r.q('sysconfig_modified')} DROP CONSTRAINT no_thirteen`);
    await r.converge(changeEverything);
    expect((await r.plan(desired)).changes).toEqual([]);
  });

  test('an unknown --as login or an invalid agent is refused, and nothing is written', async () => {
    const { t, r } = await shop();
    await t.seed({ users: [{ login: 'gone@example', valid: 'invalid' }] });
    const before = await snapshot(r);
    const desired = await r.desired(changeEverything);
    const plan = await r.plan(desired);

    const unknown = await rejection(r.apply(desired, plan, { as: 'nobody@example' }));
    expect(unknown).toBeInstanceOf(RefusedError);
    expect(unknown).toMatchObject({ code: 'unknown-user', message: expect.stringMatching(/no OTRS agent with login "nobody@example" \(--as\)/) });

    const invalid = await rejection(r.apply(desired, plan, { as: 'gone@example' }));
    expect(invalid).toMatchObject({ code: 'invalid-user', message: expect.stringMatching(/"gone@example" \(--as\) is not valid/) });
    expect(await snapshot(r)).toEqual(before);
  });

  test('the database changing between plan and apply: PlanChangedError with the new plan, nothing written', async () => {
    const { t, r } = await shop();
    const desired = await r.desired(changeEverything);
    const confirmed = await r.plan(desired);
    // Someone edits OTRS in the meantime: the rename's row gets another comment.
    await t.rows(`UPDATE ${r.q('chat_channel')} SET comments = 'edited in OTRS' WHERE name = 'Support'`);
    const before = await snapshot(r);

    const err = await rejection(r.apply(desired, confirmed));
    expect(err).toBeInstanceOf(PlanChangedError);
    const current = (err as PlanChangedError).current;
    expect(current.changes).not.toEqual(confirmed.changes);
    expect(current.changes.find((c) => c.kind === 'update-channel')).toMatchObject({ fields: expect.arrayContaining([{ field: 'comment', old: 'edited in OTRS', new: 'new' }]) });
    expect(await snapshot(r)).toEqual(before);

    // The new plan, confirmed, applies.
    await r.apply(desired, current);
    expect((await r.plan(desired)).changes).toEqual([]);
  });

  test('a plan saved as JSON (plan --out) and read back applies when the database has not moved', async () => {
    const { t, r } = await shop();
    // An unreadable stored value puts the optional `oldUnreadable` into the saved change.
    await t.seed({ settings: { 'ChatEngine::ChatDecayTime': { systemWide: ["--- 'soon'\n"] } } });
    const yaml = changeEverything.replace('settings:\n', 'settings:\n  ChatEngine::ChatDecayTime: 30\n');
    const desired = await r.desired(yaml);
    const saved = parsePlanJson(renderJson(await r.saved(desired))).plan;
    expect(saved.changes.find((c) => c.kind === 'update-setting' && c.oldUnreadable !== undefined)).toBeDefined();

    const result = await r.apply(desired, saved);
    expect(result.plan.changes).toEqual(saved.changes);
    expect((await r.plan(desired)).changes).toEqual([]);
  });

  test('a change the plan did not see that makes it impossible: the plan error, nothing written', async () => {
    const { t, r } = await shop();
    const desired = await r.desired(changeEverything);
    const confirmed = await r.plan(desired);
    // A channel under the new name appears: the rename would now merge two channels.
    await t.seed({ channels: [{ name: 'Contract support', group: 'users' }] });
    const before = await snapshot(r);
    const err = await rejection(r.apply(desired, confirmed));
    expect(err).toBeInstanceOf(PlanError);
    expect((err as PlanError).problems.map((p) => p.code)).toEqual(['rename-merge']);
    expect(await snapshot(r)).toEqual(before);
  });

  test('the mass-invalidation guard refuses in applyConfig unless allowMassInvalidation', async () => {
    const t = await fresh();
    const names = Array.from({ length: 8 }, (_, i) => `Channel ${i + 1}`);
    await t.seed({ channels: names.map((name) => ({ name, group: 'users' })) });
    const r = reconciler(t);
    const keep = (n: number, extra = ''): string => `version: 1\n${extra}channels:\n${names.slice(0, n).map((name) => `  - { name: ${name}, group: users }\n`).join('')}`;
    const before = await snapshot(r);

    // 3 of 8 (37.5 %) pruned; 2 of 8 (25 %) is still allowed.
    const pruned = await r.desired(keep(5));
    const plan = await r.plan(pruned);
    expect(plan.guard).toMatchObject({ validNow: 8, invalidating: 3, maxPercent: 25, exceeded: true });
    const refused = await rejection(r.apply(pruned, plan));
    expect(refused).toBeInstanceOf(RefusedError);
    expect(refused).toMatchObject({ code: 'mass-invalidation', message: expect.stringMatching(/refusing to invalidate 3 of 8 valid channels.*--allow-mass-invalidation/) });
    expect(await snapshot(r)).toEqual(before);

    // Explicit `valid: invalid` counts the same as pruning.
    const explicit = await r.desired(`version: 1\nchannels:\n${names.map((name, i) => `  - { name: ${name}, group: users${i < 3 ? ', valid: invalid' : ''} }\n`).join('')}`);
    const explicitPlan = await r.plan(explicit);
    expect(explicitPlan.guard).toMatchObject({ invalidating: 3, exceeded: true });
    await expect(r.apply(explicit, explicitPlan)).rejects.toMatchObject({ code: 'mass-invalidation' });

    // A plan confirmed under a raised limit is still refused when apply runs without it.
    const raised = await r.plan(pruned, { diff: { maxInvalidatePercent: 50 } });
    expect(raised.guard.exceeded).toBe(false);
    await expect(r.apply(pruned, raised)).rejects.toMatchObject({ code: 'mass-invalidation' });
    expect(await snapshot(r)).toEqual(before);

    // The knobs: the config's threshold, and the override.
    const fromConfig = await r.desired(keep(5, 'reconcile: { maxInvalidatePercent: 40 }\n'));
    expect((await r.plan(fromConfig)).guard).toMatchObject({ maxPercent: 40, maxPercentSource: 'config', exceeded: false });
    await r.apply(pruned, plan, { allowMassInvalidation: true });
    expect((await r.channels()).map((c) => c.valid)).toEqual([...Array<string>(5).fill('valid'), ...Array<string>(3).fill('invalid')]);
  });

  test('the channel count never decreases across a sequence of applies of random configs', async () => {
    const bases = ['Sales', 'Support', 'Billing', 'Default channel', 'Events', 'Partners'];
    const spec = fc.record({
      form: fc.constantFrom('absent', 'same', 'renamed', 'renamed back'),
      group: fc.constantFrom('users', 'admin', 'stats'),
      valid: fc.constantFrom('valid', 'invalid', 'invalid-temporarily'),
      comment: fc.option(fc.constantFrom('a', 'b', "it's; \\ 'quoted'"), { nil: undefined }),
    });
    const config = fc.record({
      channels: fc.array(spec, { minLength: bases.length, maxLength: bases.length }),
      removed: fc.constantFrom('invalid', 'invalid-temporarily', 'keep'),
    });
    const toYaml = (c: { channels: { form: string; group: string; valid: string; comment: string | undefined }[]; removed: string }): string => {
      const lines = c.channels.flatMap((ch, i) => {
        const base = bases[i] ?? '';
        if (ch.form === 'absent') return [];
        const [name, previous] =
          ch.form === 'same' ? [base, []] : ch.form === 'renamed' ? [`${base} v2`, [base]] : [base, [`${base} v2`]];
        const comment = ch.comment === undefined ? '' : `, comment: ${JSON.stringify(ch.comment)}`;
        return [`  - { name: ${JSON.stringify(name)}, previousNames: ${JSON.stringify(previous)}, group: ${ch.group}, valid: ${ch.valid}${comment} }\n`];
      });
      return `version: 1\nreconcile: { removedChannels: ${c.removed} }\nchannels:${lines.length > 0 ? `\n${lines.join('')}` : ' []\n'}`;
    };

    await fc.assert(
      fc.asyncProperty(fc.array(config, { minLength: 4, maxLength: 4 }), async (configs) => {
        const t = await fresh();
        const r = reconciler(t);
        let previous = await r.channels();
        for (const c of configs) {
          const yaml = toYaml(c);
          const outcome = await r.converge(yaml, { allowMassInvalidation: true }).catch((err: unknown) => err);
          const now = await r.channels();
          if (outcome instanceof PlanError) {
            // Renames never merge: a plan error, and nothing written.
            expect(outcome.problems.every((p) => p.code === 'rename-merge')).toBe(true);
            expect(now).toEqual(previous);
            continue;
          }
          if (outcome instanceof Error) throw outcome;
          expect(now.length).toBeGreaterThanOrEqual(previous.length);
          const ids = new Set(now.map((row) => row.id));
          expect(previous.every((row) => ids.has(row.id))).toBe(true);
          expect((await r.plan(await r.desired(yaml))).changes).toEqual([]);
          previous = now;
        }
      }),
      { numRuns: 4, seed: 20240531, endOnFailure: true },
    );
  });
});
