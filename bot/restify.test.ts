import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('bot/restify.ts', () => {
  it("loads restify without spdy's DEP0111 warning, and leaves later deprecation warnings alone", () => {
    // A fresh process: Node prints each process.binding warning once per process, so an in-process check could pass by luck.
    const script = `
      const { default: restify } = await import(${JSON.stringify(fileURLToPath(new URL('./restify.ts', import.meta.url)))});
      if (typeof restify.createServer !== 'function') throw new Error('not restify');
      process.emitWarning('a later one', 'DeprecationWarning', 'DEP_LATER');`;
    const run = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { encoding: 'utf8' },
    );
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('DEP0111');
    expect(run.stderr).toContain('[DEP_LATER] DeprecationWarning: a later one');
  });
});
