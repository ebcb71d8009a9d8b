import { expect, test } from 'vitest';
import { describeDatabases } from './harness.js';
import { reconciler } from './reconcile.js';

/**
 * docs/design.md §8: reading is a fixed number of queries and writing a few batched statements,
 * whatever the number of channels. One apply of each size creates, updates and invalidates
 * `size` channels (and changes two settings); the statements sent must not depend on `size`.
 */
describeDatabases('statement count', ({ fresh }) => {
  const measure = async (size: number): Promise<{ plan: number; apply: number }> => {
    const t = await fresh();
    const range = Array.from({ length: size }, (_, i) => i);
    await t.seed({
      channels: [
        ...range.map((i) => ({ name: `Kept ${i}`, group: 'users', comment: 'old' })),
        ...range.map((i) => ({ name: `Retired ${i}`, group: 'users' })),
      ],
      settings: { 'ChatEngine::ChatTTL': { systemWide: ["--- '48'\n"] } },
    });
    const r = reconciler(t);
    const channels = [...range.map((i) => `  - { name: Kept ${i}, group: admin, comment: new }\n`), ...range.map((i) => `  - { name: New ${i}, group: users }\n`)];
    const desired = await r.desired(`version: 1\nsettings:\n  ChatEngine::ChatTTL: 24\n  ChatEngine::DefaultAgentName: Team\nchannels:\n${channels.join('')}`);

    const before = t.db.statementCount;
    const plan = await r.plan(desired);
    const planned = t.db.statementCount - before;
    expect(plan.changes).toHaveLength(3 * size + 2);

    const result = await r.apply(desired, plan, { allowMassInvalidation: true });
    const rows = await r.channels();
    expect(rows).toHaveLength(3 * size);
    expect(rows.filter((c) => c.valid === 'invalid')).toHaveLength(size);
    expect(rows.filter((c) => c.comments === 'new' && c.group === 'admin')).toHaveLength(size);
    expect((await r.plan(desired)).changes).toEqual([]);
    return { plan: planned, apply: result.statements };
  };

  test('plan and apply send as many statements for 1,000 channels as for 10', async () => {
    const few = await measure(10);
    const many = await measure(1000);
    expect(many).toEqual(few);
    // A handful: the lock, the reads of one plan, the user, four batches, the transaction itself.
    expect(few.plan).toBeLessThanOrEqual(6);
    expect(few.apply).toBeLessThanOrEqual(20);
  });
});
