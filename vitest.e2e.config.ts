import { defineConfig } from 'vitest/config';

// End-to-end tests: `npm start`'s stack driven through the Agents Playground in
// Debian's Chromium. One file at a time: each starts the whole stack and a browser.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
