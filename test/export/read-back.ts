import { parseConfigText } from '../../src/config/parse-yaml.js';
import { validateConfig } from '../../src/config/validate.js';
import type { Problem } from '../../src/errors.js';
import type { LoadedFile } from '../../src/config/loaded-config.js';
import type { DesiredState } from '../../src/model/desired-state.js';

/**
 * Exported text read back the way `plan` reads config files, without a disk: each file parsed
 * as a config file, then all of them validated together (in name order, as a directory is
 * merged), with an empty environment so no `${VAR}` could resolve. Throws ConfigError.
 */
export function readBack(files: readonly { readonly name: string; readonly text: string }[]): DesiredState {
  const parsed: LoadedFile[] = [];
  const problems: Problem[] = [];
  for (const f of files) {
    const result = parseConfigText(f.text, f.name);
    problems.push(...result.problems);
    if (result.root) parsed.push({ path: f.name, root: result.root });
  }
  return validateConfig({ files: parsed, sources: files.map((f) => f.name), problems }, {});
}

/** One exported document read back. */
export function readBackText(text: string): DesiredState {
  return readBack([{ name: 'export.yaml', text }]);
}
