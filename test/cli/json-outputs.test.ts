import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectValidOutput } from '../schema/output-schemas.js';
import { repoRoot, runCli, withTempDir } from './run-cli.js';

const smallShop = join(repoRoot, 'examples', 'small-shop');
const BROKEN = 'version: 1\nchannels:\n  - { name: Sales }\n';

/** Issue 9: every `--format json` output is one document that validates against its published schema (schema/). */
describe('JSON outputs of the real binary validate against schema/', () => {
  it('validate: success and failure', async () => {
    await withTempDir(async (dir) => {
      const ok = await runCli(['validate', smallShop, '--format', 'json'], { cwd: dir });
      expect(ok.code).toBe(0);
      expect(expectValidOutput('validate-output.schema.json', ok.stdout)).toMatchObject({ ok: true, problems: [] });

      writeFileSync(join(dir, 'broken.yaml'), BROKEN);
      const bad = await runCli(['validate', 'broken.yaml', '--format', 'json'], { cwd: dir });
      expect(bad.code).toBe(1);
      const doc = expectValidOutput('validate-output.schema.json', bad.stdout);
      expectValidOutput('error.schema.json', bad.stdout);
      expect(doc).toMatchObject({ ok: false, error: 'config', problems: [expect.objectContaining({ file: 'broken.yaml', line: 3 })] });
    });
  });

  it('plan: the plan document on success, the error document on failure', async () => {
    await withTempDir(async (dir) => {
      const ok = await runCli(['plan', smallShop, '--format', 'json', '--database', 'embedded:db'], { cwd: dir });
      expect(ok.code).toBe(0);
      expect(expectValidOutput('plan.schema.json', ok.stdout)).toMatchObject({ formatVersion: 2, target: { kind: 'embedded' } });

      writeFileSync(join(dir, 'broken.yaml'), BROKEN);
      const bad = await runCli(['plan', 'broken.yaml', '--format', 'json', '--database', 'embedded:db'], { cwd: dir });
      expect(bad.code).toBe(1);
      expectValidOutput('error.schema.json', bad.stdout);

      const ci = await runCli(['plan', smallShop, '--format', 'json'], { cwd: dir, env: { CI: 'true' } });
      expect(ci.code).toBe(1);
      expect(expectValidOutput('error.schema.json', ci.stdout)).toMatchObject({ ok: false, message: expect.stringMatching(/OTRS_DATABASE_URL/) });
    });
  });
});
