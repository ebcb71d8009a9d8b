import type { SourceLocation } from './model/source-location.js';

/** One thing wrong with the input, at its place in a file when it has one. */
export interface Problem {
  /** Stable machine-readable kind, e.g. `schema`, `duplicate-channel`, `unknown-group`. */
  readonly code: string;
  readonly message: string;
  readonly location?: SourceLocation;
  /** How to fix it ("did you mean ...?"). */
  readonly hint?: string;
}

/**
 * Base of every error the tool expects: it carries the exit code and a message that says how
 * to fix it. The library throws these and never prints; `cli/exit.ts` renders each kind once.
 * Anything that is not an `ExitError` is a bug (exit 70).
 */
export class ExitError extends Error {
  readonly exitCode: number = 1;
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Structured detail for `--format json` error documents, beside `error` and `message`. */
  jsonDetails(): Record<string, unknown> {
    return {};
  }
}

/** The config files are wrong: every problem, all at once. */
export class ConfigError extends ExitError {
  constructor(readonly problems: readonly Problem[]) {
    super('config', `${problems.length} problem${problems.length === 1 ? '' : 's'} in the configuration`);
  }
}

/** The config is well-formed but cannot be applied to this database (unknown group, rename clash...). */
export class PlanError extends ExitError {
  constructor(readonly problems: readonly Problem[]) {
    super('plan', `${problems.length} problem${problems.length === 1 ? '' : 's'} planning against the database`);
  }
}

/** Cannot reach or log in to the database, or the URL is wrong. Never contains a password. */
export class ConnectionError extends ExitError {
  constructor(message: string) {
    super('connection', message);
  }
}

/** The database is not an OTRS database this tool can serve (chat not installed, unknown layout). */
export class UnsupportedDatabaseError extends ExitError {
  constructor(message: string) {
    super('unsupported-database', message);
  }
}

/** A statement failed; `step` names what the tool was doing. The transaction was rolled back. */
export class DatabaseError extends ExitError {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super('database', message);
  }
}

/** Another apply (or CLI on the embedded directory) holds the lock past `--lock-timeout`. */
export class LockTimeoutError extends ExitError {
  constructor(message: string) {
    super('lock-timeout', message);
  }
}

/** The tool refuses on purpose: mass-invalidation guard, no terminal without `--yes`, stale plan. */
export class RefusedError extends ExitError {
  constructor(code: string, message: string) {
    super(code, message);
  }
}

/** The database changes are committed, but the operator's deploy command failed or timed out. */
export class DeployError extends ExitError {
  constructor(message: string) {
    super('deploy', message);
  }
}

/** Renders a problem the way every command prints it: `file:line:col: message (hint)`. */
export function formatProblem(p: Problem): string {
  const where = p.location ? `${p.location.file}:${p.location.line}:${p.location.column}: ` : '';
  return `${where}${p.message}${p.hint ? ` (${p.hint})` : ''}`;
}
