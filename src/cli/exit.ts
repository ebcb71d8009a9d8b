import { ConfigError, ExitError, PlanError, formatProblem } from '../errors.js';
import type { Problem } from '../errors.js';
import type { CliIo } from './io.js';

/** Documented exit codes (README "Exit codes"). */
export const EXIT = { ok: 0, error: 1, changes: 2, internal: 70 } as const;

/**
 * At most this many problems are printed, in text and in JSON (whose `truncated` counts the rest):
 * past it a list helps nobody, and the first ones show what is wrong.
 */
export const MAX_PROBLEMS_SHOWN = 1000;

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
    const shown = err.problems.slice(0, MAX_PROBLEMS_SHOWN);
    const truncated = err.problems.length - shown.length;
    asJson({ error: err.code, message: err.message, problems: shown.map(problemToJson), truncated });
    // One write: a few hundred thousand small writes to a pipe would take longer than validating.
    let text = '';
    for (const p of shown) text += `${formatProblem(p)}\n`;
    if (truncated > 0) text += `… and ${truncated} more problem${truncated === 1 ? '' : 's'}, not shown.\n`;
    io.stderr.write(`${text}${err.message}.\n`);
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
