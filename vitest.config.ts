import { defineConfig } from 'vitest/config';

// Two projects: pure rules (fast) and the server on a real database (PGlite, or PostgreSQL
// when TEST_DATABASE_URL is set). Browser tests run separately (tools/e2e).
export default defineConfig({
  test: {
    projects: [
      // Projects with different worker limits must run in separate groups (Vitest 4).
      { test: { name: 'domain', include: ['packages/*/src/**/*.test.ts'], sequence: { groupOrder: 0 } } },
      {
        test: {
          name: 'server',
          include: ['apps/server/**/*.test.ts', 'tools/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'tools/e2e/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
