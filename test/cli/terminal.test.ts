import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useColor } from '../../src/cli/io.js';
import { binPath, repoRoot, withTempDir } from './run-cli.js';

/**
 * Runs the real binary on a pseudo-terminal (util-linux `script`), typing `input` into it, so
 * the prompt and the colours see a real TTY.
 */
function runOnTerminal(args: string, options: { cwd: string; input: string; env?: Record<string, string> }): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `"${process.execPath}" "${binPath}" ${args}`, '/dev/null'], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', TERM: 'xterm', ...options.env },
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
    child.stdin.end(options.input);
  });
}

const ANSI = /\u001b\[[0-9;]*m/;
const example = `"${repoRoot}examples/small-shop"`;

describe('on a terminal (real binary on a pseudo-terminal)', () => {
  it('asks before applying and applies on "yes"', async () => {
    await withTempDir(async (dir) => {
      const r = await runOnTerminal(`apply ${example}`, { cwd: dir, input: 'yes\n' });
      expect(r.output).toMatch(/Apply these changes\? Only "yes" is accepted/);
      expect(r.output).toMatch(/Applied: 3 created/);
      expect(r.code).toBe(0);
    });
  });

  it('changes nothing on any other answer', async () => {
    await withTempDir(async (dir) => {
      const r = await runOnTerminal(`apply ${example}`, { cwd: dir, input: 'y\n' });
      expect(r.output).toMatch(/apply cancelled; nothing was changed/);
      expect(r.code).toBe(1);
      const again = await runOnTerminal(`plan ${example} --detailed-exitcode --no-color`, { cwd: dir, input: '' });
      expect(again.code).toBe(2);
    });
  });

  it('colours the plan on a terminal, and not with --no-color or NO_COLOR', async () => {
    await withTempDir(async (dir) => {
      expect((await runOnTerminal(`plan ${example}`, { cwd: dir, input: '' })).output).toMatch(ANSI);
      expect((await runOnTerminal(`plan ${example} --no-color`, { cwd: dir, input: '' })).output).not.toMatch(ANSI);
      expect((await runOnTerminal(`plan ${example}`, { cwd: dir, input: '', env: { NO_COLOR: '1' } })).output).not.toMatch(ANSI);
    });
  });
});

describe('useColor', () => {
  it('follows the terminal, the flag and NO_COLOR', () => {
    expect(useColor({ isTTY: true }, {}, undefined)).toBe(true);
    expect(useColor({ isTTY: false }, {}, undefined)).toBe(false);
    expect(useColor({}, {}, undefined)).toBe(false);
    expect(useColor({ isTTY: true }, {}, false)).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' }, undefined)).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '' }, undefined)).toBe(true);
  });
});
