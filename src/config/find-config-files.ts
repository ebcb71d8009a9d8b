import { readdir, realpath, stat } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Problem } from '../errors.js';
import { fsProblem } from './fs-problem.js';
import { compareCodePoints } from '../model/text.js';

/** A config file to read: how messages name it, and where it is. */
export interface FoundFile {
  /** As the user gave it, or joined to the directory they gave (relative stays relative). */
  readonly path: string;
  readonly absolute: string;
}

const CONFIG_FILE = /\.ya?ml$/;

/**
 * Expands the paths the user gave into config files, in merge order: each path in the order
 * given; a directory contributes its `*.yaml` / `*.yml` files, recursively, sorted by their
 * relative path. Dot-files, dot-folders and `node_modules` are skipped (a `.gitlab-ci.yml` is
 * not config); a file given by name is read whatever its name. A file reached twice is read once.
 */
export async function findConfigFiles(paths: readonly string[], cwd: string): Promise<{ files: FoundFile[]; problems: Problem[] }> {
  const files: FoundFile[] = [];
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const add = async (file: FoundFile): Promise<void> => {
    const real = await realpath(file.absolute).catch(() => file.absolute);
    if (seen.has(real)) return;
    seen.add(real);
    files.push(file);
  };
  const given = paths.length > 0 ? paths : [''];
  for (const path of given) {
    const absolute = resolve(cwd, path);
    const shown = path === '' ? 'the current directory' : JSON.stringify(path);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(absolute)).isDirectory();
    } catch (error) {
      problems.push(fsProblem(error, path === '' ? '.' : path));
      continue;
    }
    if (isDirectory) {
      const relatives: string[] = [];
      const before = problems.length;
      await walk(absolute, '', relatives, problems, path, new Set());
      relatives.sort(compareCodePoints);
      if (relatives.length === 0 && problems.length === before) {
        problems.push({ code: 'no-config-files', message: `no *.yaml or *.yml files in ${shown}`, hint: 'pass the directory that holds the config, or the files themselves' });
      }
      for (const rel of relatives) await add({ path: path === '' ? rel : join(path, rel), absolute: join(absolute, rel) });
    } else {
      // Not necessarily a regular file: the reader says what else it is, before opening it.
      await add({ path, absolute });
    }
  }
  return { files, problems };
}

async function walk(dir: string, rel: string, out: string[], problems: Problem[], shownRoot: string, visited: Set<string>): Promise<void> {
  // A symbolic link back up the tree would otherwise recurse forever.
  const real = await realpath(dir).catch(() => dir);
  if (visited.has(real)) return;
  visited.add(real);
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    problems.push(fsProblem(error, rel === '' ? shownRoot || '.' : join(shownRoot, rel)));
    return;
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
    let isDirectory = entry.isDirectory();
    if (entry.isSymbolicLink()) isDirectory = (await stat(join(dir, entry.name)).catch(() => null))?.isDirectory() ?? false;
    if (isDirectory) {
      if (entry.name !== 'node_modules') await walk(join(dir, entry.name), childRel, out, problems, shownRoot, visited);
    } else if (CONFIG_FILE.test(entry.name)) {
      out.push(childRel);
    }
  }
}
