import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Set once dist/ was built in this run, so the `db` and `cli` projects build it once between them. */
const BUILT = 'OTRS_TEST_BUILT_DIST';

/**
 * Global setup of the `db` and `cli` projects: CLI tests spawn the real binary and the embedded
 * database tests run child processes on the built library, both of which load dist/. Build it
 * once per run so they always test the sources in the tree, never a stale build. The `unit`
 * project has no global setup: it needs no build.
 */
export default function setup(): void {
  if (process.env[BUILT] === '1') return;
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  process.env[BUILT] = '1';
}
