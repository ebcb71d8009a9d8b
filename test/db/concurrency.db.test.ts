import { describe, expect, test } from 'vitest';
import { PlanChangedError } from '../../src/db/apply.js';
import type { Db } from '../../src/db/db.js';
import { writeDialectFor } from '../../src/db/dialects/index.js';
import { LockTimeoutError } from '../../src/errors.js';
import type { Plan } from '../../src/plan/plan.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { lockWaiters } from './server-sessions.js';
import { reconciler, type Reconciler } from './reconcile.js';

/** A transaction kept open on `db` until `end()`: what a slow apply or an OTRS admin holds. */
interface OpenTransaction {
  /** Resolves once `work` has run inside the transaction. */
  readonly ready: Promise<void>;
  /** Commits, and waits for it. */
  end(): Promise<void>;
}

function openTransaction(db: Db, work: (tx: Db) => Promise<unknown>): OpenTransaction {
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  let signalReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (signalReady = resolve));
  const done = db.transaction(async (tx) => {
    await work(tx);
    signalReady();
    await finished;
  });
  return {
    ready: Promise.race([ready, done]),
    async end() {
      finish();
      await done;
    },
  };
}

async function another(t: TestDatabase): Promise<Db> {
  const db = await t.connectAgain();
  if (!db) throw new Error('this database has one session only');
  return db;
}

/**
 * Issues 3 and 4: concurrent applies are serialised by the apply lock and re-plan under it.
 * They need a second connection to the same database, which PGlite (one in-process session)
 * does not have: these run on server databases only.
 */
