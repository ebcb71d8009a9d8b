// The build's last step: the pristine embedded database, a PGlite data folder with the OTRS
// tables and a fresh install's rows, made once here so that a new embedded folder is a copy of
// it (src/db/embedded/pristine-data.ts) rather than initdb + schema on first use. It lives in
// dist/src/db/embedded/pristine/<key>, the key naming PGlite's version and the schema's hash:
// a build whose key is there already does nothing; folders of other keys (an older schema) are
// removed. Runs on the compiled dist/ (after tsc). A failure here only warns: the CLI then makes
// the same folder in the user's cache on first use.
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const { isPristine, makePristine } = await import('../dist/src/db/embedded/pristine-data.js');
const { currentPristineKey, SHIPPED_PRISTINE_ROOT: root } = await import('../dist/src/db/embedded/pristine-location.js');

try {
  const key = currentPristineKey();
  if (!isPristine(join(root, key))) {
    await makePristine(root, key);
    process.stdout.write(`made the pristine embedded database: ${join(root, key)}\n`);
  }
  // Another build's temporary folder (`KEY.tmp-PID-RANDOM`) may be in progress: left alone.
  for (const name of readdirSync(root)) {
    if (name !== key && !name.includes('.tmp-')) rmSync(join(root, name), { recursive: true, force: true });
  }
} catch (err) {
  process.stderr.write(`warning: no pristine embedded database was built (${err instanceof Error ? err.message : String(err)}); the first embedded run makes one in the user's cache instead\n`);
}
