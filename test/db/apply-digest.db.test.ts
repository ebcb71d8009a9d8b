import { expect, test } from 'vitest';
import { PlanChangedError } from '../../src/db/apply.js';
import { PlanError, RefusedError } from '../../src/errors.js';
import type { Db } from '../../src/db/db.js';
import { dialectFor } from '../../src/db/dialects/index.js';
import { STANDARD_AVAILABILITY_COLUMNS } from '../../src/db/schema-layout.js';
import { findUser, readConfirmableState, readNameKeys, readStateCheck, type ConfirmableState } from '../../src/db/introspect.js';
import type { DesiredState } from '../../src/model/desired-state.js';
import { diffStates } from '../../src/plan/diff.js';
import type { Plan } from '../../src/plan/plan.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { reconciler, rejection, snapshot } from './reconcile.js';

/**
 * docs/design.md §6: an apply whose plan was read with the state digest checks, under the lock,
 * the digest (one statement) instead of reading every row again. Any change of what the planner
 * reads must change the digest; a change of a channel it does not read (who, when) must not.
 */

/** `db`, recording the SQL of every statement sent through it or its transactions. */
function recording(db: Db): { db: Db; sent: string[] } {
  const sent: string[] = [];
  const wrap = (inner: Db, outer?: Db): Db => ({
    dialect: inner.dialect,
    description: inner.description,
    get statementCount() {
      return inner.statementCount;
    },
    query: (sql, params) => {
      sent.push(sql);
      return inner.query(sql, params);
    },
    transaction: (fn, options) => (outer ?? inner).transaction((tx) => fn(wrap(tx)), options),
    close: () => inner.close(),
  });
  return { db: wrap(db), sent };
}

/**
 * `db`, whose transactions let another session act once, just before the first statement that
 * `when` picks is sent: what another writer may do between two reads of one snapshot.
 */
function another(db: Db, when: (sql: string) => boolean, act: () => Promise<unknown>): { db: Db; done: () => boolean } {
  let done = false;
  const spied = (tx: Db): Db => ({
    ...tx,
    dialect: tx.dialect,
    description: tx.description,
    statementCount: tx.statementCount,
    query: async (sql, params) => {
      if (!done && when(sql)) {
        done = true;
        await act();
      }
      return tx.query(sql, params);
    },
  });
  const wrapped: Db = {
    ...db,
    dialect: db.dialect,
    description: db.description,
    statementCount: db.statementCount,
    query: (sql, params) => db.query(sql, params),
    transaction: (fn, options) => db.transaction((tx) => fn(spied(tx)), options),
  };
  return { db: wrapped, done: () => done };
}

const CONFIG = `version: 1
channels:
  - { name: Sales, group: users, comment: first, availableToCustomerUsers: true }
  - { name: Support, group: users, comment: second }
  - { name: Billing, group: admin }
`;

