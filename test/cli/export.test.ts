import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, resolveDatabaseTarget } from '../../src/db/connect.js';
import { expectNoStackTrace, repoRoot, runCli, withTempDir } from './run-cli.js';

const smallShop = join(repoRoot, 'examples', 'small-shop');

/** The embedded database of `dir` holding the small-shop example, applied through the real binary. */
async function smallShopApplied(dir: string): Promise<void> {
  const applied = await runCli(['apply', smallShop, '--yes', '--quiet'], { cwd: dir });
  expect(applied.code).toBe(0);
}

describe('export (real binary, embedded database)', () => {
  it('exports to a file that plans to "No changes.", and to stdout the same text', async () => {
    await withTempDir(async (dir) => {
      await smallShopApplied(dir);
      const r = await runCli(['export', '--out', 'chat.yaml'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/EMBEDDED database/);
      expect(r.stderr).toMatch(/^Exported 3 channels and 2 settings to chat\.yaml\.$/m);
      const text = readFileSync(join(dir, 'chat.yaml'), 'utf8');
      expect(text).toMatch(/^# yaml-language-server: \$schema=https:\/\/\S+\.schema\.json\nversion: 1\n/);
      expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

      const plan = await runCli(['plan', 'chat.yaml', '--detailed-exitcode'], { cwd: dir });
      expect(plan.stdout).toBe('No changes.\n');
      expect(plan.code).toBe(0);

      const again = await runCli(['export', '--quiet', '--database', 'embedded'], { cwd: dir });
      expect(again.code).toBe(0);
      expect(again.stdout).toBe(text);
      expect(again.stderr).toBe('');
    });
  });

  it('--split writes settings.yaml and a file per group, which plan to "No changes." and re-export identically', async () => {
    await withTempDir(async (dir) => {
      await smallShopApplied(dir);
      const r = await runCli(['export', '--split', 'chat/prod', '--schema-url', '../../node_modules/otrs-chat-config/schema/otrs-chat-config.schema.json'], { cwd: dir });
      expect(r.code).toBe(0);
      const out = join(dir, 'chat', 'prod');
      expect(readdirSync(out).sort()).toEqual(['channels-admin.yaml', 'channels-users.yaml', 'settings.yaml']);
      expect(readFileSync(join(out, 'channels-admin.yaml'), 'utf8')).toBe(
        '# yaml-language-server: $schema=../../node_modules/otrs-chat-config/schema/otrs-chat-config.schema.json\n' +
          'version: 1\n\nchannels:\n  - name: Internal escalation\n    group: admin\n    comment: Agents hand difficult chats to the shop owner here.\n',
      );
      const plan = await runCli(['plan', 'chat/prod', '--detailed-exitcode'], { cwd: dir });
      expect(plan.stdout).toBe('No changes.\n');
      expect(plan.code).toBe(0);

      const before = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'utf8')]));
      writeFileSync(join(out, 'old.yaml'), 'version: 1\n');
      const again = await runCli(['export', '--split', 'chat/prod', '--schema-url', '../../node_modules/otrs-chat-config/schema/otrs-chat-config.schema.json'], { cwd: dir });
      expect(again.code).toBe(0);
      expect(again.stderr).toMatch(/^warning: chat\/prod\/old\.yaml was not written by this export, but a config read from chat\/prod includes it/m);
      for (const [f, text] of Object.entries(before)) expect(readFileSync(join(out, f), 'utf8')).toBe(text);
    });
  });

  it('says what it left out, on stderr and in the file, and still exits 0', async () => {
    await withTempDir(async (dir) => {
      await smallShopApplied(dir);
      const db = await openDatabase(resolveDatabaseTarget('embedded', {}, dir), { lockTimeoutMs: 10_000 });
      try {
        await db.query("UPDATE chat_channel SET name = ' Orders and delivery' WHERE name = 'Orders and delivery'");
      } finally {
        await db.close();
      }
      const r = await runCli(['export', '--out', 'chat.yaml', '--quiet'], { cwd: dir });
      expect(r.code).toBe(0);
      const warning = /^warning: (channel " Orders and delivery" \(id \d+\): its name starts or ends with white space.*the plan will invalidate it.*)$/m.exec(r.stderr);
      expect(warning).not.toBeNull();
      expect(readFileSync(join(dir, 'chat.yaml'), 'utf8')).toContain(`\n# WARNING: ${warning?.[1]}\n`);
    });
  });

  it('refuses --out into a missing directory with one clear sentence, before touching any database', async () => {
    await withTempDir(async (dir) => {
      const r = await runCli(['export', '--out', 'missing/dir/chat.yaml'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toBe('error: cannot write missing/dir/chat.yaml: the directory "missing/dir" does not exist\n');
      expectNoStackTrace(r.stderr);
      expect(existsSync(join(dir, '.otrs-chat-config'))).toBe(false);
    });
  });

  it('refuses --out and --split together, and --out onto a directory', async () => {
    await withTempDir(async (dir) => {
      const both = await runCli(['export', '--out', 'a.yaml', '--split', 'b'], { cwd: dir });
      expect(both.code).toBe(1);
      expect(both.stderr).toMatch(/^error: --out and --split cannot be used together/);
      mkdirSync(join(dir, 'chat'));
      const onto = await runCli(['export', '--out', 'chat'], { cwd: dir });
      expect(onto.code).toBe(1);
      expect(onto.stderr).toMatch(/^error: cannot write chat: it is a directory/);
      for (const r of [both, onto]) expectNoStackTrace(r.stderr);
    });
  });

  it('takes no config paths', async () => {
    await withTempDir(async (dir) => {
      const r = await runCli(['export', 'chat.yaml'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/too many arguments/);
    });
  });
});
