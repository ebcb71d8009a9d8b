import type { Problem } from '../errors.js';
import { findConfigFiles } from './find-config-files.js';
import type { LoadedConfig, LoadedFile } from './loaded-config.js';
import { parseConfigText } from './parse-yaml.js';
import { readConfigFile } from './read-config-file.js';

/** Options of `loadConfig`. */
export interface LoadOptions {
  /**
   * Directory that relative paths start from; messages show paths relative to it.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/**
 * Reads and parses the config files: each path is a file or a directory (read recursively,
 * see `findConfigFiles`); no paths means the working directory. Files are read one after the
 * other, in merge order.
 *
 * Bad input never throws: a missing path, an unreadable, binary, empty or oversized file, and
 * YAML that is malformed or uses what the config language refuses (aliases, tags, several
 * documents, a top level that is not a mapping) each become a `Problem` in the result, and the
 * remaining files are still read. `validateConfig` reports them together with its own.
 */
export async function loadConfig(paths: readonly string[], options: LoadOptions = {}): Promise<LoadedConfig> {
  const cwd = options.cwd ?? process.cwd();
  const found = await findConfigFiles(paths, cwd);
  const problems: Problem[] = [...found.problems];
  const files: LoadedFile[] = [];
  for (const file of found.files) {
    const read = await readConfigFile(file);
    if ('problem' in read) {
      problems.push(read.problem);
      continue;
    }
    const parsed = parseConfigText(read.text, file.path);
    for (const p of parsed.problems) problems.push(p); // not push(...): a huge list overflows the stack
    if (parsed.root) files.push({ path: file.path, root: parsed.root });
  }
  return { files, sources: found.files.map((f) => f.path), problems };
}
