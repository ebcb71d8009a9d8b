import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connect.js';
import { parseDatabaseTarget } from '../../src/db/connection/resolve-target.js';
import type { Db } from '../../src/db/db.js';
import { createOtrsTables } from '../db/harness.js';
import { describeWithServer } from '../servers.js';
import { expectNoStackTrace, repoRoot, runCli, withTempDir } from './run-cli.js';

const smallShop = join(repoRoot, 'examples', 'small-shop');
const mysqlUrl = process.env.OTRS_TEST_MYSQL_URL ?? '';

/** Issue 10: what the real binary says about a MariaDB / MySQL server, where the words were wrong or missing. */
describeWithServer('mariadb', 'messages about a MariaDB / MySQL server (real binary)', () => {
  const name = `otrs_test_${randomBytes(6).toString('hex')}`;
  const empty = `otrs_empty_${randomBytes(6).toString('hex')}`;
  const urlOf = (database: string): string => {
    const url = new URL(mysqlUrl);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const open = (database: string): Promise<Db> => openDatabase(parseDatabaseTarget(urlOf(database), {}, '/tmp', 'OTRS_TEST_MYSQL_URL'), { lockTimeoutMs: 0 });
  let admin: Db | undefined;

  beforeAll(async () => {
    admin = await open(new URL(mysqlUrl).pathname.slice(1));
    await admin.query(`CREATE DATABASE \`${name}\``);
    await admin.query(`CREATE DATABASE \`${empty}\``);
    const db = await open(name);
    try {
      await createOtrsTables(db, { groupTable: 'permission_groups' });
      await db.query('ALTER TABLE chat_channel CONVERT TO CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci');
    } finally {
      await db.close();
    }
  });

  afterAll(async () => {
    await admin?.query(`DROP DATABASE IF EXISTS \`${name}\``);
    await admin?.query(`DROP DATABASE IF EXISTS \`${empty}\``);
    await admin?.close();
  });

  it('an emoji in a comment a utf8mb3 table cannot store: the error points at the comment, not at the channel', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'c.yaml'), 'version: 1\nchannels:\n  - name: Sales\n    group: users\n    comment: "Ask us 💬"\n');
      const r = await runCli(['plan', 'c.yaml', '--database', urlOf(name)], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^c\.yaml:5:14: channel "Sales": the chat_channel table's character set \(utf8mb3\) cannot store the character U\+1F4AC in its comment/m);
      expectNoStackTrace(r.stderr);
    });
  });

  it('a database without OTRS tables: advice for MySQL (the database at the end of the URL), not PostgreSQL search_path', async () => {
    const r = await runCli(['plan', smallShop, '--database', urlOf(empty)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^error: no OTRS tables found in mysql://\\S+/${empty}: is this the OTRS database\\?`, 'm'));
    expect(r.stderr).toMatch(/mysql:\/\/USER@HOST:PORT\/DATABASE/);
    expect(r.stderr).not.toMatch(/search_path|PostgreSQL/);
    expectNoStackTrace(r.stderr);
  });

  it('a postgres:// URL pointed at the MariaDB port: one sentence saying the server is not PostgreSQL, exit 1', async () => {
    for (const sslmode of ['prefer', 'disable', 'require']) {
      const url = new URL(urlOf(name));
      url.protocol = 'postgres:';
      url.port = url.port || '3306';
      url.searchParams.set('sslmode', sslmode);
      const r = await runCli(['plan', smallShop, '--database', url.toString()]);
      expect(r.code).toBe(1);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^error: cannot connect to postgres:\/\/\S+: the server at \S+ does not answer as PostgreSQL does \(is it MySQL or MariaDB\? Then use a mysql:\/\/ URL[^)]*\)$/);
      expect(r.stderr).not.toMatch(/SSL|copyData|backend/);
    }
  });
});
