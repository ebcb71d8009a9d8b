import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectValidOutput } from '../schema/output-schemas.js';
import { expectNoStackTrace, runCli, withTempDir, type CliResult } from './run-cli.js';

/** Issue 9: `apply --plan` applies exactly the reviewed plan, or refuses with a clear message (real binary, embedded database). */

const CONFIG = 'version: 1\nsettings:\n  ChatEngine::ChatTTL: 47\nchannels:\n  - { name: Sales, group: users }\n  - { name: Support, group: users }\n';
const DB = ['--database', 'embedded:db'];

/** Writes the config, runs `plan --out plan.json` and returns the plan file's path. */
async function planned(dir: string, config = CONFIG): Promise<string> {
  writeFileSync(join(dir, 'c.yaml'), config);
  const r = await runCli(['plan', 'c.yaml', ...DB, '--out', 'plan.json'], { cwd: dir });
  expect(r.code).toBe(0);
  return join(dir, 'plan.json');
}

function editPlan(file: string, edit: (doc: Record<string, any>) => void): void {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
  edit(doc);
  writeFileSync(file, JSON.stringify(doc));
}

function refused(r: CliResult, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(message);
  expectNoStackTrace(r.stderr);
}

describe('apply --plan (real binary)', () => {
  it('applies a saved plan exactly; the next plan is empty', async () => {
    await withTempDir(async (dir) => {
      await planned(dir);
      const r = await runCli(['apply', '--plan', 'plan.json', 'c.yaml', ...DB, '--yes'], { cwd: dir });
      expect(r.stderr).toMatch(/Applied: 2 created, 0 changed, 0 invalidated, 1 setting changed/);
      expect(r.stdout).toMatch(/\+ channel "Sales"/);
      expect(r.stderr).toMatch(/^Plan plan\.json: made \d{4}-\d\d-\d\dT[\d:.]+Z by otrs-chat-config \S+ for embedded database in \S+, config digest [0-9a-f]{12}\.$/m);
      expect(r.stderr).not.toMatch(/warning/);
      expect(r.code).toBe(0);
      const again = await runCli(['plan', 'c.yaml', ...DB, '--detailed-exitcode'], { cwd: dir });
      expect(again.stdout).toBe('No changes.\n');
      expect(again.code).toBe(0);
    });
  });

  it('refuses a stale plan, naming what changed and who changed it, and writes nothing', async () => {
    await withTempDir(async (dir) => {
      await planned(dir);
      // Someone applies another change between plan and apply.
      writeFileSync(join(dir, 'other.yaml'), 'version: 1\nchannels:\n  - { name: Walk-in, group: users, comment: by hand }\n');
      expect((await runCli(['apply', 'other.yaml', ...DB, '--yes'], { cwd: dir })).code).toBe(0);

      const r = await runCli(['apply', '--plan', 'plan.json', 'c.yaml', ...DB, '--yes'], { cwd: dir });
      refused(r, /the database changed since the plan was made; nothing was applied\. What changed:\n {2}\+ channel "Walk-in" \(id 1\) was added \(added by root@localhost at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)/);
      expect(r.stderr).toMatch(/Run plan again and review the new plan\.\n$/);
      // Nothing written: planning the saved config still shows both creates.
      const after = await runCli(['plan', 'c.yaml', ...DB], { cwd: dir });
      expect(after.stdout).toMatch(/Plan: 2 to create, 0 to change, 1 to invalidate/);
    });
  });

  describe('refused before connecting', () => {
    // One real plan, made once; each case spoils a copy. None of them reaches the database.
    let made = '';
    beforeAll(async () => {
      made = mkdtempSync(join(tmpdir(), 'occ-plan-'));
      await planned(made);
    });
    afterAll(() => rmSync(made, { recursive: true, force: true }));

    /** A temp dir holding a copy of the plan file and its config. */
    const withCopy = (fn: (dir: string) => Promise<void>): Promise<void> =>
      withTempDir(async (dir) => {
        copyFileSync(join(made, 'plan.json'), join(dir, 'plan.json'));
        copyFileSync(join(made, 'c.yaml'), join(dir, 'c.yaml'));
        await fn(dir);
      });

    it('a plan made for another database', async () => {
      await withCopy(async (dir) => {
        const r = await runCli(['apply', '--plan', 'plan.json', '--database', 'embedded:elsewhere', '--yes'], { cwd: dir });
        refused(r, /the plan was made for embedded database in \S*db, but this apply is pointed at embedded database in \S*elsewhere \(database \S+ ≠ \S+\); nothing was applied\. Run plan again against this database/);
      });
    });

    it('a plan made from another configuration, when config paths are given', async () => {
      await withCopy(async (dir) => {
        writeFileSync(join(dir, 'c.yaml'), CONFIG.replace('47', '48'));
        const r = await runCli(['apply', '--plan', 'plan.json', 'c.yaml', ...DB, '--yes'], { cwd: dir });
        refused(r, /the plan was made from another configuration \(config digest [0-9a-f]{12} in the plan, [0-9a-f]{12} for c\.yaml\); nothing was applied\. Run plan again from this configuration/);
      });
    });

    it.each<[string, (file: string) => void, RegExp]>([
      ['a corrupt file', (f) => writeFileSync(f, '{"formatVersion": 2, "chang'), /plan\.json: not a plan file: the file is not JSON .*run plan again/],
      ['a version-1 plan', (f) => editPlan(f, (d) => (d.formatVersion = 1)), /the plan file is of another format version: it has format version 1, written by an older otrs-chat-config; this version reads format version 2 only; run plan again/],
      ['a future-version plan', (f) => editPlan(f, (d) => (d.formatVersion = 3)), /format version 3, written by a newer otrs-chat-config/],
      ['a plan whose recorded rows were edited', (f) => editPlan(f, (d) => (d.state.groups[0].name = 'edited')), /not a plan this version of otrs-chat-config can apply: state is not the state the fingerprint was computed from/],
      ['a missing file', (f) => rmSync(f), /the plan file "plan\.json" cannot be read: it does not exist/],
    ])('%s', async (_name, spoil, message) => {
      await withCopy(async (dir) => {
        spoil(join(dir, 'plan.json'));
        refused(await runCli(['apply', '--plan', 'plan.json', ...DB, '--yes'], { cwd: dir }), message);
      });
    });

    it('a plan from another version of the tool is named with a warning (and here refused for its config)', async () => {
      await withCopy(async (dir) => {
        editPlan(join(dir, 'plan.json'), (d) => (d.tool.version = '0.0.1-older'));
        writeFileSync(join(dir, 'c.yaml'), CONFIG.replace('47', '48'));
        const r = await runCli(['apply', '--plan', 'plan.json', 'c.yaml', ...DB, '--yes'], { cwd: dir });
        refused(r, /^warning: the plan was made by otrs-chat-config 0\.0\.1-older and is applied by \S+; a plan is meant for the version that made it\.$/m);
      });
    });

    it('--max-invalidate-percent, which would change a saved plan', async () => {
      await withCopy(async (dir) => {
        const r = await runCli(['apply', '--plan', 'plan.json', ...DB, '--yes', '--max-invalidate-percent', '90'], { cwd: dir });
        refused(r, /--max-invalidate-percent cannot change a saved plan/);
      });
    });
  });

  it('needs --allow-mass-invalidation for a guard-exceeding saved plan, exactly as apply does', async () => {
    await withTempDir(async (dir) => {
      const names = Array.from({ length: 8 }, (_, i) => `Channel ${i + 1}`);
      writeFileSync(join(dir, 'all.yaml'), `version: 1\nchannels:\n${names.map((n) => `  - { name: ${n}, group: users }\n`).join('')}`);
      expect((await runCli(['apply', 'all.yaml', ...DB, '--yes'], { cwd: dir })).code).toBe(0);
      await planned(dir, `version: 1\nchannels:\n${names.slice(0, 4).map((n) => `  - { name: ${n}, group: users }\n`).join('')}`);

      refused(await runCli(['apply', '--plan', 'plan.json', ...DB, '--yes'], { cwd: dir }), /refusing to invalidate 4 of 8 valid channels/);
      const forced = await runCli(['apply', '--plan', 'plan.json', ...DB, '--yes', '--allow-mass-invalidation'], { cwd: dir });
      expect(forced.stderr).toMatch(/4 invalidated/);
      expect(forced.code).toBe(0);
    });
  });
});

