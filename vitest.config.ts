import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'data/**', 'test/e2e/**'],
    // Most test files wait on child processes, sockets, databases and emulated Graph latency
    // rather than on the CPU: three files at once on a 2-core machine take the suite from
    // ~12 to ~8 minutes. The tests assert behaviour, not speed, so each gets room to be slow.
    maxWorkers: 3,
    testTimeout: 60_000,
    // Hooks start databases, the Graph emulator, the Playground or a child process;
    // with the whole suite running on 2 cores, one can take longer than vitest's 10 s.
    hookTimeout: 60_000,
  },
});
