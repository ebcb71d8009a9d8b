import { describe, expect, test } from 'vitest';
import { PlanChangedError } from '../../src/db/apply.js';
import type { Db } from '../../src/db/db.js';
import { applyLockName, createMysqlWrites } from '../../src/db/dialects/mysql-write.js';
import { writeDialectFor } from '../../src/db/dialects/index.js';
import { introspect } from '../../src/db/introspect.js';
import { readLayout } from '../../src/db/read-statement.js';
import { LAYOUT_TABLES } from '../../src/db/schema-layout.js';
import { MYSQL_SQL_MODE } from '../../src/db/connection/mysql-connection.js';
import { sqlStateOf } from '../../src/db/sql-state.js';
import type { ChannelRowUpdate } from '../../src/db/write-batches.js';
import { DatabaseError, LockTimeoutError, PlanError, UnsupportedDatabaseError } from '../../src/errors.js';
import { encodeEffectiveValue } from '../../src/settings/codec.js';
import { describeDatabases, type TestDatabase } from './harness.js';
import { lockWaiters } from './server-sessions.js';
import { reconciler, yamlText } from './reconcile.js';

/** The problems of a PlanError, as [code, message]. */
async function planProblems(attempt: Promise<unknown>): Promise<[string, string][]> {
  const err = await attempt.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(PlanError);
  return (err as PlanError).problems.map((p) => [p.code, p.message]);
}

async function another(t: TestDatabase): Promise<Db> {
  const db = await t.connectAgain();
  if (!db) throw new Error('this database has one session only');
  return db;
}

/** Whether this database's apply lock is free, seen from `observer` (another session). */
async function lockIsFree(observer: Db): Promise<boolean> {
  const [row] = await observer.query<{ free: unknown }>(`SELECT IS_FREE_LOCK(${applyLockName()}) AS free`);
  return Number(row?.free) === 1;
}

/**
 * Issue 5: MySQL's and MariaDB's own traps (docs/otrs.md, "MySQL and MariaDB"), on the real server. What is
 * the same on every database (create, update, invalidate, settings, rollback...) runs on MariaDB
 * too, in the shared apply-*.db.test.ts files.
 */