describeDatabases('apply: concurrency', ({ fresh }) => {
  describe('two sessions at once (servers only: PGlite is a single in-process session)', () => {
    test('a second apply waits for the lock; with a short lock timeout it gives up, writing nothing', async () => {
      const t = await fresh();
      const r = reconciler(t);
      const [holderDb, observer] = [await another(t), await another(t)];
      const holder = openTransaction(holderDb, (tx) => writeDialectFor(tx.dialect).acquireApplyLock(tx, 5_000));
      await holder.ready;
      try {
        const desired = await r.desired('version: 1\nchannels: [{ name: Sales, group: users }]\n');
        const plan = await r.plan(desired);
        // It waits: the server shows its session waiting for the apply lock, until it gives up.
        const waiting = r.apply(desired, plan, { lockTimeoutMs: 2_000 }).catch((e: unknown) => e);
        await lockWaiters(observer, 1, 'apply-lock');
        const err = await waiting;
        expect(err).toBeInstanceOf(LockTimeoutError);
        expect((err as Error).message).toBe(
          'another apply is running on this database; waited 2 s for its lock (--lock-timeout). Try again when it has finished.',
        );
        expect(await r.channels()).toEqual([]);
      } finally {
        await holder.end();
        await writeDialectFor(holderDb.dialect).releaseApplyLock(holderDb);
      }
    });

    test('a waiting apply re-plans after the first commits: its confirmed plan is stale, no duplicate rows', async () => {
      const t = await fresh();
      await t.seed({ channels: [{ name: 'Support', group: 'users', comment: 'old' }] });
      const r = reconciler(t);
      const [first, second, admin, observer] = [t.db, await another(t), await another(t), await another(t)];
      const desired = await r.desired('version: 1\nchannels:\n  - { name: Support, group: users, comment: new }\n  - { name: Sales, group: users }\n');
      const [planA, planB] = [await r.plan(desired, {}, first), await r.plan(desired, {}, second)];
      expect(planB.changes).toEqual(planA.changes);

      // An OTRS admin holds the Support row, so the first apply stops, lock in hand, at its update.
      const row = openTransaction(admin, (tx) => tx.query(`SELECT id FROM ${r.q('chat_channel')} WHERE name = 'Support' FOR UPDATE`));
      await row.ready;
      const applyA = r.apply(desired, planA, {}, first);
      await lockWaiters(observer, 1);
      const applyB = r.apply(desired, planB, { lockTimeoutMs: 20_000 }, second).catch((e: unknown) => e);
      await lockWaiters(observer, 2);
      await row.end();

      expect((await applyA).plan.changes).toEqual(planA.changes);
      const stale = await applyB;
      expect(stale).toBeInstanceOf(PlanChangedError);
      expect((stale as PlanChangedError).current.changes).toEqual([]);
      expect((await r.channels()).map((c) => [c.name, c.comments])).toEqual([
        ['Support', 'new'],
        ['Sales', ''],
      ]);
    });

    /**
     * Both applies confirmed "insert the system-wide row"; the loser must see the winner's row
     * once it has the lock, or it inserts a second one — which the unique key does not stop.
     */
    const settingsRace = async (t: TestDatabase, r: Reconciler, secondSession: Db, value: number): Promise<void> => {
      const [admin, observer] = [await another(t), await another(t)];
      const desired = await r.desired(`version: 1\nsettings:\n  ChatEngine::ChatTTL: ${value}\n  ChatEngine::DefaultAgentName: Team ${value}\n`);
      const [planA, planB] = [await r.plan(desired), await r.plan(desired, {}, secondSession)];
      // Holding the setting's sysconfig_default row stops the first apply's insert (its foreign key check) with the lock in hand.
      const hold = openTransaction(admin, (tx) => tx.query(`SELECT id FROM ${r.q('sysconfig_default')} WHERE name = 'ChatEngine::ChatTTL' FOR UPDATE`));
      await hold.ready;
      const applyA = r.apply(desired, planA);
      await lockWaiters(observer, 1);
      const applyB = r.apply(desired, planB, { lockTimeoutMs: 20_000 }, secondSession).catch((e: unknown) => e);
      await lockWaiters(observer, 2);
      await hold.end();
      await applyA;
      const second = await applyB;
      if (second instanceof Error) expect(second).toBeInstanceOf(PlanChangedError);
      for (const name of ['ChatEngine::ChatTTL', 'ChatEngine::DefaultAgentName']) {
        expect((await r.settingRows(name)).filter((row) => row.user_id === null), name).toHaveLength(1);
      }
    };

    test('concurrent settings applies leave exactly one system-wide row per setting', async () => {
      const t = await fresh();
      const r = reconciler(t);
      await settingsRace(t, r, await another(t), 48);
    });

    test('concurrent settings applies, when the server runs transactions in repeatable read by default', async () => {
      const t = await fresh();
      const r = reconciler(t);
      const second = await another(t);
      // A server (or role) may default to a stricter isolation (InnoDB does); a snapshot taken before the lock would hide the winner's row.
      await second.query(second.dialect === 'postgres' ? "SET default_transaction_isolation = 'repeatable read'" : 'SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      await settingsRace(t, r, second, 48);
    });

    test('applies racing freely: every loser refused as stale, one row each, no duplicate channels', async () => {
      const t = await fresh();
      const r = reconciler(t);
      const sessions = [t.db, await another(t), await another(t)];
      for (const round of [1, 2, 3]) {
        const desired = await r.desired(`version: 1\nsettings:\n  ChatEngine::ChatTTL: ${round}\nchannels: [{ name: Sales, group: users, comment: round ${round} }]\n`);
        const plans = await Promise.all(sessions.map((db) => r.plan(desired, {}, db)));
        const outcomes = await Promise.allSettled(sessions.map((db, i) => r.apply(desired, plans[i] as Plan, { lockTimeoutMs: 20_000 }, db)));
        expect(outcomes.filter((o) => o.status === 'fulfilled').length).toBeGreaterThanOrEqual(1);
        for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(PlanChangedError);
        expect((await r.channels()).map((c) => [c.name, c.comments])).toEqual([['Sales', `round ${round}`]]);
        expect((await r.settingRows('ChatEngine::ChatTTL')).map((row) => row.effective_value)).toEqual([`--- '${round}'\n`]);
      }
    });
  });
}, { on: ['postgres', 'mariadb'] });
