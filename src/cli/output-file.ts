import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ExitError, fileSystemReason, systemErrorCode } from '../errors.js';
import type { CliIo } from './io.js';

/**
 * Checks before any work that `out` (as the user gave it) can be written: its directory exists
 * and is a directory, `out` is not a directory, and the file (or, for a new file, its directory)
 * is writable. A typo in a path must not cost a database connection, nor be found only after the
 * plan was printed. `directoryHint` is added when `out` turns out to be a directory.
 */
export async function checkOutputFile(out: string, io: CliIo, directoryHint = ''): Promise<void> {
  if (out === '') throw new ExitError('usage', '--out takes a file name, got ""');
  const path = resolve(io.cwd, out);
  const dir = dirname(path);
  const parent = await stat(dir).catch((err: unknown) => {
    if (systemErrorCode(err) === 'ENOENT') throw new ExitError('output', `cannot write ${out}: the directory ${JSON.stringify(dirname(out))} does not exist`);
    throw outputError(err, out);
  });
  if (!parent.isDirectory()) throw new ExitError('output', `cannot write ${out}: ${dirname(out)} is not a directory`);
  const existing = await stat(path).catch((err: unknown) => {
    if (systemErrorCode(err) === 'ENOENT') return undefined;
    throw outputError(err, out);
  });
  if (existing?.isDirectory()) throw new ExitError('output', `cannot write ${out}: it is a directory${directoryHint}`);
  // A read-only file stays read-only: the rename in writeOutputFile would otherwise replace it.
  await access(existing ? path : dir, constants.W_OK).catch((err: unknown) => {
    throw outputError(err, out);
  });
}

/**
 * Writes `text` to a temporary file next to `out`, then renames it over `out`: a reader (or a
 * crash) never sees half a file, and a failed write leaves the old file as it was. Every failure
 * is one sentence naming `out`.
 */
export async function writeOutputFile(out: string, text: string, io: CliIo): Promise<void> {
  const path = resolve(io.cwd, out);
  const temp = temporaryName(path);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw outputError(err, out);
  }
}

/** A hidden name in the same directory (so the rename stays on one file system), unique per run. */
export function temporaryName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

/** A file-system failure as one sentence naming the path the user gave: never a stack trace. */
export function outputError(err: unknown, shown: string): ExitError {
  if (err instanceof ExitError) return err;
  const code = systemErrorCode(err);
  // ENOENT while creating: the directory went away, or takes no new entries at all (/proc).
  const reason = code === 'ENOENT' ? 'nothing can be created there' : code === 'EEXIST' ? 'a file of that name appeared meanwhile' : fileSystemReason(err);
  return new ExitError('output', `cannot write ${shown}: ${reason}`);
}
