import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readOtrsSchemaSql } from './otrs-schema.js';
import { PRISTINE_AFTER_SCHEMA, PRISTINE_INITDB_ARGS } from './pristine-recipe.js';

/** Where pristine data folders are looked for, each in a subfolder named by `pristineKey`. */
export interface PristineSources {
  /** Made by the build (scripts/build-pristine.js), read only at run time. `undefined`: none. */
  readonly shipped: string | undefined;
  /** Made on first use when nothing was shipped: a per-user cache. `undefined`: none. */
  readonly cache: string | undefined;
}

/** Beside this module: dist/src/db/embedded/pristine/ once built (never created under src/). */
export const SHIPPED_PRISTINE_ROOT = fileURLToPath(new URL('./pristine/', import.meta.url));

/**
 * The build's folder, then the user's cache (`$XDG_CACHE_HOME`, else the platform's cache folder)
 * under `otrs-chat-config/pristine`.
 */
export function defaultPristineSources(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): PristineSources {
  return { shipped: SHIPPED_PRISTINE_ROOT, cache: userCacheRoot(env, platform) };
}

function userCacheRoot(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string | undefined {
  const xdg = env.XDG_CACHE_HOME;
  let root: string;
  if (xdg && isAbsolute(xdg)) root = xdg;
  else {
    let home: string;
    try {
      home = homedir();
    } catch {
      return undefined;
    }
    if (!home) return undefined;
    if (platform === 'win32') root = env.LOCALAPPDATA || join(home, 'AppData', 'Local');
    else if (platform === 'darwin') root = join(home, 'Library', 'Caches');
    else root = join(home, '.cache');
  }
  return join(root, 'otrs-chat-config', 'pristine');
}

/**
 * Names a pristine data folder by what it holds: PGlite's version (its data files are that
 * version's), a hash of the schema script run on it and of the rest of its recipe
 * (pristine-recipe.ts), so a changed schema, recipe or PGlite never picks up an old copy.
 * E.g. `pglite-0.5.16-3f9c…` (16 hex digits).
 */
export function pristineKey(schemaSql: string, pgliteVersion: string, recipe: readonly (readonly string[])[] = [PRISTINE_INITDB_ARGS, PRISTINE_AFTER_SCHEMA]): string {
  const hash = createHash('sha256').update(JSON.stringify([pgliteVersion, schemaSql, recipe])).digest('hex').slice(0, 16);
  return `pglite-${pgliteVersion.replace(/[^\w.-]/g, '_')}-${hash}`;
}

/** The key for the schema shipped with this module and the PGlite installed beside it. */
export function currentPristineKey(): string {
  return pristineKey(readOtrsSchemaSql(), installedPgliteVersion());
}

/** PGlite does not export its package.json: found from the file its main entry resolves to. */
function installedPgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const manifest: unknown = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8'));
  const { name, version } = (typeof manifest === 'object' && manifest !== null ? manifest : {}) as { name?: unknown; version?: unknown };
  if (name !== '@electric-sql/pglite' || typeof version !== 'string') throw new Error('cannot tell the installed PGlite version');
  return version;
}
