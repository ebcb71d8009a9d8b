import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import { ConnectionError, fileSystemReason, LockTimeoutError, systemErrorCode } from '../../errors.js';
import { makeDirectory } from './make-directory.js';

/** A lock not refreshed for this long is stale whoever owns it (proper-lockfile's own rule). */
const STALE_MS = 10_000;
/** The owner refreshes the lock's mtime this often: its heartbeat. */
const HEARTBEAT_MS = 1_000;
/** Owner's process gone and no heartbeat for this long: take the lock over without waiting for STALE_MS. */
const DEAD_OWNER_GRACE_MS = 2_000;
const POLL_MS = 200;

export interface DirectoryLock {
  /** Throws a `ConnectionError` once the lock was lost (taken over while this process stalled). */
  assertHeld(): void;
  /** Idempotent. */
  release(): Promise<void>;
}

interface Owner {
  readonly pid: number;
  readonly hostname: string;
}

/**
 * Locks a directory for this process: `DIR.lock` (proper-lockfile; released on close and on
 * process exit, stale after 10 s without a heartbeat) and `DIR.owner` recording the owner's pid,
 * so a lock whose process is gone is taken over at once rather than after the stale time.
 * Waits up to `timeoutMs`, then throws a `LockTimeoutError` naming the owner.
 * @param shownAs the directory as messages show it
 */
export async function lockDirectory(dir: string, timeoutMs: number, shownAs: string): Promise<DirectoryLock> {
  const lockPath = `${dir}.lock`;
  const ownerPath = `${dir}.owner`;
  try {
    makeDirectory(dirname(dir));
  } catch (err) {
    throw embeddedDirectoryError(err, shownAs);
  }
  const deadline = Date.now() + timeoutMs;
  let lost: Error | undefined;

  for (;;) {
    let release: (() => Promise<void>) | undefined;
    try {
      release = await lockfile.lock(dir, {
        realpath: false,
        lockfilePath: lockPath,
        stale: STALE_MS,
        update: HEARTBEAT_MS,
        retries: 0,
        onCompromised: (err) => {
          lost = err;
        },
      });
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ELOCKED') throw embeddedDirectoryError(err, shownAs);
    }
    if (release) {
      try {
        return held(release, ownerPath, shownAs, () => lost);
      } catch (err) {
        await release().catch(() => undefined);
        throw embeddedDirectoryError(err, shownAs);
      }
    }

    const owner = readOwner(ownerPath);
    if (owner && isGone(owner) && heartbeatAge(lockPath) > DEAD_OWNER_GRACE_MS) {
      takeOver(lockPath);
      continue;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      const who = owner ? ` (pid ${owner.pid}${owner.hostname === hostname() ? '' : ` on ${owner.hostname}`})` : '';
      throw new LockTimeoutError(
        `another otrs-chat-config process${who} is using the embedded database in ${shownAs}; waited ${timeoutMs / 1000} s (--lock-timeout)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, left)));
  }
}

/**
 * A file-system failure on the embedded database's directory (or the lock and owner files beside
 * it) as one sentence naming the directory as the user gave it: never a raw `ENOENT: …, mkdir '…'`.
 */
export function embeddedDirectoryError(err: unknown, shownAs: string): ConnectionError {
  if (err instanceof ConnectionError) return err;
  const code = systemErrorCode(err);
  // mkdir says ENOENT where nothing can be created at all (/proc) or a parent vanished.
  const reason = code === 'ENOENT' ? 'nothing can be created there' : code === 'EEXIST' ? 'a part of the path is a file, not a directory' : fileSystemReason(err);
  return new ConnectionError(`cannot use ${shownAs} for the embedded database: ${reason}`);
}

function held(release: () => Promise<void>, ownerPath: string, shownAs: string, lostReason: () => Error | undefined): DirectoryLock {
  writeOwner(ownerPath);
  let released = false;
  return {
    assertHeld() {
      const reason = lostReason();
      if (reason) {
        throw new ConnectionError(
          `lost the lock on the embedded database in ${shownAs} (${reason.message}); stopped so that two processes never write it at once`,
        );
      }
    },
    async release() {
      if (released) return;
      released = true;
      if (readOwner(ownerPath)?.pid === process.pid) rmSync(ownerPath, { force: true });
      if (!lostReason()) await release();
    },
  };
}

function writeOwner(ownerPath: string): void {
  const owner: Owner = { pid: process.pid, hostname: hostname() };
  const temporary = `${ownerPath}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(owner)}\n`);
  renameSync(temporary, ownerPath);
}

function readOwner(ownerPath: string): Owner | undefined {
  try {
    const parsed: unknown = JSON.parse(readFileSync(ownerPath, 'utf8'));
    const { pid, hostname: host } = parsed as Partial<Owner>;
    return typeof pid === 'number' && typeof host === 'string' ? { pid, hostname: host } : undefined;
  } catch {
    return undefined;
  }
}

/** Only a process on this machine can be checked; signal 0 probes without touching it. */
function isGone(owner: Owner): boolean {
  if (owner.hostname !== hostname()) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (err) {
    return (err as { code?: unknown }).code === 'ESRCH';
  }
}

function heartbeatAge(lockPath: string): number {
  try {
    return Date.now() - statSync(lockPath).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Moves the dead owner's lock aside, then removes it. A fresh heartbeat on what was moved means
 * another process took the lock meanwhile: it is put back, and at worst that process sees its
 * lock as lost and stops; two writers never go on together.
 */
function takeOver(lockPath: string): void {
  const aside = `${lockPath}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lockPath, aside);
  } catch {
    return;
  }
  if (heartbeatAge(aside) <= DEAD_OWNER_GRACE_MS) {
    try {
      renameSync(aside, lockPath);
      return;
    } catch {
      // A newer lock is in place; the moved one is removed below.
    }
  }
  rmSync(aside, { recursive: true, force: true });
}
