import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, expectNoStackTrace, repoRoot, runCli, withTempDir } from './run-cli.js';

const smallShop = join(repoRoot, 'examples', 'small-shop');

function channelsYaml(names: readonly string[], extra = ''): string {
  return `version: 1\n${extra}channels:\n${names.map((n) => `  - name: ${n}\n    group: users\n`).join('')}`;
}

describe('plan and apply on the embedded database (real binary)', () => {
  it('plans the small-shop example on the embedded default, saying so loudly', async () => {
    await withTempDir(async (dir) => {
      const r = await runCli(['plan', smallShop, '--detailed-exitcode'], { cwd: dir });
      expect(r.stderr).toMatch(/EMBEDDED database/);
      expect(r.stdout).toMatch(/\+ channel "Orders and delivery"/);
      expect(r.stdout).toMatch(/~ setting ChatEngine::Active +false → true/);
      expect(r.stdout).toMatch(/^Plan: 3 to create, 0 to change, 0 to invalidate, \d+ settings? to change\.$/m);
      expect(r.code).toBe(2);
    });
  });

  it('refuses to guess a database in CI', async () => {
    await withTempDir(async (dir) => {
      const r = await runCli(['plan', smallShop], { cwd: dir, env: { CI: 'true' } });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--database|OTRS_DATABASE_URL/);
      expectNoStackTrace(r.stderr);
    });
  });

  it('refuses to apply without --yes when there is no terminal', async () => {
    await withTempDir(async (dir) => {
      const r = await runCli(['apply', smallShop], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/--yes/);
      const again = await runCli(['plan', smallShop, '--detailed-exitcode'], { cwd: dir });
      expect(again.code).toBe(2);
    });
  });

  it('applies, then plans no changes (idempotent), and says settings are pending deployment', async () => {
    await withTempDir(async (dir) => {
      const a = await runCli(['apply', smallShop, '--yes'], { cwd: dir });
      expect(a.stderr).toMatch(/Applied: 3 created/);
      expect(a.stderr).toMatch(/pending deployment in OTRS, recorded under the agent "root@localhost"/);
      expect(a.code).toBe(0);
      const p = await runCli(['plan', smallShop, '--detailed-exitcode'], { cwd: dir });
      expect(p.stdout).toBe('No changes.\n');
      expect(p.code).toBe(0);
    });
  });

  it('checks the database under the lock by the state digest read with the plan (--verbose says how)', async () => {
    await withTempDir(async (dir) => {
      const a = await runCli(['apply', smallShop, '--yes', '--verbose'], { cwd: dir });
      expect(a.code).toBe(0);
      expect(a.stderr).toMatch(/Checked under the apply lock: the state digest matched the state the plan was read from\./);
      const quiet = await runCli(['apply', smallShop, '--yes'], { cwd: dir });
      expect(quiet.stderr).not.toMatch(/Checked under the apply lock/);
    });
  });

  it('records who changed each channel when wherever the plan is written out as JSON (--format json, --out)', async () => {
    await withTempDir(async (dir) => {
      expect((await runCli(['apply', smallShop, '--yes'], { cwd: dir })).code).toBe(0);
      type Doc = { state: { channels: { lastChange?: { by: string | null; at: string } }[] } };
      const stamped = (doc: Doc): boolean => doc.state.channels.length > 0 && doc.state.channels.every((c) => c.lastChange?.by === 'root@localhost');
      const json = await runCli(['plan', smallShop, '--format', 'json'], { cwd: dir });
      expect(stamped(JSON.parse(json.stdout) as Doc)).toBe(true);
      const text = await runCli(['plan', smallShop, '--out', 'saved.json'], { cwd: dir });
      expect(text.code).toBe(0);
      expect(stamped(JSON.parse(readFileSync(join(dir, 'saved.json'), 'utf8')) as Doc)).toBe(true);
    });
  });

  it('writes JSON with --format json and --out', async () => {
    await withTempDir(async (dir) => {
      const r = await runCli(['plan', smallShop, '--format', 'json', '--out', 'plan.json'], { cwd: dir });
      expect(r.code).toBe(0);
      const printed = JSON.parse(r.stdout) as { formatVersion: number; changes: unknown[] };
      expect(printed.formatVersion).toBe(2);
      expect(JSON.parse(readFileSync(join(dir, 'plan.json'), 'utf8'))).toEqual(printed);
    });
  });

  it('lists the existing groups for an unknown group, exit 1', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'c.yaml'), 'version: 1\nchannels:\n  - name: X\n    group: nosuch\n');
      const r = await runCli(['plan', 'c.yaml'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^c\.yaml:3:\d+: .*nosuch.*admin.*stats.*users/m);
      expectNoStackTrace(r.stderr);
    });
  });

  it('guards against mass invalidation, names the knobs, and can be overridden', async () => {
    await withTempDir(async (dir) => {
      const names = Array.from({ length: 10 }, (_, i) => `Channel ${i}`);
      writeFileSync(join(dir, 'c.yaml'), channelsYaml(names));
      expect((await runCli(['apply', 'c.yaml', '--yes'], { cwd: dir })).code).toBe(0);

      writeFileSync(join(dir, 'c.yaml'), channelsYaml(names.slice(0, 5)));
      const plan = await runCli(['plan', 'c.yaml'], { cwd: dir });
      expect(plan.code).toBe(0);
      expect(plan.stdout).toMatch(/--allow-mass-invalidation/);
      expect(plan.stdout).toMatch(/Plan: 0 to create, 0 to change, 5 to invalidate/);

      const refused = await runCli(['apply', 'c.yaml', '--yes'], { cwd: dir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(/refusing to invalidate 5 of 10 valid channels/);
      expect(refused.stderr).toMatch(/--allow-mass-invalidation/);
      expect(refused.stderr).toMatch(/maxInvalidatePercent/);

      const raised = await runCli(['plan', 'c.yaml', '--max-invalidate-percent', '50'], { cwd: dir });
      expect(raised.stdout).not.toMatch(/--allow-mass-invalidation/);

      const forced = await runCli(['apply', 'c.yaml', '--yes', '--allow-mass-invalidation'], { cwd: dir });
      expect(forced.code).toBe(0);
      expect(forced.stderr).toMatch(/5 invalidated/);
    });
  });

  it('a second CLI on a busy embedded directory waits up to --lock-timeout, then fails clearly', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'c.yaml'), 'version: 1\nsettings:\n  ChatEngine::ChatTTL: 47\n');
      // The first CLI holds the directory while its deploy command runs, which is until the test
      // creates `release` (bounded at 120 s, so a failed test leaves no process behind for long).
      const holdUntilReleased = 'for i in $(seq 1200); do [ -e release ] && exit 0; sleep 0.1; done; exit 1';
      const first = spawn(process.execPath, [binPath, 'apply', 'c.yaml', '--yes', '--deploy-command', holdUntilReleased], { cwd: dir, env: { PATH: process.env.PATH ?? '' } });
      const firstClosed = new Promise<number | null>((resolve) => first.on('close', resolve));
      try {
        let firstErr = '';
        await new Promise<void>((resolve, reject) => {
          first.stderr.setEncoding('utf8').on('data', (d: string) => {
            firstErr += d;
            if (firstErr.includes('Running the deploy command')) resolve();
          });
          first.on('close', () => reject(new Error(`first CLI ended early: ${firstErr}`)));
        });
        const second = await runCli(['plan', 'c.yaml', '--lock-timeout', '1'], { cwd: dir });
        expect(second.code).toBe(1);
        expect(second.stderr).toMatch(
          new RegExp(`another otrs-chat-config process \\(pid ${first.pid}\\) is using the embedded database in \\S+; waited 1 s \\(--lock-timeout\\)`),
        );
        expectNoStackTrace(second.stderr);
        // It gave up on its own: the first still holds the directory.
        expect(first.exitCode).toBeNull();
      } finally {
        writeFileSync(join(dir, 'release'), '');
      }
      expect(await firstClosed).toBe(0);
    });
  });

  it('never prints a database password', async () => {
    const r = await runCli(['plan', smallShop, '--database', 'postgres://otrs:Sup3rS3cretPW@127.0.0.1:1/otrs']);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).not.toContain('Sup3rS3cretPW');
    expect(r.stderr).toMatch(/127\.0\.0\.1/);
    expectNoStackTrace(r.stderr);
  });

  it('runs the deploy command after settings changed, and reports its failure and timeout', async () => {
    await withTempDir(async (dir) => {
      const ok = await runCli(['apply', smallShop, '--yes', '--deploy-command', 'echo deployed-by-test >&2'], { cwd: dir });
      expect(ok.code).toBe(0);
      expect(ok.stderr).toMatch(/deployed-by-test/);
      expect(ok.stderr).not.toMatch(/pending deployment/);

      writeFileSync(join(dir, 'c.yaml'), 'version: 1\nsettings:\n  ChatEngine::ChatTTL: 48\n');
      const failed = await runCli(['apply', 'c.yaml', '--yes', '--deploy-command', 'exit 3'], { cwd: dir });
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/database changes are committed.*deploy command failed/);

      writeFileSync(join(dir, 'c.yaml'), 'version: 1\nsettings:\n  ChatEngine::ChatTTL: 49\n');
      // Left alone, `sleep 30` would end well and the apply succeed: only the timeout makes this fail.
      const slow = await runCli(['apply', 'c.yaml', '--yes', '--deploy-command', 'sleep 30', '--deploy-timeout', '1'], { cwd: dir });
      expect(slow.code).toBe(1);
      expect(slow.stderr).toMatch(/the deploy command timed out after 1 s \(--deploy-timeout\) and was killed/);

      const noDeploy = await runCli(['plan', 'c.yaml', '--detailed-exitcode'], { cwd: dir });
      expect(noDeploy.code).toBe(0);
    });
  });
});
