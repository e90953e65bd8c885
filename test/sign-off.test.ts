/**
 * A record both people stand behind (issue 16, item 1), on both databases:
 * the supervisor saves a held record in Teams; the supervisee is sent the
 * record card and signs it off (Agree, Add a comment, Disagree with a
 * reason); a disagreement reaches the supervisor and their manager; a record
 * not signed off by its deadline is overdue, reminded and chased to the
 * supervisee; an amendment asks again; the export says what was answered.
 *
 * Solihull (the roster's policy): records "signed and dated by both parties"
 * (000). Tuesday 1 December 2026: Cadence's default of 5 working days gives
 * Tuesday 8 December as the last day to sign off.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { cardForOutboxItem } from '../bot/outbox-cards.ts';
import { commandOf } from '../bot/commands.ts';
import { runAction, runCommand } from '../bot/turns.ts';
import { parseCardAction } from '../cards/index.ts';
import {
  listAudit,
  outboxStore,
  promptReader,
  recordingWriter,
  teamReader,
  type Database,
} from '../store/index.ts';
import { assistant, overdueFor, recordSession, type OutboxItem } from '../supervision/index.ts';
import { promptsDue } from '../supervision/prompts.ts';
import { button, cardText } from './support/card-reading.ts';
import { exportedSessions } from './support/exported-sessions.ts';
import { testDatabases } from './support/databases.ts';
import { teamsPerson } from './support/teams-person.ts';
import { seedRoster, seedSession } from './support/seed.ts';

const RECORDED = new Date('2026-12-01T15:00:00Z');
const SUMMARY = 'Talked through caseload weight and the training plan.';
const REASON = 'The record leaves out that I asked for a lighter caseload.';

describe.each(testDatabases)('signing off a record on $name', (database) => {
  let db: Database;
  let sessionId: number;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(db, [
      'sm@s.example,Sue Manager,service-manager,solihull,2015-01-01,,Leads,,',
      'tm@s.example,Tom Lead,team-manager,solihull,2018-01-01,sm@s.example,Assessment,,',
      'sw@s.example,Sam Worker,social-worker,solihull,2019-01-01,tm@s.example,Assessment,,',
    ]);
    sessionId = await seedSession(db, 'sw@s.example', '2026-12-01', 'booked');
  }, 60_000);
  afterEach(async () => db.close());

  /** `upn` pressing a button with `data` (as Teams merges the card's inputs in) at `now`. */
  async function press(upn: string, data: Record<string, unknown>, now = RECORDED) {
    const { deps, actor } = await teamsPerson(db, upn, now);
    const parsed = parseCardAction(data);
    if (!parsed.ok) throw new Error(`card data refused: ${parsed.fields.join(', ')}`);
    return runAction(deps, actor, parsed.action);
  }

  const saveRecord = (now = RECORDED, extra: Record<string, unknown> = {}) =>
    press(
      'tm@s.example',
      {
        verb: 'record',
        sessionId,
        nonce: `record-${now.getTime()}`,
        held: 'yes',
        summary: SUMMARY,
        recordLocation: 'Oracle Cloud, supervision folder',
        action1Text: 'Book the court skills course',
        action1Owner: 'sw@s.example',
        action1Due: '2026-12-18',
        ...extra,
      },
      now,
    );

  async function outbox(kind: string): Promise<OutboxItem[]> {
    const rows = await db.query<{ key: string }>(
      'SELECT key FROM outbox WHERE kind = $1 ORDER BY id',
      [kind],
    );
    const store = outboxStore(db);
    return Promise.all(rows.map(async (r) => (await store.byKey(r.key))!));
  }

  async function cardOf(item: OutboxItem, now = RECORDED) {
    const { deps } = await teamsPerson(db, 'sm@s.example', now);
    return cardForOutboxItem(deps, item);
  }

  const personId = async (upn: string) =>
    Number((await db.query<{ id: string }>('SELECT id FROM people WHERE upn = $1', [upn]))[0]!.id);

  const signOffRow = async () =>
    (
      await db.query<{ outcome: string | null; comment: string | null }>(
        'SELECT outcome, comment FROM record_sign_offs WHERE session_id = $1',
        [sessionId],
      )
    )[0];

  async function exported(now: Date) {
    const rows = await exportedSessions(db, fixedClock(now), {
      from: '2026-11-01',
      to: '2026-12-31',
    });
    return rows.find((row) => row['session id'] === String(sessionId))!;
  }

  it('sends the supervisee the record to sign off; a disagreement reaches the supervisor and their manager, with the reason', async () => {
    const saved = await saveRecord();
    expect(saved.outcome).toBe('record:held');
    // The supervisor's card says whose answer it waits for, and by when.
    expect(cardText(saved.card)).toContain(
      'Waiting for Sam Worker to sign this record off (due by Tue 8 Dec 2026).',
    );

    // The sign-off card, to Sam alone, built as it is sent: the record as the supervisor saved it.
    const [request] = await outbox('sign-off');
    expect(request!.recipientId).toBe(await personId('sw@s.example'));
    const card = (await cardOf(request!))!;
    const text = cardText(card);
    expect(text).toContain(SUMMARY);
    expect(text).toContain('Book the court skills course');
    expect(text).toContain('Oracle Cloud, supervision folder');
    expect(text).toContain('Please answer by Tue 8 Dec 2026');
    const disagree = button(card, 'Disagree');
    expect(['Agree', 'Add a comment', 'Disagree'].map((t) => button(card, t).title)).toEqual([
      'Agree',
      'Add a comment',
      'Disagree',
    ]);

    // Disagree with nothing said: refused beside the box, nothing written, nobody told.
    const empty = await press('sw@s.example', { ...disagree.data, comment: '  ' });
    expect(empty.outcome).toBe('sign-off:refused:RecordingInputError');
    expect(cardText(empty.card)).toContain('Say what you disagree with');
    expect(await signOffRow()).toEqual({ outcome: null, comment: null });

    // With a reason: stored, and the card says who has been told.
    const answered = await press('sw@s.example', { ...disagree.data, comment: REASON });
    expect(answered.outcome).toBe('sign-off:disagreed');
    expect(cardText(answered.card)).toMatch(/You disagreed with this record on Tue 1 Dec 2026/);
    expect(cardText(answered.card)).toContain(
      'Your supervisor and Sue Manager, their manager, have been told.',
    );
    expect(await signOffRow()).toEqual({ outcome: 'disagreed', comment: REASON });

    // Tom is sent the record with Sam's answer; Sue, Tom's manager, the disagreement without the record's text.
    const [answer] = await outbox('sign-off-answer');
    expect(answer!.recipientId).toBe(await personId('tm@s.example'));
    expect(cardText(await cardOf(answer!))).toContain(REASON);
    const [escalated] = await outbox('sign-off-disagreement');
    expect(escalated!.recipientId).toBe(await personId('sm@s.example'));
    const managerCard = cardText(await cardOf(escalated!));
    expect(managerCard).toContain('Sam Worker disagrees with a supervision record');
    expect(managerCard).toContain(REASON);
    expect(managerCard).toContain('Oracle Cloud, supervision folder');
    expect(managerCard).not.toContain(SUMMARY);

    // A sign-off stands: a later Agree is refused, and the answer is unchanged.
    const again = await press('sw@s.example', { ...button(card, 'Agree').data, comment: '' });
    expect(cardText(again.card)).toContain('a sign-off stands as given');
    expect(await signOffRow()).toEqual({ outcome: 'disagreed', comment: REASON });

    // Nobody else may answer for Sam: the refusal names no one.
    const tom = await press('tm@s.example', { ...button(card, 'Agree').data });
    expect(tom.outcome).toBe('refused:not-found:session');

    // Audited without Sam's words; exported with the answer and its time, never the reason.
    const audit = (await listAudit(db, 'session')).filter((e) => e.action === 'session.signed-off');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('sw@s.example');
    expect(JSON.stringify(audit[0])).not.toContain('lighter caseload');
    const row = await exported(RECORDED);
    expect(row['signed off by supervisee']).toBe('disagreed');
    expect(row['signed off at']).toBe('2026-12-01 15:00');
    expect(JSON.stringify(row)).not.toContain('lighter caseload');
  });

  it('is overdue past its deadline, reminded on its last day and chased to the supervisee; an amendment asks again, and an answer to the old version is refused', async () => {
    await saveRecord();
    const sam = await personId('sw@s.example');
    // Sam's "my sessions" lists the record waiting for him, with a button to read and sign it.
    const mine = async (now: Date) => {
      const { deps, actor } = await teamsPerson(db, 'sw@s.example', now);
      return (await runCommand(deps, actor, commandOf('my sessions'))).card;
    };
    const listed = await mine(RECORDED);
    expect(cardText(listed)).toContain(
      'Supervision with Tom Lead on Tue 1 Dec 2026: sign off by Tue 8 Dec 2026',
    );
    expect(button(listed, 'Read and sign off the record of Tue 1 Dec 2026').data).toEqual({
      verb: 'openRecord',
      sessionId,
    });
    const overdueOn = async (on: string) =>
      (
        await overdueFor(
          teamReader(db),
          'sm@s.example',
          { on: on as never, now: new Date(`${on}T17:00:00Z`) },
          { defaultRecordWorkingDays: 5 },
        )
      ).items.filter((i) => i.kind === 'awaiting-sign-off');

    // Not overdue on its last day; reminded at 09:00 that day, to Sam only.
    expect(await overdueOn('2026-12-08')).toEqual([]);
    const prompts = await promptsDue(promptReader(db), new Date('2026-12-08T10:00:00Z'), {
      defaultRecordWorkingDays: 5,
    });
    const due = prompts.messages.filter((m) => m.kind === 'sign-off-due');
    expect(due.map((m) => [m.recipientId, m.notBefore.toISOString()])).toEqual([
      [sam, '2026-12-08T09:00:00.000Z'],
    ]);
    // The day before, nothing yet.
    const early = await promptsDue(promptReader(db), new Date('2026-12-07T10:00:00Z'), {
      defaultRecordWorkingDays: 5,
    });
    expect(early.messages.filter((m) => m.kind === 'sign-off-due')).toEqual([]);

    // Overdue the day after, for Sue (two levels up) as for Tom.
    const [item] = await overdueOn('2026-12-09');
    expect(item).toMatchObject({
      upn: 'sw@s.example',
      dueOn: '2026-12-08',
      daysOverdue: 1,
      sessionId,
    });
    expect(item!.detail).toContain('Cadence default of 5 working days');

    // Sue's Chase reaches Sam, whose record it is to sign (not Tom, his supervisor).
    const { deps, actor } = await teamsPerson(db, 'sm@s.example', new Date('2026-12-09T10:00:00Z'));
    const chased = await assistant.chase(
      deps,
      actor,
      'sw@s.example',
      'awaiting-sign-off',
      'chase-1',
    );
    expect(chased.recipient.upn).toBe('sw@s.example');

    // Tom amends the record: Sam is asked again, about the new version, and the old card's answer is refused.
    const [first] = await outbox('sign-off');
    const oldCard = (await cardOf(first!))!;
    const amendedAt = new Date('2026-12-09T11:00:00Z');
    // The record card offers no amendment once saved: recording's own, as the CLI would send it.
    await recordSession(
      (work) => db.transaction((tx) => work(recordingWriter(tx))),
      fixedClock(amendedAt),
      {
        sessionId,
        recorderUpn: 'tm@s.example',
        amend: true,
        outcome: { held: true, summary: `${SUMMARY} Lighter caseload agreed.` },
      },
    );
    const requests = await outbox('sign-off');
    expect(requests.map((r) => r.payload.version)).toEqual([
      RECORDED.getTime(),
      amendedAt.getTime(),
    ]);
    // The old card is built no more (its version is gone); its Agree is refused with the record as it now stands.
    expect(await cardOf(first!, amendedAt)).toBeNull();
    const stale = await press('sw@s.example', button(oldCard, 'Agree').data, amendedAt);
    expect(cardText(stale.card)).toContain('Tom Lead changed this record on 2026-12-09');
    expect(cardText(stale.card)).toContain('Lighter caseload agreed.');
    // The new deadline counts from the amendment: not overdue on the 9th any more.
    expect(await overdueOn('2026-12-09')).toEqual([]);

    // Sam agrees the new version, with a comment typed: kept, as agreed with a comment.
    const newCard = (await cardOf(requests[1]!, amendedAt))!;
    const agreed = await press(
      'sw@s.example',
      { ...button(newCard, 'Agree').data, comment: 'Thanks for adding it.' },
      amendedAt,
    );
    expect(agreed.outcome).toBe('sign-off:commented');
    expect(cardText(agreed.card)).toContain('You agreed with this record, with a comment');
    expect(await overdueOn('2026-12-20')).toEqual([]);
    expect(cardText(await mine(amendedAt))).not.toContain('Records to sign off');
    expect((await exported(amendedAt))['signed off by supervisee']).toBe('agreed, with a comment');
    // A comment goes to Tom; only a disagreement goes to his manager.
    expect((await outbox('sign-off-answer')).map((m) => m.recipientId)).toEqual([
      await personId('tm@s.example'),
    ]);
    expect(await outbox('sign-off-disagreement')).toEqual([]);
  });

  it('asks nothing of a record of a session not held', async () => {
    const saved = await press('tm@s.example', {
      verb: 'record',
      sessionId,
      nonce: 'not-held-1',
      held: 'no',
      reason: 'sickness',
    });
    expect(saved.outcome).toBe('record:not-held');
    expect(await outbox('sign-off')).toEqual([]);
    expect(cardText(saved.card)).not.toContain('sign');
    expect((await exported(RECORDED))['signed off by supervisee']).toBe('');
  });
});
