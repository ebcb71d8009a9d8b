import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeWithServer } from '../servers.js';
import { expectNoStackTrace, runCli, withTempDir } from './run-cli.js';
import { serverDatabase } from './server-database.js';

/**
 * Issue 10 through the real binary on MariaDB (utf8mb4_unicode_ci): `plan`, `apply`, `apply --plan`
 * and `export` all take the server's word for which names are one channel.
 */
describeWithServer('mariadb', 'names the server holds equal (real binary)', () => {
  const database = serverDatabase('mariadb');

  it('renames "Chat 😀" to "Chat 🙏" in place, applies a saved plan of that, exports and refuses two such names', async () => {
    await withTempDir(async (dir) => {
      const env = { OTRS_DATABASE_URL: database.url() };
      const config = (...names: string[]): string => `version: 1\nchannels:\n${names.map((n) => `  - name: "${n}"\n    group: users\n`).join('')}`;
      writeFileSync(join(dir, 'before.yaml'), config('Chat 😀', 'Straße'));
      expect((await runCli(['apply', 'before.yaml', '--yes'], { cwd: dir, env })).code).toBe(0);

      writeFileSync(join(dir, 'after.yaml'), config('Chat 🙏', 'Strasse'));
      const plan = await runCli(['plan', 'after.yaml', '--out', 'plan.json'], { cwd: dir, env });
      expect(plan.code).toBe(0);
      expect(plan.stdout).toMatch(/~ channel "Chat 🙏" +\(renamed from "Chat 😀"\)/);
      expect(plan.stdout).toMatch(/~ channel "Strasse" +\(renamed from "Straße"\)/);
      expect(plan.stdout).toMatch(/^Plan: 0 to create, 2 to change, 0 to invalidate/m);
      expect(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8')).state.capabilities.nameComparison).toEqual({
        channelCollation: 'utf8mb4_unicode_ci',
        groupCollation: 'utf8mb4_unicode_ci',
      });

      const applied = await runCli(['apply', '--plan', 'plan.json', 'after.yaml', '--yes'], { cwd: dir, env });
      expect(applied.stderr).toMatch(/Applied: 0 created, 2 changed, 0 invalidated/);
      expect(applied.code).toBe(0);

      const exported = await runCli(['export', '--out', 'export.yaml'], { cwd: dir, env });
      expect(exported.code).toBe(0);
      expect(readFileSync(join(dir, 'export.yaml'), 'utf8')).toMatch(/name: Chat 🙏\n[\s\S]*name: Strasse\n/);
      const again = await runCli(['plan', 'export.yaml', '--detailed-exitcode'], { cwd: dir, env });
      expect(again.stdout).toBe('No changes.\n');

      writeFileSync(join(dir, 'twins.yaml'), config('Chat 🙏', 'Chat 👍'));
      const twins = await runCli(['plan', 'twins.yaml'], { cwd: dir, env });
      expect(twins.code).toBe(1);
      expect(twins.stderr).toMatch(/^twins\.yaml:5:5: channel "Chat 👍" is the same name as channel "Chat 🙏" at twins\.yaml:3:5 \(the database's collation utf8mb4_unicode_ci treats them as one name\)/m);
      expectNoStackTrace(twins.stderr);
    });
  });
});
