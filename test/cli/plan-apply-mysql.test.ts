import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { Db } from '../../src/db/db.js';
import { describeWithServer } from '../servers.js';
import { expectNoStackTrace, repoRoot, runCli, withTempDir } from './run-cli.js';
import { serverDatabase } from './server-database.js';

const smallShop = join(repoRoot, 'examples', 'small-shop');

/** The real binary against MariaDB / MySQL: a database of its own with the OTRS tables, dropped afterwards. */
describeWithServer('mariadb', 'plan and apply on MariaDB / MySQL (real binary)', () => {
  const database = serverDatabase('mariadb', { groupTable: 'permission_groups' });
  const { name } = database;
  const databaseUrl = (): string => database.url();
  const open = (db: string): Promise<Db> => database.open(db);

  it('plans the small-shop example, applies it, then plans no changes', async () => {
    const plan = await runCli(['plan', smallShop, '--database', databaseUrl(), '--detailed-exitcode']);
    expect(plan.stderr).not.toMatch(/EMBEDDED/);
    expect(plan.stdout).toMatch(/\+ channel "Orders and delivery"/);
    expect(plan.stdout).toMatch(/~ setting ChatEngine::Active +false → true/);
    expect(plan.stdout).toMatch(/^Plan: 3 to create, 0 to change, 0 to invalidate, 2 settings to change\.$/m);
    expect(plan.code).toBe(2);

    const apply = await runCli(['apply', smallShop, '--yes'], { env: { OTRS_DATABASE_URL: databaseUrl() } });
    expect(apply.stderr).toMatch(/Applied: 3 created, 0 changed, 0 invalidated, 2 settings changed/);
    expect(apply.code).toBe(0);

    const again = await runCli(['plan', smallShop, '--database', databaseUrl(), '--detailed-exitcode']);
    expect(again.stdout).toBe('No changes.\n');
    expect(again.code).toBe(0);
  });

  it("refuses emoji the utf8mb3 tables cannot store, naming file, line and channel, exit 1 — a collation clash too", async () => {
    const db = await open(name);
    try {
      await db.query('ALTER TABLE chat_channel CONVERT TO CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci');
    } finally {
      await db.close();
    }
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'c.yaml'), 'version: 1\nchannels:\n  - name: "Chat 💬"\n    group: users\n  - name: SALES\n    group: users\n  - name: Sales\n    group: users\n');
      const r = await runCli(['plan', 'c.yaml', '--database', databaseUrl()], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^c\.yaml:3:\d+: channel "Chat 💬": the chat_channel table's character set \(utf8mb3\) cannot store the character U\+1F4AC in its name/m);
      expect(r.stderr).toMatch(/^c\.yaml:7:\d+: .*"Sales" is the same name as channel "SALES"/m);
      expectNoStackTrace(r.stderr);
    });
  });

  it('a wrong password: one sentence, exit 1, the password nowhere', async () => {
    const url = new URL(databaseUrl());
    url.username = 'no_such_user_for_otrs';
    url.password = 'Sup3rS3cretPW';
    const r = await runCli(['plan', smallShop, '--database', url.toString()]);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).not.toContain('Sup3rS3cretPW');
    expect(r.stderr).toMatch(/cannot connect to mysql:\/\/no_such_user_for_otrs@.*: access denied for user "no_such_user_for_otrs"/);
    expectNoStackTrace(r.stderr);
  });

  it('apply --plan: the file names the MariaDB target without a password, another database is refused, the same one applies', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'c.yaml'), 'version: 1\nchannels:\n  - { name: Orders and delivery, group: users, availableToCustomerUsers: true }\n  - { name: Walk-in, group: users }\n');
      const withPassword = new URL(databaseUrl());
      withPassword.password = 'Sup3rS3cretPW';
      const plan = await runCli(['plan', 'c.yaml', '--out', 'plan.json'], { cwd: dir, env: { OTRS_DATABASE_URL: databaseUrl() } });
      expect(plan.code).toBe(0);
      const saved = readFileSync(join(dir, 'plan.json'), 'utf8');
      const url = new URL(databaseUrl());
      expect(JSON.parse(saved)).toMatchObject({ target: { kind: 'mysql', host: url.hostname, port: Number(url.port || 3306), database: name } });

      const other = new URL(withPassword);
      other.pathname = '/another_otrs';
      const refused = await runCli(['apply', '--plan', 'plan.json', 'c.yaml', '--database', other.toString(), '--yes'], { cwd: dir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/the plan was made for mysql:\/\/\S+\/otrs_test_\w+, but this apply is pointed at mysql:\/\/\S+\/another_otrs \(database otrs_test_\w+ ≠ another_otrs\)/);
      expect(refused.stderr + refused.stdout).not.toContain('Sup3rS3cretPW');
      expectNoStackTrace(refused.stderr);

      const applied = await runCli(['apply', '--plan', 'plan.json', 'c.yaml', '--database', databaseUrl(), '--yes'], { cwd: dir });
      expect(applied.stderr).toMatch(/Applied: 1 created, \d+ changed, 1 invalidated/);
      expect(applied.code).toBe(0);
      const again = await runCli(['plan', 'c.yaml', '--database', databaseUrl(), '--detailed-exitcode'], { cwd: dir });
      expect(again.stdout).toBe('No changes.\n');
    });
  });
});
