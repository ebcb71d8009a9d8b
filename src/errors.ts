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

/** What a Node.js file-system error code means, in words a user can act on. */
const FILE_SYSTEM_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'something of that name is in the way',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  ELOOP: 'too many symbolic links (a loop?)',
  ENAMETOOLONG: 'the path is too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EIO: 'input/output error',
  EBUSY: 'it is busy',
  ETXTBSY: 'it is busy',
  EXDEV: 'it is on another file system',
};

/**
 * A failed file-system call as a few words without the path or the error code (the caller names
 * the path the user gave): `permission denied`, `the file system is read-only`. Unknown codes
 * fall back to the error's own message.
 */
export function fileSystemReason(err: unknown): string {
  const { code, message } = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown };
  const known = typeof code === 'string' ? FILE_SYSTEM_REASONS[code] : undefined;
  if (known) return known;
  if (typeof message === 'string' && message !== '') return message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  return String(err);
}

/** The Node.js error code of a failed system call (`ENOENT`...), if it has one. */
export function systemErrorCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}
