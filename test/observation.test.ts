/**
 * Direct observation of practice, one in three professional sessions
 * (Lambeth 2.2.2; issue 16, item 3), on both databases, through the bot's
 * turns: the record card asks whether a professional session was an
 * observation (and a case-management one is not asked); the preparation
 * card says when the next should be; three in a row without one are
 * overdue; an observed fourth clears it; the export says which were.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { preparationView, recordView, runAction } from '../bot/turns.ts';
import { parseCardAction, preparationCard, recordCard } from '../cards/index.ts';
import { teamReader, type Database } from '../store/index.ts';
import { overdueFor } from '../supervision/index.ts';
import { cardText } from './support/card-reading.ts';
import { exportedSessions } from './support/exported-sessions.ts';
import { testDatabases } from './support/databases.ts';
import { teamsPerson } from './support/teams-person.ts';
import { seedRoster, seedSession } from './support/seed.ts';

const DATES = ['2026-08-04', '2026-09-08', '2026-10-13', '2026-11-17'];

describe.each(testDatabases)('observation of practice on $name', (database) => {
  let db: Database;
  let professional: number[];
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(
      db,
      [
        'sm@l.example,Sue Manager,service-manager,lambeth,2015-01-01,,Leads,,',
        'tm@l.example,Tom Lead,team-manager,lambeth,2018-01-01,sm@l.example,Assessment,,',
        'sw@l.example,Sam Worker,social-worker,lambeth,2019-01-01,tm@l.example,Assessment,,',
      ],
      '2026-07-01',
    );
    professional = [];
    for (const on of DATES)
      professional.push(await seedSession(db, 'sw@l.example', on, 'booked', 'professional'));
  }, 60_000);
  afterEach(async () => db.close());

  const dayAfter = (on: string) => new Date(Date.parse(`${on}T15:00:00Z`) + 86_400_000);

  async function record(sessionId: number, on: string, observed: boolean | undefined) {
    const now = dayAfter(on);
    const { deps, actor } = await teamsPerson(db, 'tm@l.example', now);
    const parsed = parseCardAction({
      verb: 'record',
      sessionId,
      nonce: `record-${sessionId}`,
      held: 'yes',
      ...(observed !== undefined && { observed: String(observed) }),
    });
    if (!parsed.ok) throw new Error(parsed.fields.join());
    const result = await runAction(deps, actor, parsed.action);
    expect(result.outcome).toBe('record:held');
  }

  const formOf = async (sessionId: number, on: string) => {
    const { deps, actor } = await teamsPerson(db, 'tm@l.example', dayAfter(on));
    return cardText(recordCard(await recordView(deps, actor, sessionId)));
  };

  const preparationOf = async (sessionId: number, on: string) => {
    const { deps } = await teamsPerson(db, 'tm@l.example', new Date(`${on}T08:00:00Z`));
    const sam = (await deps.store.personByUpn('sw@l.example'))!;
    return cardText(preparationCard(await preparationView(deps, sam, sessionId)));
  };

  const observationItems = async (on: string) =>
    (
      await overdueFor(
        teamReader(db),
        'sm@l.example',
        { on: on as never, now: new Date(`${on}T17:00:00Z`) },
        { defaultRecordWorkingDays: 5 },
      )
    ).items.filter((i) => i.kind === 'observation-due');

  it('asks on the record card, says when one is due, is overdue after three without, and an observed fourth clears it', async () => {
    // The first professional session: asked, with nothing counted yet.
    const first = await formOf(professional[0]!, DATES[0]!);
    expect(first).toContain(
      'The policy asks 1 in 3 professional sessions to be a direct observation of practice (2.2.2: Direct Observation of practice).',
    );
    expect(first).toContain('This session was (or included) a direct observation of practice');
    await record(professional[0]!, DATES[0]!, false);
    await record(professional[1]!, DATES[1]!, false);

    // Two in a row without: the third's preparation and record cards say it should be one.
    expect(await preparationOf(professional[2]!, DATES[2]!)).toContain(
      'Plan this session as a direct observation of practice: the policy asks 1 in 3 professional sessions to be one (2.2.2: Direct Observation of practice), and the last 2 were not.',
    );
    expect(await formOf(professional[2]!, DATES[2]!)).toContain(
      'The last 2 were not: this one should be.',
    );
    expect(await observationItems(DATES[2]!)).toEqual([]);

    // The third is not one either: overdue from its day, for the service manager as for anyone above Sam.
    await record(professional[2]!, DATES[2]!, false);
    const [item] = await observationItems('2026-10-20');
    expect(item).toMatchObject({
      upn: 'sw@l.example',
      type: 'professional',
      dueOn: DATES[2],
      daysOverdue: 7,
    });
    expect(item!.detail).toBe(
      '3 professional sessions of Sam Worker held with none observed yet, not observations of practice; the policy asks 1 in 3 to be (2.2.2: Direct Observation of practice)',
    );

    // The fourth is an observation: nothing is due, and the count starts again.
    await record(professional[3]!, DATES[3]!, true);
    expect(await observationItems('2026-11-30')).toEqual([]);
    const { deps, actor } = await teamsPerson(db, 'tm@l.example', dayAfter(DATES[3]!));
    const saved = cardText(recordCard(await recordView(deps, actor, professional[3]!)));
    expect(saved).toContain('Observation of practice');

    // The export says which were.
    const rows = await exportedSessions(db, fixedClock(new Date('2026-12-01T12:00:00Z')), {
      from: '2026-08-01',
      to: '2026-11-30',
    });
    expect(
      rows
        .filter((r) => r['supervision type'] === 'professional')
        .map((r) => [r.date, r['observation of practice']]),
    ).toEqual([
      [DATES[0], 'no'],
      [DATES[1], 'no'],
      [DATES[2], 'no'],
      [DATES[3], 'yes'],
    ]);
  });

  it('does not ask of a case-management session, and counts no record that did not say', async () => {
    const caseManagement = await seedSession(
      db,
      'sw@l.example',
      '2026-08-05',
      'booked',
      'case-management',
    );
    expect(await formOf(caseManagement, '2026-08-05')).not.toContain('observation of practice');
    // Recorded without the card's answer (as the CLI would): not counted either way.
    for (const [i, on] of DATES.slice(0, 3).entries())
      await record(professional[i]!, on, undefined);
    expect(await observationItems('2026-11-30')).toEqual([]);
  });
});
