import { open, stat } from 'node:fs/promises';
import type { Problem } from '../errors.js';
import type { FoundFile } from './find-config-files.js';
import { fileStart, fsProblem } from './fs-problem.js';

/** Largest config file read: 16 MiB. Bigger files are refused before a byte is read. */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;

export type ReadResult = { readonly text: string } | { readonly problem: Problem };

/**
 * Reads one config file as UTF-8 text, or says why not. The checks run in an order that keeps
 * hostile files cheap:
 * 1. `stat` the path: a FIFO or device is refused before opening (opening a FIFO blocks).
 * 2. Open it and check type and size on the open handle, so a swap after step 1 is caught too.
 * 3. Read, then refuse NUL bytes and invalid UTF-8: a binary file is not config.
 */
export async function readConfigFile(file: FoundFile): Promise<ReadResult> {
  const where = fileStart(file.path);
  try {
    const problem = checkStat(await stat(file.absolute), file.path);
    if (problem) return { problem };
  } catch (error) {
    return { problem: fsProblem(error, file.path) };
  }
  let bytes: Buffer;
  try {
    const handle = await open(file.absolute, 'r');
    try {
      const problem = checkStat(await handle.stat(), file.path);
      if (problem) return { problem };
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { problem: fsProblem(error, file.path, where) };
  }
  if (bytes.length > MAX_FILE_BYTES) return { problem: tooLarge(file.path, bytes.length) };
  return decode(bytes, file.path);
}

function checkStat(info: { isFile(): boolean; size: number }, path: string): Problem | undefined {
  if (!info.isFile()) return { code: 'not-a-file', message: `cannot read ${JSON.stringify(path)}: it is not a regular file`, hint: 'pass YAML files or directories that hold them' };
  if (info.size > MAX_FILE_BYTES) return tooLarge(path, info.size);
  return undefined;
}

function tooLarge(path: string, size: number): Problem {
  const mb = (size / (1024 * 1024)).toFixed(1);
  return { code: 'file-too-large', message: `file is too large: ${mb} MB, at most 16 MB`, location: fileStart(path), hint: 'split the configuration into several files' };
}

function decode(bytes: Buffer, path: string): ReadResult {
  const notText = (why: string): ReadResult => ({
    problem: { code: 'not-text', message: `not a text file: ${why}`, location: fileStart(path), hint: 'config files are YAML saved as UTF-8' },
  });
  if (bytes.includes(0)) return notText('it contains NUL bytes');
  try {
    // The decoder drops a leading byte-order mark, which would otherwise shift columns on line 1.
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return notText('it is not valid UTF-8');
  }
}
