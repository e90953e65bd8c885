/**
 * Recording a group meeting (issue 15, item 1) on both databases: a Lambeth
 * team's reflective case discussion, held on Thursday 19 November 2026 with
 * two of its three members there. The two who came are supervised for that
 * type; the one who was not stays overdue; a child whose worker was there and
 * who was discussed in the group is no longer "not discussed" (Lambeth 002,
 * 2.2: group discussion is "equal and equivalent").
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { commandOf } from '../bot/commands.ts';
import { cardForOutboxItem } from '../bot/outbox-cards.ts';
import { runAction, runCommand } from '../bot/turns.ts';
import { parseCardAction } from '../cards/index.ts';
import {
  coverStore,
  groupRecordingWriter,
  groupsWriter,
  listAudit,
  listExportSessions,
  promptReader,
  teamReader,
  type Database,
} from '../store/index.ts';
import {
  complianceFor,
  importGroups,
  NotAllowedError,
  recordGroupSession,
  RecordingInputError,
  setCover,
  type GroupRecordingRequest,
} from '../supervision/index.ts';
import { promptsDue } from '../supervision/prompts.ts';
import type { IsoDate } from '../rules/index.ts';
import { cardText } from './support/card-reading.ts';

/** The ids of a card's inputs, in order. */
function cardInputs(card: unknown): string[] {
  return [...JSON.stringify(card).matchAll(/"type":"Input\.\w+","id":"(\w+)"/g)].map((m) => m[1]!);
}
import { testDatabases } from './support/databases.ts';
import { teamsPerson } from './support/teams-person.ts';
import { SEED_HEADER, seedCase, seedGroupSession, seedRoster } from './support/seed.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

