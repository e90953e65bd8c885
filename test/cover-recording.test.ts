/**
 * Cover on both databases (issue 15, item 4): while Tara Lead is away (30
 * November to 18 December 2026) and Abi Practitioner covers, the record
 * prompts for Tara's sessions in those days go to Abi, Abi records them, and
 * Abi's record counts for the supervisee. A session booked with Abi is Abi's
 * to record; Tara may not.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandOf } from '../bot/commands.ts';
import { runCommand } from '../bot/turns.ts';
import { fixedClock } from '../app/clock.ts';
import type { IsoDate } from '../rules/index.ts';
import {
  coverStore,
  promptReader,
  recordingWriter,
  teamReader,
  type Database,
} from '../store/index.ts';
import { NotAllowedError, overdueFor, recordSession, setCover } from '../supervision/index.ts';
import { promptsDue } from '../supervision/prompts.ts';
import { cardText } from './support/card-reading.ts';
import { testDatabases } from './support/databases.ts';
import { teamsPerson } from './support/teams-person.ts';
import { SEED_HEADER, seedRoster, seedSession } from './support/seed.ts';

const NOW = new Date('2026-12-11T12:00:00Z');

describe.each(testDatabases)('cover for an absent supervisor on $name', (database) => {
  let db: Database;
  let withCover: number;
  let byTara: number;
  let abi: number;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(
      db,
      [
        'sm@l.example,Sam Service,service-manager,lambeth,2015-01-01,,Leads,,,',
        'tm@l.example,Tara Lead,team-manager,lambeth,2018-01-01,sm@l.example,Assessment,,,2026-11-16',
        'ap@l.example,Abi Practitioner,social-worker,lambeth,2018-01-01,tm@l.example,Assessment,,,2026-11-16',
        'asye@l.example,Ash New,asye,lambeth,2026-11-02,tm@l.example,Assessment,,,2026-11-16',
      ],
      '2026-11-23',
      `${SEED_HEADER},last_supervised`,
    );
    const period = await db.transaction((tx) =>
      setCover(coverStore(tx), {
        supervisorUpn: 'tm@l.example',
        coverUpn: 'ap@l.example',
        from: '2026-11-30',
        to: '2026-12-18',
        actor: 'test',
      }),
    );
    abi = period.cover.id;
    // Booked with Abi (cover-booking.ts), and one Tara booked before her leave was known.
    withCover = await seedSession(db, 'asye@l.example', '2026-12-08', 'booked', 'professional');
    await db.query('UPDATE sessions SET organiser_id = $2 WHERE id = $1', [withCover, abi]);
    byTara = await seedSession(db, 'asye@l.example', '2026-12-10', 'booked', 'case-management');
  });
  afterEach(async () => {
    await db.close();
  });

  const record = (sessionId: number, recorderUpn: string) =>
    recordSession((work) => db.transaction((tx) => work(recordingWriter(tx))), fixedClock(NOW), {
      sessionId,
      recorderUpn,
      outcome: { held: true, summary: 'Covered' },
    });

  const overdueTypes = async () =>
    (
      await overdueFor(
        teamReader(db),
        'tm@l.example',
        { on: '2026-12-11' as IsoDate, now: NOW },
        { defaultRecordWorkingDays: 5 },
      )
    ).items
      .filter((i) => i.upn === 'asye@l.example' && i.kind === 'supervision-overdue')
      .map((i) => i.type);

  it('sends the record prompts of the days covered to the cover', async () => {
    const due = await promptsDue(promptReader(db), NOW, { defaultRecordWorkingDays: 5 });
    const prompts = due.messages.filter((m) => m.kind === 'record-prompt');
    expect(prompts.map((m) => [m.payload.sessionId, m.recipientId]).sort()).toEqual(
      [
        [withCover, abi],
        [byTara, abi],
      ].sort(),
    );
  });

  it('sends the overdue notices of the days covered to the cover, not the absent supervisor', async () => {
    const due = await promptsDue(promptReader(db), NOW, { defaultRecordWorkingDays: 5 });
    const [ash, tara] = await Promise.all(
      ['asye@l.example', 'tm@l.example'].map(async (upn) =>
        Number(
          (await db.query<{ id: string }>('SELECT id FROM people WHERE upn = $1', [upn]))[0]!.id,
        ),
      ),
    );
    const aboutAsh = due.messages.filter(
      (m) => m.kind === 'overdue-notice' && m.payload.superviseeId === ash,
    );
    expect(aboutAsh.length).toBeGreaterThan(0);
    expect(new Set(aboutAsh.map((m) => m.recipientId))).toEqual(new Set([ash, abi]));
    // Abi's own supervision, overdue too (last held on 1 October), is not sent to Abi as her own
    // supervisor's cover: to her, and to Tara as before.
    await db.query(
      `UPDATE sessions SET starts_at = '2026-10-01T09:00:00Z', ends_at = '2026-10-01T10:00:00Z'
        WHERE relationship_id = (SELECT r.id FROM relationships r JOIN people p ON p.id = r.supervisee_id
                                  WHERE p.upn = 'ap@l.example')`,
    );
    const later = await promptsDue(promptReader(db), NOW, { defaultRecordWorkingDays: 5 });
    const aboutAbi = later.messages.filter(
      (m) => m.kind === 'overdue-notice' && m.payload.superviseeId === abi,
    );
    expect(new Set(aboutAbi.map((m) => m.recipientId))).toEqual(new Set([abi, tara]));
  });

  it("lists the absent supervisor's supervisees in the cover's overdue while the cover lasts, not after", async () => {
    const overdueOf = async (on: string, now: Date) =>
      (
        await overdueFor(
          teamReader(db),
          'ap@l.example',
          { on: on as IsoDate, now },
          { defaultRecordWorkingDays: 5 },
        )
      ).items;
    const during = await overdueOf('2026-12-11', NOW);
    expect(during.filter((i) => i.upn === 'asye@l.example').length).toBeGreaterThan(0);
    // Abi is the one to act while she covers: the items name her as the supervisor.
    expect(new Set(during.map((i) => i.supervisorUpn))).toEqual(new Set(['ap@l.example']));
    const after = await overdueOf('2026-12-21', new Date('2026-12-21T12:00:00Z'));
    expect(after).toEqual([]);
  });

  it('escalates a covered session’s late record past the absent supervisor, to her own manager', async () => {
    // Held 8 and 10 December; Lambeth's 2 working days make them due 10 and 14 December.
    const late = new Date('2026-12-15T12:00:00Z');
    const due = await promptsDue(promptReader(db), late, { defaultRecordWorkingDays: 5 });
    const sam = Number(
      (await db.query<{ id: string }>("SELECT id FROM people WHERE upn = 'sm@l.example'"))[0]!.id,
    );
    const escalations = due.messages.filter((m) => m.kind === 'escalation');
    // Abi's manager is Tara, who is away those days: each escalation goes to Tara's manager.
    expect(escalations.map((m) => [m.payload.sessionId, m.recipientId]).sort()).toEqual(
      [
        [withCover, sam],
        [byTara, sam],
      ].sort(),
    );
  });

  it('lists the sessions to record under record in Teams for the cover, and not for the absent supervisor', async () => {
    const listFor = async (upn: string) => {
      const { deps, actor } = await teamsPerson(db, upn, NOW);
      return cardText((await runCommand(deps, actor, commandOf('record'))).card);
    };
    const abiList = await listFor('ap@l.example');
    expect(abiList).toContain('2 sessions are waiting for a record');
    expect(abiList).toContain(
      'Professional, Tue 8 Dec 2026 at 10:00 (60 minutes), Abi Practitioner with Ash New',
    );
    expect(abiList).toContain(
      'Case management, Thu 10 Dec 2026 at 10:00 (60 minutes), Abi Practitioner with Ash New',
    );
    expect(await listFor('tm@l.example')).toContain('Nothing to record');
  });

  it("lets the cover record, not the absent supervisor, and the cover's record counts", async () => {
    expect(await overdueTypes()).toContain('professional');
    await expect(record(withCover, 'tm@l.example')).rejects.toBeInstanceOf(NotAllowedError);
    await record(withCover, 'ap@l.example');
    await record(byTara, 'AP@l.example');
    const rows = await db.query<{ status: string; recordedBy: string }>(
      'SELECT status, recorded_by AS "recordedBy" FROM sessions WHERE id = ANY($1::bigint[]) ORDER BY id',
      [[withCover, byTara]],
    );
    expect(rows.map((r) => [r.status, Number(r.recordedBy)])).toEqual([
      ['held', abi],
      ['held', abi],
    ]);
    // Held on 8 December, weekly: next due 15 December, not overdue on the 11th.
    expect(await overdueTypes()).not.toContain('professional');
  });
});
