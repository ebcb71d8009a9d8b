import { chmodSync, readdirSync, writeFileSync, mkdirSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binPath, expectNoStackTrace, nobodyCanRun, repoRoot, runCli, withTempDir } from './run-cli.js';

const exampleDirs = readdirSync(join(repoRoot, 'examples'), { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'ci')
  .map((d) => d.name);

describe('validate (real binary)', () => {
  it('has at least three examples', () => {
    expect(exampleDirs.length).toBeGreaterThanOrEqual(3);
  });

  it.each(exampleDirs)('accepts examples/%s', async (name) => {
    const r = await runCli(['validate', `examples/${name}`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ \d+ channels?, \d+ settings? in \d+ files?\n$/);
  });

  it('counts channels, settings and files', async () => {
    const r = await runCli(['validate', 'examples/company']);
    expect(r.stdout).toBe('✓ 7 channels, 12 settings in 3 files\n');
  });

  it('reports every problem as file:line:col on stderr with exit 1', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(
        join(dir, 'a.yaml'),
        'version: 1\nchannels:\n  - name: Sales\n    group: users\n    availableToPublic: true\n  - name: x\n    group: 3\n',
      );
      const r = await runCli(['validate', 'a.yaml'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^a\.yaml:5:5: .*availableToPublic.*did you mean .*availableToPublicUsers/m);
      expect(r.stderr).toMatch(/^a\.yaml:7:12: /m);
      expectNoStackTrace(r.stderr);
    });
  });

  it('prints problems as JSON with --format json', async () => {
    await withTempDir(async (dir) => {
      writeFileSync(join(dir, 'a.yaml'), 'version: 1\nsettings:\n  ChatEngine::Actve: true\n');
      const r = await runCli(['validate', '--format', 'json', 'a.yaml'], { cwd: dir });
      expect(r.code).toBe(1);
      const out = JSON.parse(r.stdout) as { ok: boolean; problems: { file: string; line: number; column: number; hint?: string }[] };
      expect(out.ok).toBe(false);
      expect(out.problems[0]).toMatchObject({ file: 'a.yaml', line: 3, column: 3 });
      expect(out.problems[0]?.hint).toContain('ChatEngine::Active');
    });
  });

  it('prints success as JSON with --format json', async () => {
    const r = await runCli(['validate', '--format', 'json', 'examples/small-shop']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, channels: 3, problems: [] });
  });

  it('documents exit codes in --help', async () => {
    const r = await runCli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exit codes:/);
    expect(r.stdout).toMatch(/70 +internal error/);
  });

  it('exits 1 on an unknown option, without a stack trace', async () => {
    const r = await runCli(['validate', '--bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    expectNoStackTrace(r.stderr);
  });

  it('reads the current directory when no path is given', async () => {
    const r = await runCli(['validate'], { cwd: join(repoRoot, 'examples', 'company') });
    expect(r.stdout).toBe('✓ 7 channels, 12 settings in 3 files\n');
  });
});

describe('validate on hostile input (real binary)', () => {
  const cases: [string, (dir: string) => string, RegExp][] = [
    ['malformed YAML', (d) => write(d, 'a.yaml', 'version: 1\nchannels: [\n'), /a\.yaml:\d+:\d+: /],
    ['a top-level list', (d) => write(d, 'a.yaml', '- version: 1\n'), /a\.yaml:1:1: .*mapping/],
    ['wrong types', (d) => write(d, 'a.yaml', 'version: "1"\nchannels: {}\n'), /a\.yaml:1:10: /],
    ['duplicate keys', (d) => write(d, 'a.yaml', 'version: 1\nversion: 1\n'), /a\.yaml:2:1: key `version` appears twice/],
    ['an empty file', (d) => write(d, 'a.yaml', ''), /a\.yaml.*empty/],
    ['a binary file', (d) => write(d, 'a.yaml', Buffer.from([0x76, 0x00, 0xff, 0xfe, 0x00, 0x01])), /a\.yaml.*(binary|not a text)/i],
    ['a file over 16 MB', (d) => { const p = write(d, 'big.yaml', 'version: 1\n'); truncateSync(join(d, p), 17 * 1024 * 1024); return p; }, /big\.yaml.*16 MB/],
    ['a billion-laughs alias bomb', (d) => write(d, 'a.yaml', billionLaughs()), /a\.yaml:\d+:\d+: .*alias/i],
    ['a path that does not exist', () => 'nope.yaml', /nope\.yaml.*(does not exist|not found)/i],
    ['a directory without YAML', (d) => { mkdirSync(join(d, 'empty')); writeFileSync(join(d, 'empty', 'notes.txt'), 'x'); return 'empty'; }, /no \*\.yaml or \*\.yml files in "empty"/],
  ];

  // runCli kills a binary that runs for 2 minutes: a hang fails here, without timing the run.
  it.each(cases)('%s: clear message, exit 1, no hang', async (_name, make, expected) => {
    await withTempDir(async (dir) => {
      const target = make(dir);
      const r = await runCli(['validate', target], { cwd: dir });
      expect(r.timedOut).toBe(false);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(expected);
      expectNoStackTrace(r.stderr);
    });
  });

  it('a file that cannot be read even by root: clear message, exit 1', async () => {
    const r = await runCli(['validate', '/proc/self/mem']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot read "\/proc\/self\/mem"/);
    expectNoStackTrace(r.stderr);
  });

  // As `nobody`, only where that user can reach the checkout (CI may clone below a private folder).
  const asNobody = nobodyCanRun();
  const unreadableName = `an unreadable file (mode 000), read as user nobody: clear message, exit 1${asNobody ? '' : ' (skipped: nobody cannot reach this checkout)'}`;
  it.skipIf(!asNobody)(unreadableName, async () => {
    await withTempDir(async (dir) => {
      chmodSync(dir, 0o755);
      writeFileSync(join(dir, 'secret.yaml'), 'version: 1\n');
      chmodSync(join(dir, 'secret.yaml'), 0o000);
      // Tests run as root, who reads anything: run the binary as `nobody` instead.
      const r = await runCli(['validate', 'secret.yaml'], { cwd: dir, uid: 65534 });
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/secret\.yaml.*(permission|cannot be read|not readable)/i);
      expectNoStackTrace(r.stderr);
    });
  });

  it('never crashes on arbitrary or mutated YAML (property)', async () => {
    const valid = 'version: 1\nsettings:\n  ChatEngine::Active: true\nchannels:\n  - name: Sales\n    group: users\n    comment: "x"\n';
    const mutated = fc
      .array(fc.tuple(fc.nat(valid.length), fc.nat(3), fc.string({ maxLength: 4 })), { maxLength: 4 })
      .map((edits) => edits.reduce((s, [at, del, ins]) => s.slice(0, at) + ins + s.slice(at + del), valid));
    await withTempDir(async (dir) => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), mutated), async (text) => {
          writeFileSync(join(dir, 'c.yaml'), text);
          const r = await runCli(['validate', 'c.yaml'], { cwd: dir });
          expect([0, 1]).toContain(r.code);
          expectNoStackTrace(r.stderr);
        }),
        { numRuns: 25 },
      );
    });
  });
});

function write(dir: string, name: string, content: string | Buffer): string {
  writeFileSync(join(dir, name), content);
  return name;
}

function billionLaughs(): string {
  const lines = ['version: 1', 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= 9; i++) {
    const refs = Array.from({ length: 9 }, () => `*a${i - 1}`).join(',');
    lines.push(`a${i}: &a${i} [${refs}]`);
  }
  return lines.join('\n') + '\n';
}
