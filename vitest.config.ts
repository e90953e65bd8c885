import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**', 'test/e2e/**'],
    // The CLI tests start real processes; give them room on a 2-core machine.
    testTimeout: 30_000,
  },
});
