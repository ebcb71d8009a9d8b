import type { DesiredState } from '../model/desired-state.js';
import type { Environment } from './interpolate.js';
import { loadConfig } from './load.js';
import { validateConfig } from './validate.js';

export { loadConfig, type LoadOptions } from './load.js';
export type { LoadedConfig, LoadedFile } from './loaded-config.js';
export { validateConfig, sortProblems } from './validate.js';
export { interpolate, type Environment, type Interpolated, type InterpolationIssue } from './interpolate.js';
export { CONFIG_RULES, type ConfigRule } from './rules.js';
export { CONFIG_SCHEMA } from './check-schema.js';
export { MAX_FILE_BYTES } from './read-config-file.js';
export type { RawChannel, RawConfigFile, RawReconcile } from './raw-config.js';
export type { SourceNode, ScalarNode, MapNode, SeqNode, MapEntry } from './source-node.js';

/** Options of `readConfig`. */
export interface ReadConfigOptions {
  /** The environment `${VAR}` references read from (the CLI passes `process.env`). */
  readonly env: Environment;
  /**
   * Directory that relative paths start from.
   * @default process.cwd()
   */
  readonly cwd?: string;
}

/**
 * Loads and validates the config in one step: what `validate`, `plan` and `apply` start with.
 * The result's `files` lists the files merged, for a summary such as
 * `✓ 3 channels, 2 settings in 2 files`.
 *
 * @throws ConfigError with every problem in every file, sorted by file, line and column.
 */
export async function readConfig(paths: readonly string[], options: ReadConfigOptions): Promise<DesiredState> {
  const loaded = await loadConfig(paths, options.cwd === undefined ? {} : { cwd: options.cwd });
  return validateConfig(loaded, options.env);
}
