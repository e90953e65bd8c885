/**
 * Actions are carried into the next preparation card until they are closed
 * (issue 16, item 6), on both databases: an action agreed two sessions ago
 * and not done is still on the card; one done is not; ticked done on the
 * card, it is gone from the next.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { preparationView } from '../bot/turns.ts';
import { recordingWriter, type Database } from '../store/index.ts';
import { assistant, recordSession } from '../supervision/index.ts';
import { testDatabases } from './support/databases.ts';
import { teamsPerson } from './support/teams-person.ts';
import { seedRoster, seedSession } from './support/seed.ts';

describe.each(testDatabases)('actions carried until closed on $name', (database) => {
  let db: Database;
  let sessions: number[];
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(db, [
      'tm@s.example,Tom Lead,team-manager,solihull,2018-01-01,,Assessment,,',
      'sw@s.example,Sam Worker,social-worker,solihull,2019-01-01,tm@s.example,Assessment,,',
    ]);
    sessions = [];
    for (const on of ['2026-09-01', '2026-10-01', '2026-11-02', '2026-12-01'])
      sessions.push(await seedSession(db, 'sw@s.example', on, 'booked'));
  }, 60_000);
  afterEach(async () => db.close());

  const record = (sessionId: number, at: string, actions: string[]) =>
    recordSession(
      (work) => db.transaction((tx) => work(recordingWriter(tx))),
      fixedClock(new Date(at)),
      {
        sessionId,
        recorderUpn: 'tm@s.example',
        outcome: {
          held: true,
          actions: actions.map((text) => ({ text, ownerUpn: 'sw@s.example' })),
        },
      },
    );
  const onCard = async (sessionId: number, at: string) => {
    const { deps, actor } = await teamsPerson(db, 'sw@s.example', new Date(at));
    return (await preparationView(deps, actor, sessionId)).previousActions.map((a) => [
      a.text,
      a.done,
    ]);
  };

  it('keeps an open action on every preparation card until it is ticked done', async () => {
    await record(sessions[0]!, '2026-09-01T15:00:00Z', [
      'Read the court skills guide',
      'Book the course',
    ]);
    // The course is booked before the next session: ticked done on that session's card.
    const { deps, actor } = await teamsPerson(db, 'sw@s.example', new Date('2026-09-30T10:00:00Z'));
    const first = (await preparationView(deps, actor, sessions[1]!)).previousActions;
    await assistant.savePreparation(deps, actor, sessions[1]!, {
      nonce: 'prep-1',
      done: [{ actionId: first.find((a) => a.text === 'Book the course')!.actionId, done: true }],
    });
    await record(sessions[1]!, '2026-10-01T15:00:00Z', ['Shadow a strategy meeting']);

    // The third session's card: last time's action, and the guide still open from the first; not the course.
    expect(await onCard(sessions[2]!, '2026-11-01T10:00:00Z')).toEqual([
      ['Read the court skills guide', false],
      ['Shadow a strategy meeting', false],
    ]);

    // The guide ticked done there: gone from the fourth's card; the meeting still open, carried on.
    const { deps: d3, actor: a3 } = await teamsPerson(
      db,
      'sw@s.example',
      new Date('2026-11-01T10:00:00Z'),
    );
    const third = (await preparationView(d3, a3, sessions[2]!)).previousActions;
    await assistant.savePreparation(d3, a3, sessions[2]!, {
      nonce: 'prep-3',
      done: [
        {
          actionId: third.find((a) => a.text === 'Read the court skills guide')!.actionId,
          done: true,
        },
      ],
    });
    await record(sessions[2]!, '2026-11-02T15:00:00Z', []);
    expect(await onCard(sessions[3]!, '2026-11-30T10:00:00Z')).toEqual([
      ['Shadow a strategy meeting', false],
    ]);
  });
});
