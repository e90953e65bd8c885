/**
 * "Who is overdue?" for someone who supervises outside their management chain
 * (issue 15, item 3): a Professional Development Lead who holds a team
 * manager's professional supervision (Lambeth 002, 3.6), an ASYE assessor who
 * alternates with the team manager (002, staff-group table), a practice
 * educator whose student is line managed by the team manager. Each used to be
 * told "Nothing overdue below …" while the people they supervise were overdue.
 */
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assistantDeps } from '../app/bot-stack.ts';
import { fixedClock } from '../app/clock.ts';
import { readConfig } from '../app/config.ts';
import { commandOf } from '../bot/commands.ts';
import { runCommand } from '../bot/turns.ts';
import type { Database } from '../store/index.ts';
import { assistant } from '../supervision/index.ts';
import { cardText } from './support/card-reading.ts';
import { testDatabases } from './support/databases.ts';
import { SEED_HEADER, seedCase, seedRoster, seedSession } from './support/seed.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

function depsOf(db: Database) {
  return assistantDeps(db, readConfig({ CADENCE_DATA_DIR: tmpdir() }), fixedClock(NOW), null);
}

async function actorOf(db: Database, upn: string) {
  const deps = depsOf(db);
  const { id } = (await deps.store.personByUpn(upn))!;
  return { deps, actor: (await deps.store.actorById(id))! };
}

/** The `overdue` card as `upn` sees it on Monday 23 November 2026. */
async function overdueCardOf(db: Database, upn: string): Promise<string> {
  const { deps, actor } = await actorOf(db, upn);
  return cardText((await runCommand(deps, actor, commandOf('overdue'))).card);
}

describe.each(testDatabases)(
  'overdue for those supervised outside the chain, on $name',
  (database) => {
    let db: Database;
    beforeEach(async () => {
      db = await database.open();
      await seedRoster(
        db,
        [
          'sm@l.example,Sam Senior,service-manager,lambeth,2015-01-01,,Assessment,,,,,,',
          'pdl@l.example,Pat Lead,service-manager,lambeth,2016-01-01,,Leads,,,,,,',
          'tm@l.example,Tara Lead,team-manager,lambeth,2018-01-01,sm@l.example,Assessment,,,,,,',
          'aa@l.example,Ash Assessor,social-worker,lambeth,2018-01-01,tm@l.example,Assessment,,,,,,',
          'pe@l.example,Pip Educator,social-worker,lambeth,2017-01-01,tm@l.example,Assessment,,,,,,',
          // Professional supervision with the Professional Development Lead (002, 3.6).
          'cm@l.example,Cam Manager,team-manager,lambeth,2019-01-01,sm@l.example,Assessment,,,professional=pdl@l.example,,,',
          // Professional supervision "alternating between ASYE Assessor and Team Manager".
          'ny@l.example,Ny Year,asye,lambeth,2026-09-01,tm@l.example,Assessment,,,,aa@l.example,professional,',
          // Supervised by a practice educator, line managed by the team manager.
          'st@l.example,Sol Student,social-worker,lambeth,2026-09-01,pe@l.example,Assessment,,,,,,tm@l.example',
        ],
        '2026-09-01',
        `${SEED_HEADER},type_supervisors,alternate_upn,alternate_types,manager_upn`,
      );
      // Cam's case supervision is the service manager's, on time; a child of Cam's is overdue for discussion.
      await seedSession(db, 'cm@l.example', '2026-11-16', 'held', 'case-management');
      await seedCase(db, 'CASE-0042', 'child-protection', '2026-01-01', 'cm@l.example');
    });
    afterEach(async () => {
      await db.close();
    });

    it("shows a type's own supervisor that type's overdue supervision, and nothing that is the line supervisor's", async () => {
      const lead = await overdueCardOf(db, 'pdl@l.example');
      expect(lead).toMatch(/overdue for 1 person below or supervised by Pat Lead/);
      expect(lead).toContain('Cam Manager');
      expect(lead).toMatch(/professional/);
      // Case supervision and the child's discussion are the service manager's to act on.
      expect(lead).not.toMatch(/case-management|CASE-0042/);
      const manager = await overdueCardOf(db, 'sm@l.example');
      expect(manager).toMatch(/below Sam Senior/);
      expect(manager).not.toMatch(/supervised by/);
      // The card is paged; the whole list still holds the child's discussion, for the service manager.
      const { deps, actor } = await actorOf(db, 'sm@l.example');
      const items = (await assistant.overdueOf(deps, actor)).items;
      expect(items.some((i) => i.caseReference === 'CASE-0042')).toBe(true);
    });

    it('shows an alternate the alternating type, and a practice educator her student', async () => {
      const assessor = await overdueCardOf(db, 'aa@l.example');
      expect(assessor).toContain('Ny Year');
      expect(assessor).not.toMatch(/case-management|Sol Student|Cam Manager/);
      const educator = await overdueCardOf(db, 'pe@l.example');
      expect(educator).toMatch(/below or supervised by Pip Educator/);
      expect(educator).toContain('Sol Student');
      expect(educator).not.toContain('Ny Year');
    });

    it('chases the supervisee, not oneself, when the one chasing is the supervisor', async () => {
      const { deps, actor } = await actorOf(db, 'pe@l.example');
      const result = await assistant.chase(
        deps,
        actor,
        'st@l.example',
        'supervision-overdue',
        'n-1',
      );
      expect(result.recipient.upn).toBe('st@l.example');
      // Her line manager's chase goes to the one who supervises her.
      const manager = await actorOf(db, 'tm@l.example');
      const fromManager = await assistant.chase(
        manager.deps,
        manager.actor,
        'st@l.example',
        'supervision-overdue',
        'n-2',
      );
      expect(fromManager.recipient.upn).toBe('pe@l.example');
    });
  },
);
