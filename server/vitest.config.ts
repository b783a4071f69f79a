import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'probe/**/*.test.ts'],
    // Each integration file boots its own database; PGlite start-up dominates, so files run in parallel forks.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
