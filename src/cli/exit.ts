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
 * --verbose. With `--format json` stdout gets exactly one error document (`json` adds the
 * command's own keys, e.g. the plan apply had shown), and stderr the same words as in text.
 */
export function reportError(
  err: unknown,
  io: CliIo,
  options: { format?: OutputFormat; verbose?: boolean; json?: object } = {},
): number {
  const asJson = (doc: Record<string, unknown>): void => {
    if (options.format === 'json') io.stdout.write(`${JSON.stringify({ ok: false, ...doc, ...options.json }, null, 2)}\n`);
  };
  if (err instanceof ConfigError || err instanceof PlanError) {
    asJson({ error: err.code, message: err.message, problems: err.problems.map(problemToJson) });
    for (const p of err.problems) io.stderr.write(`${formatProblem(p)}\n`);
    io.stderr.write(`${err.message}.\n`);
    return EXIT.error;
  }
  if (err instanceof ExitError) {
    asJson({ error: err.code, message: err.message, ...err.jsonDetails() });
    io.stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  asJson({ error: 'internal', message });
  io.stderr.write(`internal error: ${message}\nThis is a bug in otrs-chat-config; please report it with the command you ran.\n`);
  if (options.verbose && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  return EXIT.internal;
}
