import { expect, test } from 'vitest';
import { withPermissionWarnings } from '../../src/cli/who-can-chat.js';
import { dialectFor } from '../../src/db/dialects/index.js';
import { introspect, readNameKeys } from '../../src/db/introspect.js';
import { diffStates } from '../../src/plan/diff.js';
import { isPermissionWarning } from '../../src/plan/permission-checks.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { reconciler } from './reconcile.js';

/**
 * docs/design.md §8 with issue 12: `plan` with the check of who can chat still sends a fixed
 * number of statements, whatever the number of channels, groups and agents. Each size has one
 * group, one agent and one channel open to customers per index; every other agent can read its
 * group, so half of the channels can never be answered — the check has real work to do.
 */
describeDatabases('statement count of the check of who can chat', ({ fresh }) => {
  /** One group_user row (`ro`) per pair of login and group name. */
  async function grantReaders(t: TestDatabase, pairs: readonly (readonly [string, string])[]): Promise<void> {
    const q = dialectFor(t.db.dialect).quoteIdentifier;
    for (const [login, group] of pairs) {
      await t.rows(
        `INSERT INTO group_user (user_id, group_id, permission_key, create_time, create_by, change_time, change_by) ` +
          `SELECT u.id, g.id, 'ro', current_timestamp, 1, current_timestamp, 1 FROM ${q('users')} u, ${q(t.layout.groupTable)} g WHERE u.login = $1 AND g.name = $2`,
        [login, group],
      );
    }
  }

  const measure = async (size: number): Promise<{ plan: number; check: number; warnings: number }> => {
    const t = await fresh();
    const range = Array.from({ length: size }, (_, i) => i);
    await t.seed({
      groups: range.map((i) => ({ name: `team ${i}` })),
      users: range.map((i) => ({ login: `agent${i}` })),
      channels: range.map((i) => ({ name: `Desk ${i}`, group: `team ${i}`, availableToCustomerUsers: true })),
    });
    await grantReaders(t, range.filter((i) => i % 2 === 0).map((i) => [`agent${i}`, `team ${i}`] as const));
    const r = reconciler(t);
    const desired = await r.desired(
      `version: 1\nsettings:\n  ChatEngine::Active: true\nchannels:\n${range.map((i) => `  - { name: Desk ${i}, group: team ${i}, availableToCustomerUsers: true, comment: Desk ${i}. }\n`).join('')}`,
    );

    const before = t.db.statementCount;
    const actual = await introspect(t.db);
    const diffed = diffStates(desired, actual, { nameKeys: await readNameKeys(t.db, actual, desired) });
    const planned = t.db.statementCount;
    const plan = await withPermissionWarnings(t.db, desired, actual, diffed);
    const checked = t.db.statementCount;
    const found = plan.warnings.filter(isPermissionWarning);
    expect(new Set(found.map((w) => w.code))).toEqual(new Set(['unanswerable-channel', 'channel-without-receiving-agent']));
    return { plan: planned - before, check: checked - planned, warnings: found.length };
  };

  test('plan and the check send as many statements for 300 channels, groups and agents as for 10', async () => {
    const few = await measure(10);
    const many = await measure(300);
    // Odd teams: nobody reads them; even teams: their agent reads them but receives no chats (users).
    expect(few.warnings).toBe(10);
    expect(many.warnings).toBe(300);
    expect({ plan: many.plan, check: many.check }).toEqual({ plan: few.plan, check: few.check });
    expect(few.check).toBeGreaterThan(0);
    expect(few.check).toBeLessThanOrEqual(3);
  });
});