describe('apply --format json prints exactly one JSON document', () => {
  /** The one document on stdout, checked against the published schema. */
  const document = (r: CliResult): Record<string, any> => expectValidOutput('apply-output.schema.json', r.stdout);

  it('on a guard refusal: one document with the plan and the error', async () => {
    await withTempDir(async (dir) => {
      const names = Array.from({ length: 8 }, (_, i) => `Channel ${i + 1}`);
      writeFileSync(join(dir, 'all.yaml'), `version: 1\nchannels:\n${names.map((n) => `  - { name: ${n}, group: users }\n`).join('')}`);
      expect((await runCli(['apply', 'all.yaml', ...DB, '--yes'], { cwd: dir })).code).toBe(0);
      writeFileSync(join(dir, 'few.yaml'), 'version: 1\nchannels:\n  - { name: Channel 1, group: users }\n');
      const r = await runCli(['apply', 'few.yaml', ...DB, '--yes', '--format', 'json'], { cwd: dir });
      expect(r.code).toBe(1);
      const doc = document(r);
      expect(doc).toMatchObject({ ok: false, error: 'mass-invalidation', applied: null, plan: { formatVersion: 2, summary: { invalidate: 7 } } });
    });
  });

  it('on success: one document with the plan and what was applied', async () => {
    await withTempDir(async (dir) => {
      await planned(dir);
      const r = await runCli(['apply', '--plan', 'plan.json', 'c.yaml', ...DB, '--yes', '--format', 'json'], { cwd: dir });
      expect(r.code).toBe(0);
      expect(document(r)).toMatchObject({ ok: true, applied: { create: 2, change: 0, invalidate: 0, settings: 1, as: 'root@localhost' }, deploy: null });
    });
  });

  it('on a stale plan: one document listing the differences', async () => {
    await withTempDir(async (dir) => {
      await planned(dir);
      writeFileSync(join(dir, 'ttl.yaml'), 'version: 1\nsettings:\n  ChatEngine::ChatTTL: 5\n');
      expect((await runCli(['apply', 'ttl.yaml', ...DB, '--yes'], { cwd: dir })).code).toBe(0);
      const r = await runCli(['apply', '--plan', 'plan.json', ...DB, '--yes', '--format', 'json'], { cwd: dir });
      expect(r.code).toBe(1);
      const doc = document(r);
      expect(doc).toMatchObject({ ok: false, error: 'stale-plan', applied: null });
      expect(doc.differences).toEqual([
        expect.objectContaining({ subject: 'setting', change: 'changed', name: 'ChatEngine::ChatTTL', fields: [{ field: 'value', old: '720', new: '5' }] }),
      ]);
    });
  });
});
