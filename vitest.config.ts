import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**', 'test/e2e/**'],
    // The CLI tests start real processes; give them room on a 2-core machine.
    testTimeout: 30_000,
    // Hooks start databases, the Graph emulator, the Playground or a child process;
    // with the whole suite running on 2 cores, one can take longer than vitest's 10 s.
    hookTimeout: 60_000,
  },
});