describe.each(testDatabases)('recording a group meeting on $name', (database) => {
  let db: Database;
  let meeting: number;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(
      db,
      // Everyone last supervised on 2 November: reflective case discussion (every 2 weeks) was due by 16 November.
      [
        'sm@l.example,Sam Service,service-manager,lambeth,2015-01-01,,Leads,,,',
        'tm@l.example,Tara Lead,team-manager,lambeth,2018-01-01,sm@l.example,Assessment,,,2026-11-02',
        'sw1@l.example,Wes One,social-worker,lambeth,2020-01-01,tm@l.example,Assessment,,,2026-11-02',
        'sw2@l.example,Wren Two,social-worker,lambeth,2020-01-01,tm@l.example,Assessment,,,2026-11-02',
        'sw3@l.example,Wyn Three,social-worker,lambeth,2020-01-01,tm@l.example,Assessment,,,2026-11-02',
      ],
      '2026-11-23',
      `${SEED_HEADER},last_supervised`,
    );
    await importGroups((work) => db.transaction((tx) => work(groupsWriter(tx))), {
      text: [
        'group,type,facilitator_upn,member_upns',
        'Assessment team,reflective-case-discussion,tm@l.example,sw1@l.example;sw2@l.example;sw3@l.example',
      ].join('\n'),
      file: 'groups.csv',
      actor: 'test',
      today: '2026-11-01',
      dryRun: false,
    });
    meeting = await seedGroupSession(db, 'Assessment team', '2026-11-19');
  });
  afterEach(async () => {
    await db.close();
  });

  const record = (request: Partial<GroupRecordingRequest>) =>
    recordGroupSession(
      (work) => db.transaction((tx) => work(groupRecordingWriter(tx))),
      fixedClock(NOW),
      {
        sessionId: meeting,
        recorderUpn: 'tm@l.example',
        attendedUpns: [],
        ...request,
      },
    );

  /** Who the overdue card lists under "Supervision overdue", by the name on each Chase button. */
  function overdueFor(card: string): string[] {
    const section =
      /Supervision overdue \(\d+\)\n([\s\S]*?)(?:\n[A-Z][^\n]*\(\d+\)\n|$)/.exec(card)?.[1] ?? '';
    return [...section.matchAll(/^Remind (?:.+ about )?(.+)$/gm)].map((m) => m[1]!);
  }

  const asPerson = (upn: string) => teamsPerson(db, upn, NOW);

  async function overdueCard(): Promise<string> {
    const { deps, actor } = await asPerson('tm@l.example');
    return cardText((await runCommand(deps, actor, commandOf('overdue'))).card);
  }

  it('satisfies those who came, leaves the absentee overdue, and counts the child discussed', async () => {
    await seedCase(db, 'LAM-0001', 'child-protection', '2026-09-01', 'sw1@l.example');
    const before = await overdueCard();
    expect(overdueFor(before)).toEqual(['Wes One', 'Wren Two', 'Wyn Three']);
    expect(before).toMatch(/LAM-0001/);

    const result = await record({
      attendedUpns: ['sw1@l.example', 'SW2@l.example'],
      casesDiscussed: ['LAM-0001'],
      summary: 'Discussed two families',
    });
    expect(result).toMatchObject({ status: 'held', attended: 2, absent: 1 });

    const after = await overdueCard();
    expect(overdueFor(after)).toEqual(['Wyn Three']);
    expect(after).not.toMatch(/LAM-0001/);
    const [audit] = await listAudit(db, 'session');
    expect(JSON.stringify(audit)).not.toContain('families');
  });

  it('refuses a case whose worker was not there, a non-member, and anyone but the facilitator, writing nothing', async () => {
    await seedCase(db, 'LAM-0003', 'child-protection', '2026-09-01', 'sw3@l.example');
    const error = await record({
      attendedUpns: ['sw1@l.example', 'tm@l.example'],
      casesDiscussed: ['LAM-0003'],
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecordingInputError);
    expect((error as RecordingInputError).message).toContain(
      'tm@l.example is not a member of Assessment team',
    );
    expect((error as RecordingInputError).message).toContain(
      'case LAM-0003 is not allocated to a member who was there',
    );
    await expect(
      record({ recorderUpn: 'sw1@l.example', attendedUpns: ['sw1@l.example'] }),
    ).rejects.toBeInstanceOf(NotAllowedError);
    const [row] = await db.query<{ status: string; n: string }>(
      `SELECT s.status, (SELECT count(*) FROM session_attendance a WHERE a.session_id = s.id) AS n FROM sessions s WHERE s.id = $1`,
      [meeting],
    );
    expect({ status: row!.status, attendance: Number(row!.n) }).toEqual({
      status: 'booked',
      attendance: 0,
    });
  });

  it('records a meeting nobody came to as not held, with its reason, and everyone stays due', async () => {
    await expect(record({})).rejects.toThrow(/say why the meeting did not take place/);
    expect(await record({ notHeldReason: 'court' })).toMatchObject({
      status: 'not-held',
      absent: 3,
    });
    expect(overdueFor(await overdueCard())).toEqual(['Wes One', 'Wren Two', 'Wyn Three']);
    await expect(record({ attendedUpns: ['sw1@l.example'] })).rejects.toThrow(/already recorded/);
  });

  it('in Teams: the facilitator finds the meeting under record, ticks who was there, and saves', async () => {
    await seedCase(db, 'LAM-0002', 'child-protection', '2026-09-01', 'sw2@l.example');
    const { deps, actor } = await asPerson('tm@l.example');
    const list = await runCommand(deps, actor, commandOf('record'));
    expect(cardText(list.card)).toContain('Record Assessment team, Thu 19 Nov 2026');
    const open = parseCardAction({ verb: 'openGroupRecord', sessionId: meeting });
    if (!open.ok) throw new Error('openGroupRecord did not parse');
    const form = await runAction(deps, actor, open.action);
    expect(form.outcome).toBe('group-record:open');
    const inputs = cardInputs(form.card);
    expect(inputs.filter((i) => i.startsWith('attended'))).toHaveLength(3);
    const { id: wes } = (await deps.store.personByUpn('sw1@l.example'))!;
    const { id: wren } = (await deps.store.personByUpn('sw2@l.example'))!;
    const { id: wyn } = (await deps.store.personByUpn('sw3@l.example'))!;
    // Toggles arrive as text; Wyn's is switched off.
    const save = parseCardAction({
      verb: 'recordGroup',
      sessionId: meeting,
      nonce: 'nonce-group-1',
      [`attended${wes}`]: 'true',
      [`attended${wren}`]: 'true',
      [`attended${wyn}`]: 'false',
      cases: 'LAM-0002',
      summary: 'Two families discussed',
    });
    if (!save.ok) throw new Error(`recordGroup did not parse: ${save.fields.join(', ')}`);
    const saved = await runAction(deps, actor, save.action);
    expect(saved.outcome).toBe('group-record:held');
    const text = cardText(saved.card);
    expect(text).toContain('Recorded: 2 of 3 there.');
    expect(text).toContain('Not there, still due for this supervision: Wyn Three');
    expect(overdueFor(await overdueCard())).toEqual(['Wyn Three']);
    // Saved again from the old card: shown as recorded, nothing changes.
    const again = await runAction(deps, actor, save.action);
    expect(again.outcome).toBe('group-record:already');
    // A member is not the facilitator: the meeting is not theirs to record.
    const member = await asPerson('sw1@l.example');
    const refused = await runAction(member.deps, member.actor, open.action);
    expect(refused.outcome).not.toBe('group-record:open');
  });

  it('asks the facilitator for the record when the meeting has ended, with the group record card', async () => {
    const { deps } = await asPerson('tm@l.example');
    const { id: tara } = (await deps.store.personByUpn('tm@l.example'))!;
    const due = await promptsDue(promptReader(db), NOW, { defaultRecordWorkingDays: 5 });
    const prompt = due.messages.find((m) => m.kind === 'group-record-prompt');
    expect(prompt).toMatchObject({ recipientId: tara, payload: { sessionId: meeting } });
    const card = await cardForOutboxItem(deps, { ...prompt!, id: 1, attempts: 0 });
    expect(cardText(card)).toContain('Record: Assessment team');
    expect(cardText(card)).toContain('Who was there?');
    // Once recorded, the prompt is neither due again nor built into a card.
    await record({ attendedUpns: ['sw1@l.example'] });
    const after = await promptsDue(promptReader(db), NOW, { defaultRecordWorkingDays: 5 });
    expect(after.messages.filter((m) => m.kind === 'group-record-prompt')).toEqual([]);
    expect(await cardForOutboxItem(deps, { ...prompt!, id: 1, attempts: 0 })).toBeNull();
  });

  it('reminds the facilitator on the day the record falls due, then tells her manager, until it is recorded', async () => {
    const { deps } = await asPerson('tm@l.example');
    const { id: tara } = (await deps.store.personByUpn('tm@l.example'))!;
    const { id: sam } = (await deps.store.personByUpn('sm@l.example'))!;
    // Lambeth: minutes "within 2 working days" (002, 4): held Thursday 19 November, due Monday 23rd.
    const reminder = (
      await promptsDue(promptReader(db), NOW, { defaultRecordWorkingDays: 5 })
    ).messages.find((m) => m.kind === 'group-record-due');
    expect(reminder).toMatchObject({
      recipientId: tara,
      payload: { sessionId: meeting, recordDueOn: '2026-11-23' },
    });
    const reminderCard = cardText(
      await cardForOutboxItem(deps, { ...reminder!, id: 1, attempts: 0 }),
    );
    expect(reminderCard).toContain('Record: Assessment team');
    expect(reminderCard).toContain(
      'The record is due by Mon 23 Nov 2026. Until it is saved, every member stays due for this supervision.',
    );
    const tuesday = new Date('2026-11-24T10:00:00Z');
    const escalation = (
      await promptsDue(promptReader(db), tuesday, { defaultRecordWorkingDays: 5 })
    ).messages.find((m) => m.kind === 'group-escalation');
    expect(escalation).toMatchObject({ recipientId: sam });
    const manager = await teamsPerson(db, 'sm@l.example', tuesday);
    const escalationCard = cardText(
      await cardForOutboxItem(manager.deps, { ...escalation!, id: 2, attempts: 0 }),
    );
    expect(escalationCard).toContain('A group supervision record is 1 working day late');
    expect(escalationCard).toContain(
      'Tara Lead has not yet recorded Assessment team. Until it is recorded, its 3 members stay due for reflective case discussion supervision.',
    );
    // Recorded: neither is due again, and neither card is built from an old message.
    await record({ attendedUpns: ['sw1@l.example', 'sw2@l.example'] });
    const after = await promptsDue(promptReader(db), tuesday, { defaultRecordWorkingDays: 5 });
    expect(
      after.messages.filter((m) => m.kind === 'group-record-due' || m.kind === 'group-escalation'),
    ).toEqual([]);
    expect(await cardForOutboxItem(deps, { ...reminder!, id: 1, attempts: 0 })).toBeNull();
    expect(
      await cardForOutboxItem(manager.deps, { ...escalation!, id: 2, attempts: 0 }),
    ).toBeNull();
  });

  it('lists the group’s next meeting under my sessions for each member and the facilitator, and not for anyone else', async () => {
    await seedGroupSession(db, 'Assessment team', '2026-11-26');
    const mine = async (upn: string) => {
      const { deps, actor } = await asPerson(upn);
      return cardText((await runCommand(deps, actor, commandOf('my sessions'))).card);
    };
    for (const upn of ['sw2@l.example', 'tm@l.example']) {
      const text = await mine(upn);
      expect(text).toContain('Group meetings');
      expect(text).toContain('Assessment team (reflective case discussion), Thu 26 Nov 2026');
    }
    // The one on the 19th has happened: it is not "coming up". Sam is in no group.
    expect(await mine('sw2@l.example')).not.toContain('19 Nov');
    expect(await mine('sm@l.example')).not.toContain('Group meetings');
  });

  it('escalates past a manager who is away on the meeting’s day, to their own manager', async () => {
    await seedRoster(
      db,
      [
        'dd@l.example,Dee Director,assistant-director,lambeth,2014-01-01,,Leads,,,',
        'sm@l.example,Sam Service,service-manager,lambeth,2015-01-01,dd@l.example,Leads,,,',
      ],
      '2026-11-23',
      `${SEED_HEADER},last_supervised`,
    );
    await db.transaction((tx) =>
      setCover(coverStore(tx), {
        supervisorUpn: 'sm@l.example',
        coverUpn: 'dd@l.example',
        from: '2026-11-16',
        to: '2026-11-27',
        actor: 'test',
      }),
    );
    const [dee] = await db.query<{ id: string }>(
      "SELECT id FROM people WHERE upn = 'dd@l.example'",
    );
    const tuesday = new Date('2026-11-24T10:00:00Z');
    const escalation = (
      await promptsDue(promptReader(db), tuesday, { defaultRecordWorkingDays: 5 })
    ).messages.find((m) => m.kind === 'group-escalation');
    expect(escalation).toMatchObject({ recipientId: Number(dee!.id) });
  });

  it('counts a group meeting in compliance for those who came, not for the absentee', async () => {
    // A meeting on Friday 13 November, before the 16 November due date; the next is not due until the 27th.
    const early = await seedGroupSession(db, 'Assessment team', '2026-11-13');
    const within = async () =>
      (
        await complianceFor(teamReader(db), 'tm@l.example', '2026-11-23' as IsoDate, {
          defaultRecordWorkingDays: 5,
        })
      ).overall.periods[0]!.within;
    expect(await within()).toBe(0);
    await record({ sessionId: early, attendedUpns: ['sw1@l.example', 'sw2@l.example'] });
    expect(await within()).toBe(2);
  });

  it('exports a group meeting as one row per member: held for those who came, absent for the rest, each with their own cases', async () => {
    await seedCase(db, 'LAM-0001', 'child-protection', '2026-09-01', 'sw1@l.example');
    await record({
      attendedUpns: ['sw1@l.example', 'sw2@l.example'],
      casesDiscussed: ['LAM-0001'],
    });
    const rows = (
      await listExportSessions(db, null, { from: '2026-11-01', to: '2026-11-30' })
    ).filter((row) => row.groupName === 'Assessment team');
    expect(
      rows.map((r) => [
        r.superviseeUpn,
        r.supervisorUpn,
        r.status,
        r.notHeldReason,
        r.caseReferences,
      ]),
    ).toEqual([
      ['sw1@l.example', 'tm@l.example', 'held', null, ['LAM-0001']],
      ['sw2@l.example', 'tm@l.example', 'held', null, []],
      ['sw3@l.example', 'tm@l.example', 'not-held', 'absent', []],
    ]);
  });
});
