/**
 * The `cadence` command as a person runs it, checking what lands on stdout,
 * stderr and the exit code: in-process through `main()` (test/support/cli.ts),
 * and the graph emulator, which is stopped with Ctrl+C, as a real process
 * through the package's bin.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCadence } from './support/cli.ts';

const BIN = new URL('../app/bin/cadence.js', import.meta.url).pathname;

const cadence = (...args: string[]) => runCadence(args);

async function json(...args: string[]): Promise<unknown> {
  const result = await cadence(...args, '--json');
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout);
}

describe('cadence policy', () => {
  it('lists the shipped policies', async () => {
    const { stdout, code } = await cadence('policy', 'list');
    expect(code).toBe(0);
    expect(stdout).toContain('solihull');
    expect(stdout).toContain('Supervision and Support Framework');
  });

  it('shows a policy with each rule and the passage it comes from', async () => {
    const { stdout } = await cadence('policy', 'show', 'solihull');
    expect(stdout).toContain('asye — Newly qualified social workers');
    expect(stdout).toContain('weekly until 6 weeks after start in the role');
    expect(stdout).toContain(
      '[Appendix 4 - Frequency of Supervision] “Weekly for the first 6 weeks;',
    );
    expect(stdout).toContain(
      'supervision agreement signed within 4 weeks of a new supervisory relationship',
    );
  });

  it('answers the frequency in force on a date, either side of the ASYE six-week boundary', async () => {
    const asye = [
      'policy',
      'frequency',
      '--policy',
      'solihull',
      '--role',
      'asye',
      '--started',
      '2026-01-05',
    ];
    expect(await json(...asye, '--on', '2026-02-15')).toEqual({ every: 1, unit: 'week' });
    expect(await json(...asye, '--on', '2026-02-16')).toEqual({ every: 2, unit: 'week' });
  });

  it('answers a case status frequency, the next due date and a plan', async () => {
    expect(
      await json(
        'policy',
        'frequency',
        '--policy',
        'solihull',
        '--case-status',
        'looked-after-matched',
        '--on',
        '2026-11-23',
      ),
    ).toEqual({
      every: 3,
      unit: 'month',
    });
    expect(
      await json(
        'policy',
        'next',
        '--policy',
        'solihull',
        '--role',
        'social-worker',
        '--last',
        '2026-01-31',
      ),
    ).toEqual({ due: '2026-02-28' });
    expect(
      await json(
        'policy',
        'plan',
        '--policy',
        'solihull',
        '--role',
        'foster-carer',
        '--started',
        '2025-12-15',
        '--from',
        '2026-10-01',
        '--months',
        '6',
      ),
    ).toEqual(['2026-10-15', '2026-11-15', '2026-12-15', '2027-02-15']);
    const { stdout } = await cadence(
      'policy',
      'plan',
      '--policy',
      'solihull',
      '--role',
      'business-support',
      '--started',
      '2026-01-01',
      '--from',
      '2026-01-01',
      '--months',
      '4',
    );
    expect(stdout).toBe('2026-02-26\n2026-04-23\n');
  });

  it('uses a council’s own policy file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadence-cli-'));
    const file = join(dir, 'ours.json');
    writeFileSync(
      file,
      '{"id": "ours", "council": "Ours", "document": {"title": "t", "date": "2026", "file": "ours.txt"}, "roles": [], "cases": [',
    );
    const { code, stderr, stdout } = await cadence('policy', 'show', file);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `cadence: policy file ${file}: is not valid JSON: close bracket expected at line 1, column 122\n`,
    );
  });
});

describe('cadence workdays', () => {
  it('adds working days across Christmas 2026, the from day not counted', async () => {
    expect(await json('workdays', 'add', '--from', '2026-12-24', '--days', '2')).toEqual({
      date: '2026-12-30',
    });
  });
});

describe('bad input: exit code 2 and one line on stderr that says what is accepted', () => {
  it.each([
    [['policy', 'show', 'camden'], "cadence: unknown policy 'camden'; the policies are: solihull"],
    [
      ['policy', 'frequency', '--policy', 'solihull', '--role', 'wizard', '--on', '2026-01-01'],
      "cadence: unknown role 'wizard'; roles in policy solihull: student, asye,",
    ],
    [
      [
        'policy',
        'frequency',
        '--policy',
        'solihull',
        '--role',
        'asye',
        '--type',
        'professional',
        '--started',
        '2026-01-01',
      ],
      "cadence: policy solihull sets no 'professional' supervision for role 'asye'; its types for that role: one-to-one",
    ],
    [
      ['policy', 'frequency', '--policy', 'solihull', '--case-status', 'care-leaver-16-17'],
      "cadence: policy solihull does not cover case status 'care-leaver-16-17'",
    ],
    [
      ['policy', 'next', '--policy', 'solihull', '--role', 'social-worker', '--last', '2026-02-30'],
      "cadence: --last '2026-02-30' does not exist on the calendar",
    ],
    [
      ['policy', 'frequency', '--policy', 'solihull', '--role', 'asye', '--on', '2026-01-01'],
      'cadence: the frequency changes with time since the start date in the role: give the start date in the role',
    ],
    [['policy', 'frequency', '--role', 'asye'], 'cadence: policy frequency: --policy is required'],
    [
      ['policy', 'frequency', '--policy', 'solihull', '--rol', 'asye'],
      "cadence: policy frequency: Unknown option '--rol'",
    ],
    [
      ['workdays', 'add', '--from', '2026-12-24', '--days', 'two'],
      "cadence: --days 'two' must be a whole number",
    ],
    [
      ['polcy', 'list'],
      "cadence: unknown command 'polcy list'; commands: policy list, policy show",
    ],
  ])('%j', async (args, start) => {
    const { code, stdout, stderr } = await cadence(...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.startsWith(start), stderr).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('cadence graph-emulator', () => {
  it('serves the demo council, prints the settings to use, and stops cleanly on Ctrl+C', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [BIN, 'graph-emulator', '--port', '0'], {
      env: { ...process.env, CADENCE_TODAY: '2026-11-23' },
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Stop with Ctrl+C.')) resolve();
      });
      child.once('exit', () => reject(new Error(`exited early: ${out}`)));
    });
    const base = /export GRAPH_BASE_URL='([^']+)'/.exec(out)![1]!;
    expect(out).toContain('with the demo council (42 people');
    // What `cadence serve` needs to take the emulator's development settings (app/config.ts).
    expect(out).toContain("export CADENCE_DEVELOPMENT='1'");
    // It answers like Graph: no token, no entry.
    expect((await fetch(`${base}/v1.0/users/s.iqbal@northdale.example`)).status).toBe(401);
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('Graph emulator stopped.');
  });
});
