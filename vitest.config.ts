import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Database tests start PGlite (~3 s) and CLI tests spawn the real binary.
    testTimeout: 180_000,
    hookTimeout: 60_000,
    // 2 cores: more workers only thrash.
    maxWorkers: 2,
  },
});