describeDatabases('MySQL and MariaDB', ({ fresh, database }) => {
  describe('on the real server', () => {
    test("the tool's session is strict, speaks utf8mb4, and keeps the server's time zone", async () => {
      const t = await fresh();
      const [session] = await t.rows<Record<string, string>>(
        'SELECT @@SESSION.sql_mode AS sql_mode, @@character_set_client AS client, @@character_set_connection AS connection, ' +
          '@@character_set_results AS results, @@SESSION.time_zone AS tz, @@GLOBAL.time_zone AS global_tz',
      );
      expect(session?.sql_mode?.split(',').sort()).toEqual(MYSQL_SQL_MODE.split(',').sort());
      expect([session?.client, session?.connection, session?.results]).toEqual(['utf8mb4', 'utf8mb4', 'utf8mb4']);
      expect(session?.tz).toBe(session?.global_tz);

      // Strict: a value that does not fit is an error, never cut with a warning.
      const tooLong = await t
        .rows("INSERT INTO chat_channel (name, group_id, valid_id, comments, create_time, create_by, change_time, change_by) VALUES ('X', 1, 1, $1, now(), 1, now(), 1)", ['c'.repeat(251)])
        .catch((e: unknown) => e);
      expect(sqlStateOf(tooLong)).toBe('22001');
      expect(await t.rows('SELECT id FROM chat_channel')).toEqual([]);
    });

    test('audit times come from the same clock as OTRS writes them: the server\'s current_timestamp', async () => {
      const t = await fresh();
      // The server's clock read just before and just after the apply brackets the times it wrote.
      const serverNow = async (): Promise<string> => {
        const [row] = await t.rows<{ now: string }>("SELECT DATE_FORMAT(current_timestamp, '%Y-%m-%d %H:%i:%s') AS now");
        return row?.now ?? '';
      };
      const before = await serverNow();
      await reconciler(t).converge('version: 1\nchannels: [{ name: Sales, group: users }]\n');
      const after = await serverNow();
      const [row] = await t.rows<{ created: string; same: unknown }>(
        "SELECT DATE_FORMAT(create_time, '%Y-%m-%d %H:%i:%s') AS created, create_time = change_time AS same FROM chat_channel WHERE name = 'Sales'",
      );
      // The same format throughout, so text order is time order.
      const times = [before, row?.created ?? '', after];
      expect([...times].sort()).toEqual(times);
      expect(Number(row?.same)).toBe(1);
    });

    test('introspection reads the character set and collation of chat_channel', async () => {
      const mb4 = await fresh();
      const unicodeCi = { channelCollation: 'utf8mb4_unicode_ci', groupCollation: 'utf8mb4_unicode_ci' };
      expect((await introspect(mb4.db)).capabilities).toMatchObject({ dialect: 'mysql', nameComparison: unicodeCi, supportsFourByteCharacters: true });

      const mb3 = await fresh({ charset: 'utf8mb3', groupTable: 'permission_groups' });
      expect((await introspect(mb3.db)).capabilities).toMatchObject({ groupTable: 'permission_groups', nameComparison: { channelCollation: 'utf8mb3_general_ci', groupCollation: 'utf8mb3_general_ci' }, supportsFourByteCharacters: false });

      await mb4.rows('ALTER TABLE chat_channel MODIFY name VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
      expect((await introspect(mb4.db)).capabilities.nameComparison).toEqual({ ...unicodeCi, channelCollation: 'utf8mb4_bin' });

      await mb3.rows('ALTER TABLE chat_channel MODIFY comments VARCHAR(250) CHARACTER SET latin1 NULL');
      await expect(introspect(mb3.db)).rejects.toThrow(new UnsupportedDatabaseError(
        'chat_channel.comments uses the character set latin1; OTRS needs utf8mb4 or utf8 (convert the table: ALTER TABLE chat_channel CONVERT TO CHARACTER SET utf8mb4)',
      ));
    });

    test('a table the apply writes that cannot roll back (MyISAM) is refused, at plan time already', async () => {
      const t = await fresh();
      const keys = ['sysconfig_default_id', 'user_id', 'create_by', 'change_by'].map((c) => `DROP FOREIGN KEY fk_sysconfig_modified_${c}_id`);
      await t.rows('SET foreign_key_checks = 0');
      await t.rows(`ALTER TABLE sysconfig_modified ${keys.join(', ')}`);
      await t.rows('ALTER TABLE sysconfig_modified ENGINE=MyISAM');
      await t.rows('SET foreign_key_checks = 1');
      await expect(introspect(t.db)).rejects.toThrow(new UnsupportedDatabaseError(
        'sysconfig_modified uses the MyISAM storage engine, which cannot roll back a failed apply; convert it first (ALTER TABLE sysconfig_modified ENGINE=InnoDB)',
      ));
    });

    test('emoji on a utf8mb3 table: refused in plan, naming channel and field; apply refuses too and writes nothing', async () => {
      const t = await fresh({ charset: 'utf8mb3' });
      await t.seed({ channels: [{ name: 'Sales', group: 'users', comment: 'old' }] });
      const r = reconciler(t);
      const before = await r.channels();
      const desired = await r.desired(`version: 1
channels:
  - { name: ${yamlText('Chat 💬')}, group: users }
  - { name: Sales, group: users, comment: ${yamlText('Hi 😀')} }
`);
      expect(await planProblems(r.plan(desired))).toEqual([
        ['four-byte-character', 'channel "Chat 💬": the chat_channel table\'s character set (utf8mb3) cannot store the character U+1F4AC in its name'],
        ['four-byte-character', 'channel "Sales": the chat_channel table\'s character set (utf8mb3) cannot store the character U+1F600 in its comment'],
      ]);
      // Even handed a plan that looks harmless, apply re-plans under its lock and refuses the same way.
      const harmless = { ...(await r.plan(await r.desired('version: 1\nchannels: [{ name: Sales, group: users, comment: old }]\n'))) };
      expect(await planProblems(r.apply(desired, harmless))).toHaveLength(2);
      expect(await r.channels()).toEqual(before);
      expect(await lockIsFree(await another(t))).toBe(true);
    });

    test('the same emoji on a utf8mb4 table are stored and read back exactly', async () => {
      const t = await fresh();
      const r = reconciler(t);
      await r.converge(`version: 1\nchannels: [{ name: ${yamlText('Chat 💬')}, group: users, comment: ${yamlText('Hi 😀')} }]\n`);
      const [row] = await t.rows<{ name: string; hex: string; comments: string }>('SELECT name, HEX(name) AS hex, comments FROM chat_channel');
      expect(row).toEqual({ name: 'Chat 💬', hex: Buffer.from('Chat 💬').toString('hex').toUpperCase(), comments: 'Hi 😀' });
    });

    test('a case-only (or accent-only) rename is an update of that row, by id, past the unique index', async () => {
      const t = await fresh({ charset: 'utf8mb3' });
      await t.seed({ channels: [{ name: 'sales', group: 'users' }, { name: 'Cafe', group: 'users' }, { name: 'Support', group: 'users' }] });
      const r = reconciler(t);
      const before = await r.channels();
      const yaml = 'version: 1\nchannels:\n  - { name: Sales, group: users }\n  - { name: Café, group: users }\n  - { name: Support, group: users }\n';
      const { plan } = await r.converge(yaml);
      expect(plan.changes).toEqual([
        { kind: 'update-channel', id: before[0]?.id, name: 'Sales', renamedFrom: 'sales', fields: [{ field: 'name', old: 'sales', new: 'Sales' }] },
        { kind: 'update-channel', id: before[1]?.id, name: 'Café', renamedFrom: 'Cafe', fields: [{ field: 'name', old: 'Cafe', new: 'Café' }] },
      ]);
      const after = await r.channels();
      expect(after.map((c) => [c.id, c.name, c.valid])).toEqual([
        [before[0]?.id, 'Sales', 'valid'],
        [before[1]?.id, 'Café', 'valid'],
        [before[2]?.id, 'Support', 'valid'],
      ]);
      expect(after[2]).toEqual(before[2]);
      expect((await r.plan(await r.desired(yaml))).changes).toEqual([]);
    });

    test('two desired names the collation holds equal are refused before anything is written', async () => {
      const t = await fresh();
      const r = reconciler(t);
      const problems = await planProblems(r.plan(await r.desired('version: 1\nchannels:\n  - { name: Sales, group: users }\n  - { name: SALÉS, group: admin }\n')));
      expect(problems).toHaveLength(1);
      expect(problems[0]?.[0]).toBe('duplicate-channel');
      expect(problems[0]?.[1]).toContain('"SALÉS" is the same name as channel "Sales"');
      expect(await r.channels()).toEqual([]);
    });

    test('on a binary collation names compare exactly, as on PostgreSQL: another case is another channel', async () => {
      const t = await fresh();
      await t.rows('ALTER TABLE chat_channel MODIFY name VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL');
      await t.seed({ channels: [{ name: 'sales', group: 'users' }] });
      const r = reconciler(t);
      const { plan } = await r.converge('version: 1\nchannels: [{ name: Sales, group: users }]\n', { allowMassInvalidation: true });
      expect(plan.changes.map((c) => c.kind)).toEqual(['create-channel', 'invalidate-channel']);
      expect((await r.channels()).map((c) => [c.name, c.valid])).toEqual([
        ['sales', 'invalid'],
        ['Sales', 'valid'],
      ]);
    });

    test('quotes, backslashes, semicolons and BMP text in a utf8mb3 table: stored byte for byte', async () => {
      const t = await fresh({ charset: 'utf8mb3' });
      const r = reconciler(t);
      const names = ["O'Brien; DROP TABLE valid; --", 'C:\\temp\\ \\n \\\\', 'Ωmega €uro ñ', '%_ and ? and $1'];
      await r.converge(`version: 1\nchannels:\n${names.map((n) => `  - { name: ${yamlText(n)}, group: users, comment: ${yamlText(`${n}\n"quoted"`)} }\n`).join('')}`);
      const rows = await t.rows<{ name: string; hex: string; comments: string }>('SELECT name, HEX(name) AS hex, comments FROM chat_channel ORDER BY id');
      expect(rows).toEqual(names.map((n) => ({ name: n, hex: Buffer.from(n).toString('hex').toUpperCase(), comments: `${n}\n"quoted"` })));
    });

    test('settings on utf8mb3 tables: the bytes OTRS stores, emoji escaped by the codec, as on PostgreSQL', async () => {
      const t = await fresh({ charset: 'utf8mb3' });
      const r = reconciler(t);
      await r.converge(`version: 1\nsettings:\n  ChatEngine::DefaultAgentName: ${yamlText('Ünïcødé 😀 Team')}\n  ChatEngine::ChatTTL: 48\n  ChatEngine::Active: true\n`);
      const rows = await t.rows<{ name: string; hex: string }>('SELECT name, HEX(effective_value) AS hex FROM sysconfig_modified ORDER BY name');
      const hex = (text: string): string => Buffer.from(text).toString('hex').toUpperCase();
      expect(rows).toEqual([
        { name: 'ChatEngine::Active', hex: hex("--- '1'\n") },
        { name: 'ChatEngine::ChatTTL', hex: hex("--- '48'\n") },
        { name: 'ChatEngine::DefaultAgentName', hex: hex(encodeEffectiveValue('text', 'Ünïcødé 😀 Team')) },
      ]);
      expect(encodeEffectiveValue('text', 'Ünïcødé 😀 Team')).toMatch(/^--- ".*\\U0001F600 Team"\n$/);
      expect((await r.plan(await r.desired(`version: 1\nsettings:\n  ChatEngine::DefaultAgentName: ${yamlText('Ünïcødé 😀 Team')}\n`))).changes).toEqual([]);
    });
  });

  describe('the apply lock: GET_LOCK, named per database', () => {
    test('held during the apply only: free after a commit and after a rollback', async () => {
      const t = await fresh();
      const r = reconciler(t);
      const observer = await another(t);
      await r.converge('version: 1\nchannels: [{ name: Sales, group: users }]\n');
      expect(await lockIsFree(observer)).toBe(true);

      await t.rows("ALTER TABLE chat_channel ADD CONSTRAINT no_boom CHECK (name <> 'Boom')");
      const failed = await r.converge('version: 1\nchannels: [{ name: Sales, group: users }, { name: Boom, group: users }]\n').catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(DatabaseError);
      expect(await lockIsFree(observer)).toBe(true);
      expect((await r.channels()).map((c) => c.name)).toEqual(['Sales']);
    });

    test('a second apply waits for the first to release the lock, then re-reads the state and finds its plan stale', async () => {
      const t = await fresh();
      const r = reconciler(t);
      const [holderDb, observer] = [await another(t), await another(t)];
      const writes = writeDialectFor('mysql');
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let holding: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const holder = holderDb
        .transaction(async (tx) => {
          await writes.acquireApplyLock(tx, 1000);
          await tx.query("INSERT INTO chat_channel (name, group_id, valid_id, create_time, create_by, change_time, change_by) VALUES ('Support', 1, 1, now(), 1, now(), 1)");
          holding();
          await released;
        })
        .finally(() => writes.releaseApplyLock(holderDb));
      await held;

      const desired = await r.desired('version: 1\nchannels: [{ name: Sales, group: users }, { name: Support, group: admin }]\n');
      const plan = await r.plan(desired);
      expect(plan.changes.map((c) => c.kind)).toEqual(['create-channel', 'create-channel']);
      const waiting = r.apply(desired, plan, { lockTimeoutMs: 20_000 }).catch((e: unknown) => e);
      // The server shows the apply's session in GET_LOCK before the holder lets go.
      await lockWaiters(observer, 1, 'apply-lock');
      release();
      await holder;
      const outcome = await waiting;
      // It read the state again once it had the lock: "Support" now exists, so the confirmed plan is stale.
      expect(outcome).toBeInstanceOf(PlanChangedError);
      expect((await r.channels()).map((c) => c.name)).toEqual(['Support']);
    });

    test('a lock held on another database does not block this one; a lock held on this one times out', async () => {
      const a = await fresh();
      const b = await fresh();
      const writes = writeDialectFor('mysql');
      const holderDb = await another(a);
      await holderDb.query('BEGIN');
      await writes.acquireApplyLock(holderDb, 0);
      try {
        await reconciler(b).converge('version: 1\nchannels: [{ name: Sales, group: users }]\n', { lockTimeoutMs: 0 });
        const blocked = await reconciler(a).converge('version: 1\nchannels: [{ name: Sales, group: users }]\n', { lockTimeoutMs: 1000 }).catch((e: unknown) => e);
        expect(blocked).toBeInstanceOf(LockTimeoutError);
        expect((blocked as Error).message).toBe(
          'another apply is running on this database; waited 1 s for its lock (--lock-timeout). Try again when it has finished.',
        );
      } finally {
        await holderDb.query('ROLLBACK');
        await writes.releaseApplyLock(holderDb);
      }
      expect(await reconciler(a).channels()).toEqual([]);
    });

    test('the lock name fits MySQL\'s 64 characters whatever the database name', async () => {
      const t = await fresh();
      const [row] = await t.rows<{ own: string; long: string }>(`SELECT ${applyLockName()} AS own, ${applyLockName("REPEAT('x', 64)")} AS \`long\``);
      const [{ name } = { name: '' }] = await t.rows<{ name: string }>('SELECT DATABASE() AS name');
      expect(row?.own).toBe(`otrs-chat-config:${name}`);
      expect(row?.long).toMatch(/^otrs-chat-config:[0-9a-f]{40}$/);
    });
  });

  describe('the layout read', () => {
    /** Rows MariaDB wrote to internal temporary tables so far in this session: information_schema is read through them. */
    const temporaryRows = async (t: TestDatabase): Promise<number> => {
      const [row] = await t.rows<{ Value: unknown }>("SHOW SESSION STATUS LIKE 'Handler_tmp_write'");
      if (!row) throw new Error('no Handler_tmp_write: this server is not MariaDB');
      return Number(row.Value);
    };

    test('fills information_schema rows for the tables it asks about only, however many tables the database holds', async () => {
      const t = await fresh();
      for (let i = 0; i < 60; i++) await t.rows(`CREATE TABLE other_${i} (id INT PRIMARY KEY, note VARCHAR(100))`);
      const before = await temporaryRows(t);
      const layout = await readLayout(t.db, LAYOUT_TABLES);
      const written = (await temporaryRows(t)) - before;
      // A column row per column and a table row per table read, and SHOW STATUS's own few: with
      // the engine read per column row (the query before), every table of the database was
      // filled again and again: about 500 rows here.
      const tables = new Set(layout.map((r) => r.table_name)).size;
      expect(written).toBeLessThanOrEqual(layout.length + tables + 10);
    });

    test('gives each column its table\'s engine and the server version, in table and column order', async () => {
      const t = await fresh();
      await t.rows('CREATE TABLE kept_apart (id INT PRIMARY KEY, note VARCHAR(20) CHARACTER SET latin1) ENGINE = MyISAM');
      const tables = [...LAYOUT_TABLES, 'kept_apart'];
      const expected = await t.rows<Record<string, unknown>>(
        'SELECT c.TABLE_NAME AS table_name, c.COLUMN_NAME AS column_name, c.COLUMN_TYPE AS column_type, c.CHARACTER_SET_NAME AS character_set, ' +
          'c.COLLATION_NAME AS collation_name, t.ENGINE AS table_engine, VERSION() AS server_version ' +
          'FROM information_schema.COLUMNS c JOIN information_schema.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME ' +
          `WHERE c.TABLE_SCHEMA = DATABASE() AND c.TABLE_NAME IN (${tables.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION`,
        tables,
      );
      expect(expected.length).toBeGreaterThan(20);
      expect(expected.filter((r) => r['table_engine'] === 'MyISAM').map((r) => r['column_name'])).toEqual(['id', 'note']);
      expect(await readLayout(t.db, tables)).toEqual(expected);
    });
  });

  describe('batches and their chunks', () => {
    test('chunks forced by a small packet limit keep every field\'s own semantics, a NULL comment included', async () => {
      const t = await fresh();
      await t.seed({ channels: Array.from({ length: 60 }, (_, i) => ({ name: `Channel ${i}`, group: 'users', comment: null })) });
      const state = await introspect(t.db);
      const rows: ChannelRowUpdate[] = state.channels.map((c, i) => (i % 2 === 0 ? { id: c.id, name: `Renamed ${i} ${'ü'.repeat(100)}` } : { id: c.id, comment: `Comment ${i}`, valid: 'invalid' }));
      const statements = createMysqlWrites({ maxPacketBytes: 6 * 1024 }).updateChannels(rows, 1, state.capabilities);
      expect(statements.length).toBeGreaterThanOrEqual(3);
      await t.db.transaction(async (tx) => {
        for (const s of statements) await tx.query(s.sql, s.params);
      });
      const after = await t.rows<{ name: string; comments: string | null; valid_id: number }>('SELECT name, comments, valid_id FROM chat_channel ORDER BY id');
      after.forEach((row, i) => {
        if (i % 2 === 0) expect(row).toEqual({ name: `Renamed ${i} ${'ü'.repeat(100)}`, comments: null, valid_id: 1 });
        else expect(row).toEqual({ name: `Channel ${i}`, comments: `Comment ${i}`, valid_id: 2 });
      });
    });
  });
}, { on: ['mariadb'] });