describeDatabases('apply checked by the state digest', ({ fresh }) => {
  const arrange = async (): Promise<{ t: TestDatabase; desired: DesiredState; r: ReturnType<typeof reconciler> }> => {
    const t = await fresh();
    await t.seed({
      channels: [
        { name: 'Sales', group: 'users', comment: 'old', availableToCustomerUsers: true },
        { name: 'Support', group: 'users', comment: 'second' },
        { name: 'Billing', group: 'admin', comment: null },
      ],
    });
    const r = reconciler(t);
    return { t, desired: await r.desired(CONFIG), r };
  };
  const confirm = async (db: Db, desired: DesiredState): Promise<{ confirmable: ConfirmableState; plan: Plan }> => {
    const confirmable = await readConfirmableState(db);
    const plan = diffStates(desired, confirmable.actual, { nameKeys: await readNameKeys(db, confirmable.actual, desired) });
    return { confirmable, plan };
  };

  test('an unchanged database is checked by its digest: the channel rows are not read again', async () => {
    const { t, desired, r } = await arrange();
    const { confirmable, plan } = await confirm(t.db, desired);
    expect(plan.changes.map((c) => c.kind)).toEqual(['update-channel']);

    const watched = recording(t.db);
    const result = await r.apply(desired, plan, { confirmedState: confirmable }, watched.db);
    expect(result.checkedBy).toBe('digest');
    const caps = confirmable.actual.capabilities;
    const channelReads = [true, false].map((stamps) => dialectFor(t.db.dialect).channelsQuery(caps.availabilityColumns, stamps).sql);
    expect(watched.sent.length).toBeGreaterThan(0);
    expect(watched.sent.filter((sql) => channelReads.includes(sql))).toEqual([]);
    expect((await r.channel('Sales')).comments).toBe('first');
    expect((await r.plan(desired)).changes).toEqual([]);
  });

  test('the check under the lock is ONE statement: the small reads are in the digest, not sent again', async () => {
    const { t, desired, r } = await arrange();
    const { confirmable, plan } = await confirm(t.db, desired);
    const dialect = dialectFor(t.db.dialect);
    const caps = confirmable.actual.capabilities;
    const smallReads = [dialect.validQuery().sql, dialect.groupsQuery(caps.groupTable).sql, dialect.settingsQuery(['ChatEngine::Active']).sql.split(' WHERE ')[0]!];
    const watched = recording(t.db);
    const result = await r.apply(desired, plan, { confirmedState: confirmable }, watched.db);
    expect(result.checkedBy).toBe('digest');
    const digests = watched.sent.filter((sql) => /CRC32|md5\(/.test(sql));
    expect(digests).toHaveLength(1);
    // Every small read rides inside that one statement; none is sent by itself.
    for (const read of smallReads) expect(digests[0]).toContain(read.slice(0, 40));
    expect(watched.sent.filter((sql) => smallReads.some((read) => sql.startsWith(read.slice(0, 40))))).toEqual([]);
    expect(watched.sent.filter((sql) => /information_schema|pg_catalog\.pg_attribute/.test(sql) && !/CRC32|md5\(/.test(sql))).toEqual([]);
  });

  test('the acting agent rides in the digest: an apply of changes sends no lookup of its own', async () => {
    const { t, desired, r } = await arrange();
    await t.seed({ users: [{ login: 'deployer@example', valid: 'valid' }] });
    const { confirmable, plan } = await confirm(t.db, desired);
    const lookup = dialectFor(t.db.dialect).userQuery('Deployer@Example').sql;
    const watched = recording(t.db);
    const result = await r.apply(desired, plan, { confirmedState: confirmable, as: 'Deployer@Example' }, watched.db);
    expect(result.checkedBy).toBe('digest');
    expect(watched.sent.filter((sql) => sql === lookup)).toEqual([]);
    const digests = watched.sent.filter((sql) => /CRC32|md5\(/.test(sql));
    expect(digests).toHaveLength(1);
    expect(digests[0]).toContain(lookup.slice(0, 60));
    const deployer = await findUser(t.db, 'deployer@example');
    expect(deployer?.id).toBeGreaterThan(1);
    expect(await r.channel('Sales')).toMatchObject({ comments: 'first', changeBy: deployer?.id });
  });

  test('the agent read with the digest is the one findUser gives: any case, the exact spelling first, valid or not', async () => {
    const { t } = await arrange();
    await t.seed({ users: [{ login: 'gone@example', valid: 'invalid' }, { login: 'Ops@Example', valid: 'valid' }, { login: 'jürgen,ops@example', valid: 'valid' }] });
    // PostgreSQL's unique key on login tells case apart: the exact spelling must win over an earlier row.
    if (t.db.dialect === 'postgres') await t.seed({ users: [{ login: 'ops@example', valid: 'invalid' }] });
    const confirmable = await readConfirmableState(t.db);
    for (const login of ['root@localhost', 'ROOT@LOCALHOST', 'gone@example', 'Ops@Example', 'ops@example', 'OPS@EXAMPLE', 'JÜRGEN,OPS@EXAMPLE', 'nobody@example', "o'neil"]) {
      const check = await readStateCheck(t.db, confirmable, { agent: login });
      expect(check.digest, login).toBe(confirmable.digest);
      expect(check.agent, login).toEqual(await findUser(t.db, login));
    }
    expect((await readStateCheck(t.db, confirmable, { agent: 'JÜRGEN,OPS@EXAMPLE' })).agent?.login).toBe('jürgen,ops@example');
    expect((await readStateCheck(t.db, confirmable, { agent: 'nobody@example' })).agent).toBeNull();
    expect((await readStateCheck(t.db, confirmable)).agent).toBeUndefined();
  });

  test('checked by the digest, an unknown or invalid agent is still refused, and nothing is written', async () => {
    const { t, desired, r } = await arrange();
    await t.seed({ users: [{ login: 'gone@example', valid: 'invalid' }] });
    const before = await snapshot(r);
    for (const [as, code] of [['nobody@example', 'unknown-user'], ['gone@example', 'invalid-user']] as const) {
      const { confirmable, plan } = await confirm(t.db, desired);
      const err = await rejection(r.apply(desired, plan, { confirmedState: confirmable, as }));
      expect(err, as).toBeInstanceOf(RefusedError);
      expect(err, as).toMatchObject({ code });
    }
    expect(await snapshot(r)).toEqual(before);
  });

  test('without the confirmed state the apply reads every row again, as before', async () => {
    const { t, desired, r } = await arrange();
    const { plan } = await confirm(t.db, desired);
    const watched = recording(t.db);
    const result = await r.apply(desired, plan, {}, watched.db);
    expect(result.checkedBy).toBe('reread');
    const caps = (await readConfirmableState(t.db)).actual.capabilities;
    // Without stamps: the re-read only decides, it explains nothing.
    expect(watched.sent).toContain(dialectFor(t.db.dialect).channelsQuery(caps.availabilityColumns, false).sql);
  });

  const q = (t: TestDatabase, name: string): string => dialectFor(t.db.dialect).quoteIdentifier(name);
  const { customer, public: publicFlag } = STANDARD_AVAILABILITY_COLUMNS;
  /** Each column the planner reads from chat_channel, changed on one row by another writer. */
  const edits: readonly [string, (t: TestDatabase) => string][] = [
    ['the comment', (t) => `UPDATE ${q(t, 'chat_channel')} SET comments = 'edited' WHERE name = 'Support'`],
    ['a NULL comment to an empty one', (t) => `UPDATE ${q(t, 'chat_channel')} SET comments = '' WHERE name = 'Billing'`],
    ['the name, in case only', (t) => `UPDATE ${q(t, 'chat_channel')} SET name = 'SUPPORT' WHERE name = 'Support'`],
    ['the group', (t) => `UPDATE ${q(t, 'chat_channel')} SET group_id = group_id + 1 WHERE name = 'Support'`],
    ['the validity', (t) => `UPDATE ${q(t, 'chat_channel')} SET valid_id = 2 WHERE name = 'Support'`],
    ['the customer flag', (t) => `UPDATE ${q(t, 'chat_channel')} SET ${q(t, customer)} = 1 WHERE name = 'Support'`],
    ['the public flag', (t) => `UPDATE ${q(t, 'chat_channel')} SET ${q(t, publicFlag)} = 1 WHERE name = 'Support'`],
    ['an added row', (t) => `INSERT INTO ${q(t, 'chat_channel')} (name, group_id, valid_id, comments, ${q(t, customer)}, ${q(t, publicFlag)}, create_time, create_by, change_time, change_by) SELECT 'Extra', group_id, valid_id, comments, 0, 0, create_time, create_by, change_time, change_by FROM ${q(t, 'chat_channel')} WHERE name = 'Support'`],
    ['two rows swapping comments', (t) => `UPDATE ${q(t, 'chat_channel')} SET comments = CASE name WHEN 'Support' THEN 'old' ELSE 'second' END WHERE name IN ('Support', 'Sales')`],
  ];

  for (const [what, sql] of edits) {
    test(`the digest changes with ${what}`, async () => {
      const { t, desired } = await arrange();
      const { confirmable } = await confirm(t.db, desired);
      expect((await readStateCheck(t.db, confirmable)).digest).toBe(confirmable.digest);
      await t.rows(sql(t));
      expect((await readStateCheck(t.db, confirmable)).digest).not.toBe(confirmable.digest);
    });
  }

  /** What the plan reads besides the channel rows, changed by another writer. */
  const frameEdits: readonly [string, (t: TestDatabase) => Promise<unknown>][] = [
    ['a group renamed', (t) => t.rows(`UPDATE ${q(t, t.layout.groupTable)} SET name = 'admins' WHERE name = 'admin'`)],
    ['a group invalidated', (t) => t.rows(`UPDATE ${q(t, t.layout.groupTable)} SET valid_id = 2 WHERE name = 'admin'`)],
    ['a group added', (t) => t.seed({ groups: [{ name: 'extra' }] })],
    ['a valid state renamed', (t) => t.rows(`UPDATE ${q(t, 'valid')} SET name = 'gone' WHERE name = 'invalid-temporarily'`)],
    ['a setting stored system-wide', (t) => t.seed({ settings: { 'ChatEngine::DefaultAgentName': { systemWide: ['--- Someone\n'] } } })],
    ['a column added to chat_channel', (t) => t.rows(`ALTER TABLE ${q(t, 'chat_channel')} ADD COLUMN extra_note INTEGER NULL`)],
    ['a column type changed', (t) =>
      t.rows(t.db.dialect === 'mysql' ? 'ALTER TABLE `chat_channel` MODIFY comments VARCHAR(300) NULL' : 'ALTER TABLE "chat_channel" ALTER COLUMN comments TYPE VARCHAR(300)')],
    ['the name column\'s collation changed (MySQL) or a column renamed (PostgreSQL)', (t) =>
      t.rows(t.db.dialect === 'mysql' ? 'ALTER TABLE `chat_channel` MODIFY name VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL' : 'ALTER TABLE "chat_channel" RENAME COLUMN create_by TO created_by')],
    ['the storage engine of a table changed (MySQL) or a table added beside it (PostgreSQL)', (t) =>
      t.db.dialect === 'mysql'
        ? (async () => {
            // MyISAM keeps no foreign keys: InnoDB refuses the change until they are gone (they are not what the digest reads).
            const keys = await t.rows<{ name: string }>(
              "SELECT CONSTRAINT_NAME AS name FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sysconfig_modified' AND CONSTRAINT_TYPE = 'FOREIGN KEY'",
            );
            for (const k of keys) await t.rows(`ALTER TABLE \`sysconfig_modified\` DROP FOREIGN KEY \`${k.name}\``);
            await t.rows('ALTER TABLE `sysconfig_modified` ENGINE=MyISAM');
          })()
        : t.rows('CREATE TABLE "permission_groups" (id INTEGER)')],
  ];

  for (const [what, edit] of frameEdits) {
    test(`the digest changes with ${what}`, async () => {
      const { t, desired } = await arrange();
      const { confirmable } = await confirm(t.db, desired);
      expect((await readStateCheck(t.db, confirmable)).digest).toBe(confirmable.digest);
      await edit(t);
      expect((await readStateCheck(t.db, confirmable)).digest).not.toBe(confirmable.digest);
    });
  }

  test('a concurrent edit the plan depends on is refused, nothing written', async () => {
    const { t, desired, r } = await arrange();
    const { confirmable, plan } = await confirm(t.db, desired);
    await t.rows(`UPDATE ${q(t, 'chat_channel')} SET comments = 'edited' WHERE name = 'Support'`);
    const error = await r.apply(desired, plan, { confirmedState: confirmable }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlanChangedError);
    expect((await r.channel('Sales')).comments).toBe('old');
    expect((await r.channel('Support')).comments).toBe('edited');
  });

  test('a renamed group fails the check: the apply reads again and refuses the changed plan', async () => {
    const { t, desired, r } = await arrange();
    const { confirmable, plan } = await confirm(t.db, desired);
    await t.rows(`UPDATE ${q(t, t.layout.groupTable)} SET name = 'admins' WHERE name = 'admin'`);
    const error = await r.apply(desired, plan, { confirmedState: confirmable }).catch((e: unknown) => e);
    // The config's group "admin" no longer exists: the new plan is an error, so nothing is applied.
    expect(error).toBeInstanceOf(PlanError);
    expect(JSON.stringify((error as PlanError).problems)).toContain('admin');
    expect((await r.channel('Sales')).comments).toBe('old');
  });

  test('the digest is read in the same snapshot as the rows: an edit between the two is not mistaken for planned', async () => {
    const { t, desired } = await arrange();
    const other = await t.connectAgain();
    if (!other) return; // PGlite is one session: nobody can write in between.
    // Another writer commits while the plan is being read: after the channel rows, before the digest.
    const meanwhile = another(t.db, (sql) => /CRC32|md5\(string_agg/.test(sql), () =>
      other.query(`UPDATE ${q(t, 'chat_channel')} SET comments = 'edited meanwhile' WHERE name = 'Support'`),
    );
    const confirmable = await readConfirmableState(meanwhile.db);
    expect(meanwhile.done()).toBe(true);
    expect(confirmable.actual.channels.find((c) => c.name === 'Support')?.comment).toBe('second');
    // The digest describes the rows the plan saw, so the edit shows as a change under the lock.
    expect((await readStateCheck(t.db, confirmable)).digest).not.toBe(confirmable.digest);
  });

  test('a schema change while the state is read never passes as planned: the digest then differs under the lock', async () => {
    const { t } = await arrange();
    const other = await t.connectAgain();
    if (!other) return; // PGlite is one session: nobody can change the schema in between.
    // Another session adds a column after the layout is read, before the tables are: the plan's
    // layout is the old one. (Once a table is read, the reading transaction holds it against DDL.)
    const meanwhile = another(t.db, (sql) => sql === dialectFor(t.db.dialect).validQuery().sql, () =>
      other.query(`ALTER TABLE ${q(t, 'chat_channel')} ADD COLUMN added_meanwhile INTEGER NULL`),
    );
    const confirmable = await readConfirmableState(meanwhile.db);
    expect(meanwhile.done()).toBe(true);
    expect((await readStateCheck(t.db, confirmable)).digest).not.toBe(confirmable.digest);
  });

  test('a changed valid table fails the check (the digest holds valid_id, the plan its name): the apply reads again', async () => {
    const { t, desired, r } = await arrange();
    const { confirmable, plan } = await confirm(t.db, desired);
    const valid = q(t, 'valid');
    await t.rows(`UPDATE ${valid} SET name = 'swapping' WHERE name = 'invalid'`);
    await t.rows(`UPDATE ${valid} SET name = 'invalid' WHERE name = 'invalid-temporarily'`);
    await t.rows(`UPDATE ${valid} SET name = 'invalid-temporarily' WHERE name = 'swapping'`);
    const result = await r.apply(desired, plan, { confirmedState: confirmable });
    expect(result.checkedBy).toBe('reread');
    expect((await r.channel('Sales')).comments).toBe('first');
  });

  test('who changed a row and when is not part of the digest: the apply still goes by it', async () => {
    const { t, desired, r } = await arrange();
    const { confirmable, plan } = await confirm(t.db, desired);
    await r.backdate('chat_channel');
    const result = await r.apply(desired, plan, { confirmedState: confirmable });
    expect(result.checkedBy).toBe('digest');
    expect((await r.channel('Sales')).comments).toBe('first');
  });
});
