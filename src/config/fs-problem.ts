import type { Problem } from '../errors.js';
import type { SourceLocation } from '../model/source-location.js';

/** The parts of a Node.js system error this module reads. */
interface SystemError {
  readonly code?: unknown;
  readonly message?: unknown;
}

const REASONS: Readonly<Record<string, { reason: string; hint?: string }>> = {
  ENOENT: { reason: 'it does not exist', hint: 'check the path; relative paths start at the current directory' },
  EACCES: { reason: 'permission denied', hint: 'check the permissions of the file and the directories above it' },
  EPERM: { reason: 'permission denied', hint: 'check the permissions of the file and the directories above it' },
  ENOTDIR: { reason: 'a part of the path is not a directory' },
  ELOOP: { reason: 'too many symbolic links (a loop?)' },
  ENAMETOOLONG: { reason: 'the path is too long' },
  EISDIR: { reason: 'it is a directory' },
  EMFILE: { reason: 'too many open files', hint: 'raise the open-file limit (ulimit -n) or pass fewer files' },
  EIO: { reason: 'input/output error while reading' },
};

/**
 * Describes a failed file-system call on a config path as a problem instead of letting the
 * error (and its stack) escape. `location` is given when the file itself is known to exist.
 */
export function fsProblem(error: unknown, path: string, location?: SourceLocation): Problem {
  const { code, message } = (typeof error === 'object' && error !== null ? error : {}) as SystemError;
  const known = typeof code === 'string' ? REASONS[code] : undefined;
  const reason = known?.reason ?? (typeof message === 'string' ? message : String(error));
  return {
    code: code === 'ENOENT' ? 'path-not-found' : 'unreadable',
    message: `cannot read ${JSON.stringify(path)}: ${reason}`,
    ...(location ? { location } : {}),
    ...(known?.hint ? { hint: known.hint } : {}),
  };
}

/** The place of a problem about a whole file: its first line, so editors and CI can jump to it. */
export function fileStart(file: string): SourceLocation {
  return { file, line: 1, column: 1 };
}
