/**
 * The commands that touch no database start fast because they import only
 * what they need (issue 11: under 1 s; bench/cli-startup.ts times them). A
 * time limit here would fail on a busy machine and pass a slow change on a
 * quiet one, so this checks the cause instead: which packages those commands
 * load, seen through tsx's own import hook in a fresh process.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).href;
const MAIN = new URL('app/cli/main.ts', ROOT).href;

const LIGHT_COMMANDS = [
  ['help'],
  ['policy', 'list'],
  ['policy', 'show', 'solihull'],
  [
    'policy',
    'frequency',
    '--policy',
    'solihull',
    '--role',
    'asye',
    '--started',
    '2026-01-05',
    '--on',
    '2026-02-16',
  ],
  [
    'policy',
    'next',
    '--policy',
    'solihull',
    '--case-status',
    'child-in-need',
    '--since',
    '2026-01-15',
  ],
  [
    'policy',
    'plan',
    '--policy',
    'solihull',
    '--role',
    'asye',
    '--started',
    '2026-01-05',
    '--from',
    '2026-01-05',
    '--months',
    '9',
  ],
  ['workdays', 'add', '--from', '2026-12-24', '--days', '2'],
];

interface Loaded {
  codes: number[];
  /** Every ES module, as tsx's hook saw it. */
  modules: string[];
  /** Every file loaded through `require` (CommonJS), which that hook does not see. */
  required: string[];
}

/** Runs the commands one after another in one process; answers each exit code and every module loaded. */
async function importsOf(commands: string[][]): Promise<Loaded> {
  const script = `
    import { createRequire } from 'node:module';
    import { register } from 'tsx/esm/api';
    const modules = new Set();
    register({ onImport: (url) => modules.add(url) });
    const { main } = await import(${JSON.stringify(MAIN)});
    const codes = [];
    for (const argv of ${JSON.stringify(commands)}) codes.push(await main(argv, { stdout() {}, stderr: (text) => process.stderr.write(text) }));
    const required = Object.keys(createRequire(${JSON.stringify(MAIN)}).cache);
    process.stdout.write(JSON.stringify({ codes, modules: [...modules], required }));`;
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--input-type=module',
    '--eval',
    script,
  ]);
  return JSON.parse(stdout) as Loaded;
}

const packageOf = (url: string) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
const packagesOf = (urls: string[]) =>
  [...new Set(urls.map(packageOf).filter((name) => name !== undefined))].sort();

describe('commands that touch no database', () => {
  it('load rules/ and its few packages, never the bot, Graph, the database or whole date libraries', async () => {
    const { codes, modules } = await importsOf(LIGHT_COMMANDS);
    expect(codes).toEqual(LIGHT_COMMANDS.map(() => 0));
    // tsx: one module of its own loader (its lexer). A package imported here that is CommonJS would show
    // too (its entry goes through the hook); date-holidays does not, since rules/bank-holidays.ts `require`s it.
    expect(packagesOf(modules)).toEqual(['@date-fns/tz', 'date-fns', 'jsonc-parser', 'tsx', 'zod']);
    // date-fns by subpath: its index imports all ~300 of its modules.
    expect(modules.filter((url) => /\/node_modules\/date-fns\/index\.js$/.test(url))).toEqual([]);
    // Of ours, only rules/ and the CLI's own light modules; bot/, graph/ (but its errors), store/ and supervision/ are left alone.
    const ours = modules
      .filter((url) => url.startsWith(ROOT) && !url.includes('/node_modules/'))
      .map((url) => url.slice(ROOT.length));
    expect(ours.filter((path) => !/^(rules|app)\//.test(path))).toEqual(['graph/errors.ts']);
  }, 30_000);

  it('leave date-holidays unloaded until a command counts working days', async () => {
    const lazy = await importsOf([['help'], ['policy', 'list']]);
    expect(packagesOf(lazy.required)).not.toContain('date-holidays');
    // The same check sees it once a command needs it, so the line above is not passing blind.
    const counting = await importsOf([['workdays', 'add', '--from', '2026-12-24', '--days', '2']]);
    expect(packagesOf(counting.required)).toContain('date-holidays');
  }, 30_000);
});
