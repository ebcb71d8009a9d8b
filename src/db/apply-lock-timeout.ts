import { LockTimeoutError } from '../errors.js';

/** The one message for a concurrent apply holding the lock, whatever the database. */
export function applyLockTimeout(lockTimeoutMs: number): LockTimeoutError {
  const waited = lockTimeoutMs < 1000 ? `${Math.round(lockTimeoutMs)} ms` : `${+(lockTimeoutMs / 1000).toFixed(1)} s`;
  return new LockTimeoutError(
    `another apply is running on this database; waited ${waited} for its lock (--lock-timeout). Try again when it has finished.`,
  );
}
