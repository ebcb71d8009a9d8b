import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, withTempDir } from './run-cli.js';

const smallShop = join(repoRoot, 'examples', 'small-shop');

describe('--quiet on plan and apply (real binary)', () => {
  it('hides the progress and result lines of apply, keeps the embedded notice and the pending-deployment warning', async () => {
    await withTempDir(async (dir) => {
      const r = await runCli(['apply', smallShop, '--yes', '--quiet'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/EMBEDDED database/);
      expect(r.stderr).toMatch(/pending deployment in OTRS/);
      expect(r.stderr).not.toMatch(/Applied:/);
      // The plan itself is the result, on stdout: --quiet is about stderr only.
      expect(r.stdout).toMatch(/\+ channel "Orders and delivery"/);
    });
  });

  it('without --quiet, apply says what it applied', async () => {
    await withTempDir(async (dir) => {
      const r = await runCli(['apply', smallShop, '--yes'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/Applied: 3 created/);
    });
  });

  it('hides the deploy command banners but not what the command prints', async () => {
    await withTempDir(async (dir) => {
      const args = ['apply', smallShop, '--yes', '--deploy-command', 'echo output-of-deploy'];
      const quiet = await runCli([...args, '--quiet'], { cwd: dir });
      expect(quiet.code).toBe(0);
      expect(quiet.stderr).toMatch(/output-of-deploy/);
      expect(quiet.stderr).not.toMatch(/Running the deploy command|Deploy command finished/);
    });
    await withTempDir(async (dir) => {
      const loud = await runCli(['apply', smallShop, '--yes', '--deploy-command', 'echo output-of-deploy'], { cwd: dir });
      expect(loud.stderr).toMatch(/Running the deploy command: echo output-of-deploy/);
      expect(loud.stderr).toMatch(/Deploy command finished/);
    });
  });

  it('never hides errors or warnings', async () => {
    await withTempDir(async (dir) => {
      const r = await runCli(['apply', smallShop, '--yes', '--quiet', '--as', 'nobody-here'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/error: .*no OTRS agent with login "nobody-here"/);
    });
  });

  it('with --database embedded given explicitly there is no embedded notice to keep', async () => {
    await withTempDir(async (dir) => {
      const r = await runCli(['plan', smallShop, '--quiet', '--database', 'embedded'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
    });
  });
});
