/**
 * Actions (issue 16, item 6), on both databases: carried into the next
 * preparation card until they are closed (an action agreed two sessions ago
 * and not done is still on the card; one done is not; ticked done on the
 * card, it is gone from the next); and from the record card, more than three,
 * owned by anyone in the roster, with a review date (Lambeth's "This will be
 * reviewed on"), a mistake shown beside the row it is on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { preparationView, recordView, runAction } from '../bot/turns.ts';
import { parseCardAction, recordCard } from '../cards/index.ts';
import { recordingWriter, type Database } from '../store/index.ts';
import { assistant, recordSession } from '../supervision/index.ts';
import { cardText } from './support/card-reading.ts';
import { testDatabases } from './support/databases.ts';
import { exportedFile } from './support/exported-sessions.ts';
import { teamsPerson } from './support/teams-person.ts';
import { seedRoster, seedSession } from './support/seed.ts';

describe.each(testDatabases)('actions carried until closed on $name', (database) => {
  let db: Database;
  let sessions: number[];
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(db, [
      'sm@s.example,Sue Manager,service-manager,solihull,2015-01-01,,Leads,,',
      'tm@s.example,Tom Lead,team-manager,solihull,2018-01-01,sm@s.example,Assessment,,',
      'iro@s.example,Ida Reviewing,social-worker,solihull,2017-01-01,sm@s.example,Reviewing,,',
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

  it('records five actions from the card, one owned by someone else in the roster, with review dates; a mistake stays on its row', async () => {
    const at = new Date('2026-09-01T15:00:00Z');
    const { deps, actor } = await teamsPerson(db, 'tm@s.example', at);
    const rows = {
      action1Text: 'Read the court skills guide',
      action1Owner: 'sw@s.example',
      action1Due: '2026-09-30',
      // Row 2 left empty: the next rows keep their places.
      action3Text: 'Book the course',
      action3Owner: 'sw@s.example',
      action4Text: 'Share the chronology template',
      action4Owner: 'iro@s.example',
      action4Due: '2026-09-15',
      action4Review: '2026-10-01',
      action5Text: 'Agree cover for the court date',
      action5Owner: 'sm@s.example',
      action5Due: 'next week',
      action6Text: 'Plan the observation',
      action6Owner: 'tm@s.example',
      action6Review: '2026-11-02',
    };
    const press = async (data: Record<string, unknown>, nonce: string) => {
      const parsed = parseCardAction({
        verb: 'record',
        sessionId: sessions[0]!,
        nonce,
        held: 'yes',
        ...data,
      });
      if (!parsed.ok) throw new Error(parsed.fields.join());
      return runAction(deps, actor, parsed.action);
    };

    // The due date on row 5 is not a date: refused, and said beside row 5 (not row 4, though row 2 was empty).
    const refused = await press(rows, 'record-bad');
    expect(refused.outcome).toBe('record:invalid:action5Due');
    expect(cardText(refused.card)).toContain("Action 5's due date");
    expect(await db.query('SELECT 1 FROM actions')).toHaveLength(0);

    const saved = await press({ ...rows, action5Due: '2026-09-20' }, 'record-good');
    expect(saved.outcome).toBe('record:held');
    const recorded = cardText(saved.card);
    expect(recorded).toContain(
      'Share the chronology template (Ida Reviewing, due Tue 15 Sep 2026, review Thu 1 Oct 2026)',
    );
    expect(recorded).toContain('Agree cover for the court date (Sue Manager, due Sun 20 Sep 2026)');
    expect(recorded).toContain(
      'Plan the observation (Tom Lead, due any time, review Mon 2 Nov 2026)',
    );

    // Carried to the next session's preparation card with their dates.
    const next = await teamsPerson(db, 'sw@s.example', new Date('2026-09-30T10:00:00Z'));
    const carried = (await preparationView(next.deps, next.actor, sessions[1]!)).previousActions;
    expect(carried.map((a) => [a.text, a.owner.name, a.dueOn, a.reviewOn])).toEqual([
      ['Read the court skills guide', 'Sam Worker', '2026-09-30', null],
      ['Book the course', 'Sam Worker', null, null],
      ['Share the chronology template', 'Ida Reviewing', '2026-09-15', '2026-10-01'],
      ['Agree cover for the court date', 'Sue Manager', '2026-09-20', null],
      ['Plan the observation', 'Tom Lead', null, '2026-11-02'],
    ]);

    // And exported with the review date.
    const actions = await exportedFile(
      db,
      fixedClock(new Date('2026-12-04T10:00:00Z')),
      { from: '2026-09-01', to: '2026-09-30' },
      'actions.csv',
    );
    expect(actions.map((a) => [a.action, a['owner UPN'], a['due by'], a['review on']])).toEqual([
      ['Read the court skills guide', 'sw@s.example', '2026-09-30', ''],
      ['Book the course', 'sw@s.example', '', ''],
      ['Share the chronology template', 'iro@s.example', '2026-09-15', '2026-10-01'],
      ['Agree cover for the court date', 'sm@s.example', '2026-09-20', ''],
      ['Plan the observation', 'tm@s.example', '', '2026-11-02'],
    ]);
    // The record as the supervisor sees it again names the owner who is neither of them.
    expect(cardText(recordCard(await recordView(deps, actor, sessions[0]!)))).toContain(
      'Share the chronology template (Ida Reviewing',
    );
  });
});
