import { ConfigError, ExitError, PlanError, formatProblem } from '../errors.js';
import type { Problem } from '../errors.js';
import type { CliIo } from './io.js';

/** Documented exit codes (README "Exit codes"). */
export const EXIT = { ok: 0, error: 1, changes: 2, internal: 70 } as const;

export type OutputFormat = 'text' | 'json' | 'markdown';

/** A problem as `--format json` prints it: flat, with the location split out for tools. */
export function problemToJson(p: Problem): Record<string, unknown> {
  return {
    file: p.location?.file ?? null,
    line: p.location?.line ?? null,
    column: p.location?.column ?? null,
    code: p.code,
    message: p.message,
    ...(p.hint ? { hint: p.hint } : {}),
  };
}

/**
 * Renders any error exactly once and returns the exit code. Expected errors (ExitError) get
 * their message; anything else is a bug: exit 70 with "please report", the stack only with
 * --verbose.
 */
export function reportError(err: unknown, io: CliIo, options: { format?: OutputFormat; verbose?: boolean } = {}): number {
  if (err instanceof ConfigError || err instanceof PlanError) {
    if (options.format === 'json') {
      io.stdout.write(JSON.stringify({ ok: false, error: err.code, problems: err.problems.map(problemToJson) }, null, 2) + '\n');
    }
    for (const p of err.problems) io.stderr.write(`${formatProblem(p)}\n`);
    io.stderr.write(`${err.message}.\n`);
    return EXIT.error;
  }
  if (err instanceof ExitError) {
    if (options.format === 'json') {
      io.stdout.write(JSON.stringify({ ok: false, error: err.code, message: err.message }, null, 2) + '\n');
    }
    io.stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`internal error: ${message}\nThis is a bug in otrs-chat-config; please report it with the command you ran.\n`);
  if (options.verbose && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}
