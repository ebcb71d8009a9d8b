import type { Problem } from '../errors.js';
import type { MapNode } from './source-node.js';

/** One config file that was read and parsed: its top level is a mapping. */
export interface LoadedFile {
  /** The path as the user gave it, or relative to the working directory when found in a directory. */
  readonly path: string;
  readonly root: MapNode;
}

/**
 * The result of reading the config paths: the parsed files plus every problem met on the way.
 * Loading never throws on bad input; `validateConfig` reports these problems together with its
 * own, so the user sees everything wrong at once.
 */
export interface LoadedConfig {
  /** Files that parsed, in merge (path) order. */
  readonly files: readonly LoadedFile[];
  /** Every file found, in path order, including those that could not be read or parsed. */
  readonly sources: readonly string[];
  readonly problems: readonly Problem[];
}
