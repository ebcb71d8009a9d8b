import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`: creates `path` and the directories missing above it. Node's own
 * `mkdir(path, { recursive: true })` never returns where the parent exists but refuses new
 * entries with ENOENT (`/proc/x/y`), so this walks up to the nearest existing directory and
 * creates each missing one on the way down. Fails with the file system's error (`code`
 * `ENOENT`, `EACCES`, `ENOTDIR` for a file in the way...), which the caller turns into words.
 */
export function makeDirectory(path: string): void {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(current).isDirectory();
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'ENOENT') throw err;
      missing.push(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
      continue;
    }
    if (!isDirectory) throw Object.assign(new Error(`not a directory: ${current}`), { code: 'ENOTDIR' });
    break;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (err) {
      // Made meanwhile by someone else: fine, as long as it is a directory.
      if ((err as { code?: unknown }).code !== 'EEXIST' || !statSync(dir).isDirectory()) throw err;
    }
  }
}
