import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const binPath = join(repoRoot, 'bin', 'otrs-chat-config.js');

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Killed for running longer than `timeoutMs`: a hang guard, not a measurement. */
  readonly timedOut: boolean;
}

/**
 * Spawns the real binary. The environment is minimal and explicit so a developer's own
 * OTRS_DATABASE_URL or CI variable never leaks into a test.
 */
export function runCli(
  args: readonly string[],
  options: {
    cwd?: string;
    env?: Record<string, string>;
    input?: string;
    timeoutMs?: number;
    uid?: number;
    /** Sees the running child, e.g. to send it a signal once it reached the state a test needs. */
    onSpawn?: (child: ChildProcess) => void;
  } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [binPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.uid === undefined ? {} : { uid: options.uid }),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
    child.stdin.end(options.input ?? '');
    options.onSpawn?.(child);
  });
}

/** A temporary directory removed after the callback. */
export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'occ-cli-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** No stack trace: no "    at " frames and no Node-internal error banners. */
export function expectNoStackTrace(text: string): void {
  if (/\n\s+at .+\(.+:\d+:\d+\)|node:internal|^\s+at /m.test(text)) {
    throw new Error(`output contains a stack trace:\n${text}`);
  }
}

/** Whether user `nobody` (uid 65534) can read the binary: not when the checkout sits under a 0700 folder. */
export function nobodyCanRun(): boolean {
  try {
    execFileSync(process.execPath, ['-e', `require('fs').accessSync(${JSON.stringify(binPath)}, require('fs').constants.R_OK)`], { uid: 65534, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
