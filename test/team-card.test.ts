/**
 * The `team` card for a supervisee with several supervision types (issue 15,
 * item 3): a Lambeth ASYE has case management, professional and reflective
 * team case discussion, each with its own frequency, and an agreed frequency
 * can be recorded per type. The card used to show only the first type.
 */
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assistantDeps } from '../app/bot-stack.ts';
import { fixedClock } from '../app/clock.ts';
import { readConfig } from '../app/config.ts';
import { commandOf } from '../bot/commands.ts';
import { runCommand } from '../bot/turns.ts';
import type { Database } from '../store/index.ts';
import { cardText } from './support/card-reading.ts';
import { testDatabases } from './support/databases.ts';
import { SEED_HEADER, seedRoster, seedSession } from './support/seed.ts';

/** The `team` card as the supervisor sees it on Monday 23 November 2026. */
async function teamCardOf(db: Database, upn: string): Promise<string> {
  const deps = assistantDeps(
    db,
    readConfig({ CADENCE_DATA_DIR: tmpdir() }),
    fixedClock(new Date('2026-11-23T10:00:00Z')),
    null,
  );
  const { id } = (await deps.store.personByUpn(upn))!;
  const actor = (await deps.store.actorById(id))!;
  return cardText((await runCommand(deps, actor, commandOf('team'))).card);
}

describe.each(testDatabases)('the team card on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(
      db,
      [
        'tm@l.example,Tara Lead,team-manager,lambeth,2018-01-01,,Assessment,,',
        // Started 1 September: weekly professional supervision is over, fortnightly until the review; 1w agreed.
        'nq@l.example,Nia New,asye,lambeth,2026-09-01,tm@l.example,Assessment,professional=1w,',
      ],
      '2026-09-01',
      SEED_HEADER,
    );
  });
  afterEach(async () => {
    await db.close();
  });

  it('shows every supervision type with its frequency, the agreed one where recorded, and the latest session of any type', async () => {
    await seedSession(db, 'nq@l.example', '2026-11-02', 'held', 'case-management');
    await seedSession(db, 'nq@l.example', '2026-11-16', 'held', 'professional');
    await seedSession(db, 'nq@l.example', '2026-11-30', 'booked', 'professional');
    await seedSession(db, 'nq@l.example', '2026-11-26', 'booked', 'case-management');
    const text = await teamCardOf(db, 'tm@l.example');
    expect(text).toContain(
      'case-management every 4 weeks; professional weekly; reflective-case-discussion every 2 weeks',
    );
    expect(text).toMatch(/last held 16 Nov 2026/);
    expect(text).toMatch(/next booked 26 Nov 2026/);
  });

  it('shows a type supervisor and an alternate the people they supervise, with only their types', async () => {
    await seedRoster(
      db,
      [
        'pdl@l.example,Pat Lead,service-manager,lambeth,2016-01-01,,Leads,,,,,',
        'aa@l.example,Ash Assessor,social-worker,lambeth,2018-01-01,tm@l.example,Assessment,,,,,',
        // Professional supervision with the Professional Development Lead (002, 3.6).
        'cm@l.example,Cam Manager,team-manager,lambeth,2019-01-01,tm@l.example,Assessment,,,professional=pdl@l.example,,',
        // Professional supervision "alternating between ASYE Assessor and Team Manager" (002, staff-group table).
        'ny@l.example,Ny Year,asye,lambeth,2026-09-01,tm@l.example,Assessment,,,,aa@l.example,professional',
      ],
      '2026-09-01',
      `${SEED_HEADER},type_supervisors,alternate_upn,alternate_types`,
    );
    const lead = await teamCardOf(db, 'pdl@l.example');
    expect(lead).toContain('Cam Manager');
    expect(lead).toContain('every 6 weeks');
    expect(lead).not.toContain('peer-reflection');
    expect(lead).not.toContain('Ny Year');
    const assessor = await teamCardOf(db, 'aa@l.example');
    expect(assessor).toContain('Ny Year');
    expect(assessor).not.toContain('case-management');
    expect(assessor).not.toContain('Cam Manager');
    // The team manager still sees everyone she supervises, with every type.
    const manager = await teamCardOf(db, 'tm@l.example');
    expect(manager).toContain('Cam Manager');
    expect(manager).toContain('case-management every 6 weeks; professional every 6 weeks');
  });

  it("shows each type's frequency even when another type's cannot be worked out yet", async () => {
    // Starts next week: the ASYE's phased professional supervision has no phase yet, case management's one frequency applies.
    await seedRoster(
      db,
      ['nd@l.example,Noor Dated,asye,lambeth,2026-12-01,tm@l.example,Assessment,,'],
      '2026-11-01',
      SEED_HEADER,
    );
    const text = await teamCardOf(db, 'tm@l.example');
    expect(text).toContain('case-management every 4 weeks; professional no setting');
  });
});
