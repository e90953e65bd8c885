/**
 * `cadence <command> --help` and `cadence help <command>` for every command:
 * that command's usage on stdout, exit 0, nothing run. And every option a
 * command's parser takes is in its usage: the parser names them itself when
 * given one it does not know ("its options are: …"). In-process: the process
 * boundary is not what is tested here.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commandUsage, main } from '../app/cli/main.ts';

async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const env = {
    CADENCE_DATA_DIR: mkdtempSync(join(tmpdir(), 'cadence-help-')),
    PATH: process.env.PATH,
  };
  const code = await main(
    argv,
    { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
    { env },
  );
  return { code, stdout, stderr };
}

describe('cadence help for each command', () => {
  it.each(COMMAND_NAMES)(
    '%s: --help and help <command> print its usage and exit 0',
    async (name) => {
      const words = name.split(' ');
      const flag = await run([...words, '--help']);
      expect(flag.code).toBe(0);
      expect(flag.stderr).toBe('');
      expect(flag.stdout).toMatch(new RegExp(`^Usage: cadence ${name} `));
      expect(flag.stdout).toContain(`\n  ${name} `);
      expect(await run(['help', ...words])).toEqual(flag);
      expect(await run([...words, '-h'])).toEqual(flag);
    },
  );

  it.each(COMMAND_NAMES)('%s: every option its parser takes is in its usage', async (name) => {
    const refused = await run([...name.split(' '), '--no-such-option']);
    expect(refused.code).toBe(2);
    const listed = /its options are: (.*)$/m.exec(refused.stderr);
    expect(listed, refused.stderr).not.toBeNull();
    const options = listed![1]!.split(', ').filter((o) => o !== '--json' && o !== '--help');
    const usage = commandUsage(name);
    for (const option of options) expect(usage, `${name} ${option}`).toContain(option);
  });

  it('an unknown command asked for help is named as unknown, exit 2', async () => {
    const answer = await run(['help', 'bok']);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toMatch(/^cadence: unknown command 'bok'/);
  });
});
