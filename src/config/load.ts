import type { Problem } from '../errors.js';
import { findConfigFiles } from './find-config-files.js';
import type { LoadedConfig, LoadedFile } from './loaded-config.js';
import type { ParsedText } from './parse-yaml.js';
import { readConfigFile } from './read-config-file.js';
import { parseSimpleYaml } from './simple-yaml.js';

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
    const parsed = await parseText(read.text, file.path);
    for (const p of parsed.problems) problems.push(p); // not push(...): a huge list overflows the stack
    if (parsed.root) files.push({ path: file.path, root: parsed.root });
  }
  return { files, sources: found.files.map((f) => f.path), problems };
}

/**
 * A file in the common, simple shape is read by the fast path; any other goes to the YAML
 * parser, loaded only then (it costs more to load than a small config costs to read), which
 * gives the same tree and says what is wrong (src/config/simple-yaml.ts).
 */
async function parseText(text: string, path: string): Promise<ParsedText> {
  const root = parseSimpleYaml(text, path);
  if (root) return { root, problems: [] };
  const { parseConfigText } = await import('./parse-yaml.js');
  return parseConfigText(text, path);
}
