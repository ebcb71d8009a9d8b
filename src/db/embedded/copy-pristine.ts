import { constants, copyFileSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Fills the new embedded directory `dir` (missing, or an empty directory) with a copy of the
 * pristine data folder: copied under `DIR.creating` beside it, then renamed into place, so `dir`
 * is never a half copy. The caller holds the directory's lock, so a `DIR.creating` found here is
 * what a copy that died half-way left: it is removed and the copy made again.
 * Fails with the file system's error; `DIR.creating` is removed then too.
 */
export function copyPristine(pristine: string, dir: string): void {
  const partial = `${dir}.creating`;
  rmSync(partial, { recursive: true, force: true });
  try {
    copyTree(pristine, partial);
    // rename(2) replaces an empty directory on POSIX but not on Windows: remove it first.
    // rmdir removes only an empty directory, so nothing of the user's can go here.
    if (listDirectory(dir)?.length === 0) rmdirSync(dir);
    renameSync(partial, dir);
  } catch (err) {
    rmSync(partial, { recursive: true, force: true });
    throw err;
  }
}

/**
 * A copy of a tree of directories and files (file modes kept; directory modes as the umask
 * allows). A copy costs the ~1,000 files a data folder holds, not its 29 MB: this copies each
 * file with one `copyFileSync`, where `cpSync` also stats source and target of every file
 * (measured ~60 ms of CPU more), and shares blocks with the original where the file system can
 * (copy-on-write). Anything else in the tree (a link) is refused.
 */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { mode: statSync(from).mode });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyTree(source, join(to, entry.name));
    else if (entry.isFile()) copyFileSync(source, join(to, entry.name), constants.COPYFILE_FICLONE);
    else throw new Error(`not a file or directory: ${source}`);
  }
}

/** The names in a directory; `undefined` when there is none. Other failures (EACCES, ENOTDIR) throw. */
export function listDirectory(path: string): string[] | undefined {
  try {
    return readdirSync(path);
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ENOENT') return undefined;
    throw err;
  }
}
