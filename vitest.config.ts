import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three projects, run together by `npm test` (`vitest run`) or one at a time:
 * - `unit` (`npm run test:unit`): everything that needs neither a build nor a database; the inner loop.
 * - `db` (`npm run test:db`): test/db, on PGlite and on the servers in OTRS_TEST_DATABASE_URL and
 *   OTRS_TEST_MYSQL_URL when set; the embedded-database tests run child processes on dist/.
 * - `cli` (`npm run test:cli`): test/cli, which spawns the real binary (bin/ loads dist/).
 * `db` and `cli` build dist/ first in their global setup, once per run.
 */
const DB = 'test/db/**/*.test.ts';
const CLI = 'test/cli/**/*.test.ts';

export default defineConfig({
  test: {
    // No `include` here: projects that extend this config would add theirs to it, not replace it.
    // Hang guards, not measurements: database tests start PGlite (~3 s) and CLI tests spawn the real binary.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // 2 cores: more workers only thrash.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, DB, CLI] } },
      { extends: true, test: { name: 'db', include: [DB], globalSetup: ['test/global-setup.ts'] } },
      { extends: true, test: { name: 'cli', include: [CLI], globalSetup: ['test/global-setup.ts'] } },
    ],
  },
});
