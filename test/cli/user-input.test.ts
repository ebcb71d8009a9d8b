import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectValidOutput } from '../schema/output-schemas.js';
import { binPath, expectNoStackTrace, nobodyCanRun, repoRoot, runCli, withTempDir, type CliResult } from './run-cli.js';

const smallShop = join(repoRoot, 'examples', 'small-shop');

/** A user's mistake is exit 1 with words, never exit 70 ("a bug") and never a stack trace. */
function expectUserError(r: CliResult, message: RegExp): void {
  expectNoStackTrace(r.stderr);
  expect(r.stderr).not.toMatch(/internal error/);
  expect(r.stderr).toMatch(message);
  expect(r.code).toBe(1);
}

/** Issue 10: what trying the product found — user mistakes that ended as internal errors, or worse. */
describe('user mistakes are one clear line and exit 1 (real binary)', () => {
  describe('plan --out', () => {
    it('into a directory that does not exist: one line, exit 1, before connecting; --verbose prints no stack', async () => {
      await withTempDir(async (dir) => {
        const r = await runCli(['plan', smallShop, '--out', 'missing/dir/p.json', '--database', 'embedded:db', '--verbose'], { cwd: dir });
        expectUserError(r, /^error: cannot write missing\/dir\/p\.json: the directory "missing\/dir" does not exist$/m);
        expect(r.stdout).toBe('');
      });
    });

    it('onto a directory: one line, exit 1', async () => {
      await withTempDir(async (dir) => {
        mkdirSync(join(dir, 'plans'));
        const r = await runCli(['plan', smallShop, '--out', 'plans', '--database', 'embedded:db', '--verbose'], { cwd: dir });
        expectUserError(r, /^error: cannot write plans: it is a directory/m);
      });
    });

    const asNobody = nobodyCanRun();
    it.skipIf(!asNobody)(`onto a read-only file, as user nobody: one line, exit 1, the file unchanged${asNobody ? '' : ' (skipped: nobody cannot reach this checkout)'}`, async () => {
      await withTempDir(async (dir) => {
        chmodSync(dir, 0o777);
        cpSync(smallShop, join(dir, 'chat'), { recursive: true });
        writeFileSync(join(dir, 'p.json'), 'reviewed\n');
        chmodSync(join(dir, 'p.json'), 0o444);
        const r = await runCli(['plan', 'chat', '--out', 'p.json', '--database', 'embedded:db'], { cwd: dir, uid: 65534 });
        expectUserError(r, /^error: cannot write p\.json: permission denied/m);
        expect(readFileSync(join(dir, 'p.json'), 'utf8')).toBe('reviewed\n');
      });
    });

    it('writes the plan file when the destination is fine', async () => {
      await withTempDir(async (dir) => {
        const r = await runCli(['plan', smallShop, '--out', 'p.json', '--database', 'embedded:db'], { cwd: dir });
        expect(r.code).toBe(0);
        expectValidOutput('plan.schema.json', readFileSync(join(dir, 'p.json'), 'utf8'));
      });
    });
  });

  describe('embedded:DIR that cannot hold a database', () => {
    it.each([
      ['under /proc, where nothing can be created', '/proc/otrs-chat-config-test', /^error: cannot use \/proc\/otrs-chat-config-test for the embedded database: nothing can be created there$/m],
      // Node's own recursive mkdir never returns on such a path.
      ['two levels under /proc', '/proc/otrs-chat-config-test/db', /^error: cannot use \/proc\/otrs-chat-config-test\/db for the embedded database: nothing can be created there$/m],
      ['a regular file', 'file', /^error: cannot use \.\/file for the embedded database: it is a file, not a directory/m],
      ['below a regular file', 'file/db', /^error: cannot use \.\/file\/db for the embedded database: a part of the path is not a directory/m],
    ])('%s: one line, exit 1', async (_name, where, message) => {
      await withTempDir(async (dir) => {
        writeFileSync(join(dir, 'file'), 'x');
        const r = await runCli(['plan', smallShop, '--database', `embedded:${where}`, '--verbose'], { cwd: dir });
        expectUserError(r, message);
        expect(r.stderr).not.toMatch(/E[A-Z]{3,}:|mkdir '/);
        expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      });
    });
  });

  describe('export destinations', () => {
    it('--split into a directory that cannot be created: one line, exit 1', async () => {
      await withTempDir(async (dir) => {
        const r = await runCli(['export', '--split', '/proc/otrs-chat-config-test/chat', '--database', 'embedded:db'], { cwd: dir });
        expectUserError(r, /^error: cannot write \/proc\/otrs-chat-config-test\/chat: nothing can be created there$/m);
      });
    });

    it('--out into a directory that holds no new files: one line, exit 1', async () => {
      await withTempDir(async (dir) => {
        const r = await runCli(['export', '--out', '/proc/version', '--database', 'embedded:db'], { cwd: dir });
        expectUserError(r, /^error: cannot write \/proc\/version: /m);
        expect(r.stderr).not.toMatch(/does not exist/);
      });
    });
  });

  describe('numbers on the command line are decimal, and in range', () => {
    it.each([
      ['--max-invalidate-percent', ''],
      ['--max-invalidate-percent', '0x10'],
      ['--max-invalidate-percent', '1e1'],
      ['--max-invalidate-percent', ' 5'],
      ['--max-invalidate-percent', '101'],
      ['--max-invalidate-percent', '-0'],
      ['--lock-timeout', ''],
      ['--lock-timeout', '0x10'],
      ['--lock-timeout', '1e3'],
      ['--lock-timeout', '0b1'],
      ['--lock-timeout', '99999999'],
    ])('plan %s %j is refused before connecting', async (flag, value) => {
      await withTempDir(async (dir) => {
        const r = await runCli(['plan', smallShop, flag, value, '--database', 'embedded:db'], { cwd: dir });
        expectUserError(r, new RegExp(`^error: ${flag} takes `, 'm'));
        expect(r.stdout).toBe('');
      });
    });

    it.each([[''], ['0x10'], ['1e3'], ['0']])('apply --deploy-timeout %j is refused', async (value) => {
      await withTempDir(async (dir) => {
        const r = await runCli(['apply', smallShop, '--yes', '--deploy-timeout', value, '--database', 'embedded:db'], { cwd: dir });
        expectUserError(r, /^error: --deploy-timeout takes /m);
      });
    });

    it('decimal values are taken: --max-invalidate-percent 12.5, --lock-timeout 0.5', async () => {
      await withTempDir(async (dir) => {
        const r = await runCli(['plan', smallShop, '--max-invalidate-percent', '12.5', '--lock-timeout', '0.5', '--format', 'json', '--database', 'embedded:db'], { cwd: dir });
        expect(r.code).toBe(0);
        expect(JSON.parse(r.stdout)).toMatchObject({ guard: { maxPercent: 12.5 } });
      });
    });
  });

  describe('--as is checked before the plan is shown', () => {
    it('apply with an agent that does not exist: no plan on stdout, no question, exit 1', async () => {
      await withTempDir(async (dir) => {
        const r = await runCli(['apply', smallShop, '--as', 'ghost', '--database', 'embedded:db'], { cwd: dir });
        expectUserError(r, /^error: no OTRS agent with login "ghost" \(--as\)/m);
        expect(r.stdout).toBe('');
        expect(r.stderr).not.toMatch(/terminal|--yes/);
      });
    });

    it('apply --plan with an agent that does not exist: no plan on stdout, nothing written', async () => {
      await withTempDir(async (dir) => {
        expect((await runCli(['plan', smallShop, '--out', 'p.json', '--database', 'embedded:db'], { cwd: dir })).code).toBe(0);
        const r = await runCli(['apply', '--plan', 'p.json', '--yes', '--as', 'ghost', '--database', 'embedded:db'], { cwd: dir });
        expectUserError(r, /^error: no OTRS agent with login "ghost" \(--as\)/m);
        expect(r.stdout).toBe('');
        const again = await runCli(['plan', smallShop, '--detailed-exitcode', '--database', 'embedded:db'], { cwd: dir });
        expect(again.code).toBe(2);
      });
    });
  });
});

describe('validation reports every problem (real binary)', () => {
  it('50,000 channels with three misspelled keys each: the first 1,000 problems and how many more, exit 1', async () => {
    await withTempDir(async (dir) => {
      const lines = ['version: 1', 'channels:'];
      for (let i = 0; i < 50_000; i++) lines.push(`  - name: c${i}`, '    group: users', '    nmae: x', '    gruop: y', '    comemnt: z');
      writeFileSync(join(dir, 'big.yaml'), `${lines.join('\n')}\n`);

      const text = await runCli(['validate', 'big.yaml', '--verbose'], { cwd: dir });
      expectUserError(text, /^150000 problems in the configuration\.$/m);
      const shown = text.stderr.split('\n').filter((l) => /^big\.yaml:\d+:\d+: unknown key/.test(l));
      expect(shown).toHaveLength(1000);
      expect(shown[0]).toMatch(/^big\.yaml:5:5: unknown key `nmae` in channel \(did you mean `name`\?\)$/);
      expect(text.stderr).toMatch(/^… and 149000 more problems, not shown\.$/m);

      const json = await runCli(['validate', 'big.yaml', '--format', 'json'], { cwd: dir });
      expect(json.code).toBe(1);
      const doc = expectValidOutput('validate-output.schema.json', json.stdout);
      expectValidOutput('error.schema.json', json.stdout);
      expect(doc.problems).toHaveLength(1000);
      expect(doc).toMatchObject({ ok: false, error: 'config', message: '150000 problems in the configuration', truncated: 149000 });
    });
  });

  it('a short list is complete: truncated is 0 in JSON, and the text has no "more" line', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'a.yaml'), 'version: 1\nchannels:\n  - name: x\n    gruop: users\n');
      const json = await runCli(['validate', 'a.yaml', '--format', 'json'], { cwd: dir });
      expect(expectValidOutput('validate-output.schema.json', json.stdout)).toMatchObject({ truncated: 0, problems: [{}, {}] });
      const text = await runCli(['validate', 'a.yaml'], { cwd: dir });
      expect(text.stderr).not.toMatch(/more problems/);
    });
  });

  it('plan problems are cut the same way: 1,200 channels with an unknown group', async () => {
    await withTempDir(async (dir) => {
      const lines = ['version: 1', 'channels:'];
      for (let i = 0; i < 1200; i++) lines.push(`  - name: c${i}`, '    group: nosuchgroup');
      writeFileSync(join(dir, 'c.yaml'), `${lines.join('\n')}\n`);
      const text = await runCli(['plan', 'c.yaml', '--database', 'embedded:db'], { cwd: dir });
      expectUserError(text, /^1200 problems planning against the database\.$/m);
      expect(text.stderr.split('\n').filter((l) => /^c\.yaml:\d+:\d+: /.test(l))).toHaveLength(1000);
      expect(text.stderr).toMatch(/^… and 200 more problems, not shown\.$/m);
      const json = await runCli(['plan', 'c.yaml', '--format', 'json', '--database', 'embedded:db'], { cwd: dir });
      const doc = expectValidOutput('error.schema.json', json.stdout);
      expect(doc).toMatchObject({ error: 'plan', truncated: 200 });
      expect(doc.problems).toHaveLength(1000);
    });
  });

  it.each([
    ['007', '"007"'],
    ['1e3', '"1e3"'],
    ['0x1F', '"0x1F"'],
    ['+12', '"+12"'],
    ['.5', '".5"'],
  ])('a name written %s: the hint quotes the text as written, and following it keeps the name', async (written, quoted) => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'a.yaml'), `version: 1\nchannels:\n  - name: ${written}\n    group: users\n`);
      const r = await runCli(['validate', 'a.yaml'], { cwd: dir });
      expectUserError(r, new RegExp(`^a\\.yaml:3:11: \`name\`: expected text, got the number .* \\(quote it: ${quoted.replace(/[.+]/g, '\\$&')}\\)$`, 'm'));
      writeFileSync(join(dir, 'a.yaml'), `version: 1\nchannels:\n  - name: ${quoted}\n    group: users\n`);
      const fixed = await runCli(['plan', 'a.yaml', '--format', 'json', '--database', 'embedded:db'], { cwd: dir });
      expect(fixed.code).toBe(0);
      expect(JSON.parse(fixed.stdout)).toMatchObject({ changes: expect.arrayContaining([expect.objectContaining({ kind: 'create-channel', name: written })]) });
    });
  }, 300_000);

  it('a setting written as a number gets the text as written too', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'a.yaml'), 'version: 1\nsettings:\n  ChatEngine::DefaultAgentName: 00100\n');
      const r = await runCli(['validate', 'a.yaml'], { cwd: dir });
      expectUserError(r, /^a\.yaml:3:33: setting `ChatEngine::DefaultAgentName`: expected text, got the number 100 \(quote it: "00100"\)$/m);
    });
  });

  it('a YAML tag or .inf does not hide the other problems of the file, and adds none of its own', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(
        join(dir, 'a.yaml'),
        [
          'version: 1',
          'channels:',
          '  - name: !!binary aGVsbG8=', // 3
          '    group: users',
          '  - name: Sales', // 5
          '    grup: users',
          '  - name: .inf', // 7
          '    group: users',
          '    comment: !custom x', // 9
          '  - name: Support', // 10
          '    !!str group: users',
          '    availableToCustomerUsers: yes', // 12
          '',
        ].join('\n'),
      );
      const r = await runCli(['validate', 'a.yaml'], { cwd: dir });
      expect(r.code).toBe(1);
      expectNoStackTrace(r.stderr);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toEqual([
        expect.stringMatching(/^a\.yaml:3:11: YAML tag !!binary is not supported/),
        expect.stringMatching(/^a\.yaml:5:5: channel "Sales" has no `group`/),
        expect.stringMatching(/^a\.yaml:6:5: unknown key `grup` in channel/),
        expect.stringMatching(/^a\.yaml:7:11: unsupported value \.inf/),
        expect.stringMatching(/^a\.yaml:9:14: YAML tag !custom is not supported/),
        expect.stringMatching(/^a\.yaml:12:31: `availableToCustomerUsers`: expected a boolean/),
        '6 problems in the configuration.',
      ]);
    });
  });

  it('a tagged or aliased key hides no problem of the rest of the file either', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'a.yaml'), 'version: 1\nchannels:\n  - name: A\n    !foo group: users\n  - name: B\n    gruop: users\n');
      const r = await runCli(['validate', 'a.yaml'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^a\.yaml:4:5: YAML tag !foo is not supported/m);
      expect(r.stderr).toMatch(/^a\.yaml:6:5: unknown key `gruop` in channel/m);
      expect(r.stderr).not.toMatch(/channel "A" has no/);
    });
  });
});
