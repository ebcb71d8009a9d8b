// Loaded with `node --import` by start-footprint.test.ts: any import of the PGlite driver in the
// process fails with "the PGlite driver was loaded", so a run that never loads it shows it.
import { register } from 'node:module';

const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === '@electric-sql/pglite' || specifier.startsWith('@electric-sql/pglite/')) throw new Error('the PGlite driver was loaded');
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
