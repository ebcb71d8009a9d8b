import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { readConfig } from '../../src/config/index.js';
import { ConfigError, formatProblem, type Problem } from '../../src/errors.js';
import type { DesiredState } from '../../src/model/desired-state.js';

/** A scratch directory holding the given files (relative path → content); removed by `cleanup`. */
export interface TmpConfig {
  readonly dir: string;
  cleanup(): void;
}

export function tmpConfig(files: Readonly<Record<string, string | Uint8Array>> = {}): TmpConfig {
  const dir = mkdtempSync(join(tmpdir(), 'otrs-chat-config-'));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `fn` with a scratch directory of files and always removes it. */
export async function withConfig<T>(files: Readonly<Record<string, string | Uint8Array>>, fn: (dir: string) => Promise<T>): Promise<T> {
  const tmp = tmpConfig(files);
  try {
    return await fn(tmp.dir);
  } finally {
    tmp.cleanup();
  }
}

/** Reads the config and returns the problems it must fail with. */
export async function problemsOf(files: Readonly<Record<string, string | Uint8Array>>, options: { paths?: string[]; env?: Record<string, string> } = {}): Promise<Problem[]> {
  return withConfig(files, async (dir) => {
    const error = await readConfig(options.paths ?? [], { env: options.env ?? {}, cwd: dir }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  });
}

/** The problems as `file:line:column: message (hint)` lines, as the CLI prints them. */
export async function messagesOf(files: Readonly<Record<string, string | Uint8Array>>, options: { paths?: string[]; env?: Record<string, string> } = {}): Promise<string[]> {
  return (await problemsOf(files, options)).map(formatProblem);
}

/** Reads a config that must be valid. */
export async function stateOf(files: Readonly<Record<string, string>>, options: { paths?: string[]; env?: Record<string, string> } = {}): Promise<DesiredState> {
  return withConfig(files, (dir) => readConfig(options.paths ?? [], { env: options.env ?? {}, cwd: dir }));
}
