/**
 * The demo council's group (issue 15, item 7): Sana Iqbal's team meets for
 * Solihull's team group supervision, "at least one group supervision per
 * calendar month" (000, Group Supervision), a type the policy sets per team.
 * Booked against the demo's busy calendars as one series of every 4 weeks,
 * with a quorum of 4 of the 7 members free.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from '../graph/emulator/index.ts';
import { cadenceOk } from './support/cli.ts';
import { emulatorEnv } from './support/emulator-env.ts';

const DEMO = (file: string) => new URL(`../app/demo/${file}`, import.meta.url).pathname;

describe('the demo council’s team group', () => {
  let emulator: GraphEmulator;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    emulator = await startGraphEmulator({});
    emulator.seedDemoCouncil({ today: '2026-11-23' });
    dir = mkdtempSync(join(tmpdir(), 'cadence-demo-group-'));
    env = {
      CADENCE_DATA_DIR: join(dir, 'data'),
      CADENCE_TODAY: '2026-11-23',
      ...emulatorEnv(emulator, join(dir, 'ca.pem')),
    };
    await cadenceOk(['roster', 'import', DEMO('roster.csv')], env);
  }, 120_000);
  afterAll(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports, and books as one series every 4 weeks in Sana Iqbal’s calendar with her team invited', async () => {
    expect(await cadenceOk(['groups', 'import', DEMO('groups.csv')], env)).toContain(
      '+ Assessment team group supervision (group): facilitated by s.iqbal@northdale.example, 7 members, quorum 4',
    );
    const out = await cadenceOk(['book', '--supervisor', 's.iqbal@northdale.example'], env);
    expect(out).toContain(
      'group Assessment team group supervision (group), organised by s.iqbal@northdale.example with 7 members invited, placed where at least 4 of the 7 are free',
    );
    expect(out).toMatch(/one series for the group: group: every 4 weeks on \w+ at \d\d:\d\d/);
    const sana = emulator.state.directory.require('s.iqbal@northdale.example');
    const group = emulator.state.store
      .events(sana.id)
      .filter((e) => e.input.subject === 'Group supervision: Sana Iqbal');
    expect(group).toHaveLength(1);
    expect(group[0]!.input.attendees).toHaveLength(7);
  });
});
