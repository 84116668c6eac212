import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'test/unit/**/*.test.ts',
      'shared/**/*.test.ts',
      'electron/**/*.test.ts',
      'renderer/**/*.test.ts',
      'hub/**/*.test.ts',
    ],
    environment: 'node',
    // Real SQLite files and PDFs on a shared 2-core machine: generous, not flaky.
    testTimeout: 30_000,
    pool: 'forks',
  },
});
