import { isAbsolute, relative, resolve } from 'node:path';
import { ConnectionError } from '../../errors.js';
import { parseMysqlUrl, parsePostgresUrl } from './database-url.js';
import type { DatabaseTarget, EmbeddedTarget } from './database-target.js';

/** @default `<cwd>/.otrs-chat-config/db` (docs/design.md §4) */
export const DEFAULT_EMBEDDED_DIR = '.otrs-chat-config/db';

const ACCEPTED_FORMS =
  'postgres://USER@HOST:PORT/DATABASE (or postgresql://), mysql://USER@HOST:PORT/DATABASE (or mariadb://), or embedded[:DIR]';

/**
 * Decides which database a command talks to. The `--database` flag wins over
 * `OTRS_DATABASE_URL`; the `PG*` variables only fill in what a PostgreSQL URL leaves out and never
 * choose a database by themselves. With neither: outside CI, the embedded database in
 * `<cwd>/.otrs-chat-config/db` (`defaulted: true`); in CI an error, so a pipeline never applies to
 * a local stand-in by mistake.
 */
export function resolveDatabaseTarget(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): DatabaseTarget {
  if (flag !== undefined) {
    if (flag.trim() === '') throw new ConnectionError(`--database is empty: give ${ACCEPTED_FORMS}`);
    return parseDatabaseTarget(flag.trim(), env, cwd, 'the --database flag');
  }
  const fromEnv = env.OTRS_DATABASE_URL?.trim();
  if (fromEnv) return parseDatabaseTarget(fromEnv, env, cwd, 'OTRS_DATABASE_URL');
  if (isCi(env)) {
    throw new ConnectionError(
      'no database given: in CI set --database or OTRS_DATABASE_URL (the embedded stand-in database is only used outside CI, so a pipeline never applies to it by mistake)',
    );
  }
  return embeddedTarget(resolve(cwd, DEFAULT_EMBEDDED_DIR), cwd, true);
}

/** Parses one database URL or `embedded[:DIR]`; `source` names where it came from in messages. */
export function parseDatabaseTarget(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  source: string,
): DatabaseTarget {
  if (text === 'embedded' || text.startsWith('embedded:')) {
    const dir = text.slice('embedded:'.length);
    return embeddedTarget(resolve(cwd, dir === '' ? DEFAULT_EMBEDDED_DIR : dir), cwd, false);
  }
  // Only the scheme is echoed: the rest of a URL may hold a password.
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(text)?.[1]?.toLowerCase();
  switch (scheme) {
    case 'postgres':
    case 'postgresql':
      return parsePostgresUrl(text, env, source);
    case 'mysql':
    case 'mariadb':
      return parseMysqlUrl(text, scheme, env, source);
    default:
      throw new ConnectionError(
        `${source} is not a database URL this tool accepts${scheme ? ` (scheme "${scheme}:")` : ''}: use ${ACCEPTED_FORMS}`,
      );
  }
}

function embeddedTarget(dir: string, cwd: string, defaulted: boolean): EmbeddedTarget {
  return { kind: 'embedded', dir, defaulted, description: `embedded database in ${displayPath(dir, cwd)}` };
}

/** `./x/y` for a path under cwd (as people type it), the absolute path otherwise. */
function displayPath(dir: string, cwd: string): string {
  const rel = relative(cwd, dir);
  if (rel === '') return '.';
  return rel.startsWith('..') || isAbsolute(rel) ? dir : `./${rel}`;
}

/** CI systems set `CI` (GitHub, GitLab, Jenkins plugins...); `false`/`0` mean "not CI". */
function isCi(env: Readonly<Record<string, string | undefined>>): boolean {
  const ci = env.CI?.trim().toLowerCase();
  return ci !== undefined && ci !== '' && ci !== 'false' && ci !== '0';
}
