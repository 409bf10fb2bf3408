import { defineConfig } from 'vitest/config';

// Browser tests: a real server process and Debian's Chromium through playwright-core.
export default defineConfig({
  test: {
    name: 'browser',
    include: ['tools/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
