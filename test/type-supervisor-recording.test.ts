/**
 * A supervisor per type on both databases (issue 15, item 3): the Lambeth
 * team manager's professional supervision belongs to the Professional
 * Development Lead (002, 3.6). Booked through the Graph emulator, the
 * professional sessions are in the lead's calendar and are the lead's to be
 * prompted for and to record; the Service Manager, who keeps case
 * management, is neither prompted for them nor allowed to record them. The
 * lead's record counts for the team manager.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { startGraphEmulator, type GraphEmulator } from '../graph/emulator/index.ts';
import { parseIsoDate, type IsoDate } from '../rules/index.ts';
import {
  promptReader,
  recordingWriter,
  rosterWriter,
  teamReader,
  type Database,
} from '../store/index.ts';
import { importRoster, NotAllowedError, overdueFor, recordSession } from '../supervision/index.ts';
import { promptsDue } from '../supervision/prompts.ts';
import { bookEveryone } from './support/book-everyone.ts';
import { emulatorCalendar } from './support/emulator-env.ts';
import { testDatabases } from './support/databases.ts';

const TODAY = parseIsoDate('2026-11-23');
const ROSTER = [
  'upn,name,role,policy,started,supervisor_upn,last_supervised,type_supervisors',
  'sm@l.example,Sam Service,service-manager,lambeth,2015-01-05,,,',
  'pdl@l.example,Pat Lead,service-manager,lambeth,2016-01-04,sm@l.example,2026-11-20,',
  'tm@l.example,Tam Manager,team-manager,lambeth,2019-01-07,sm@l.example,2026-11-20,professional=pdl@l.example',
].join('\n');

describe.each(testDatabases)('a supervisor per type, on $name', (database) => {
  let db: Database;
  let emulator: GraphEmulator;
  beforeEach(async () => {
    emulator = await startGraphEmulator({});
    emulator.seed(
      [
        { userPrincipalName: 'sm@l.example', displayName: 'Sam Service' },
        { userPrincipalName: 'pdl@l.example', displayName: 'Pat Lead' },
        { userPrincipalName: 'tm@l.example', displayName: 'Tam Manager' },
      ],
      [],
    );
    db = await database.open();
    await importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
      text: ROSTER,
      file: 'roster.csv',
      actor: 'test',
      today: TODAY,
      dryRun: false,
    });
    const report = await bookEveryone(db, emulatorCalendar(emulator), TODAY);
    expect(report.failures).toEqual([]);
  }, 120_000);
  afterEach(async () => {
    await db.close();
    await emulator.close();
  });

  const idOf = async (upn: string) =>
    Number((await db.query<{ id: string }>('SELECT id FROM people WHERE upn = $1', [upn]))[0]!.id);
  const firstTamSession = async (type: string) => {
    const [row] = await db.query<{ id: string; startsAt: Date }>(
      `SELECT s.id, s.starts_at AS "startsAt" FROM sessions s JOIN relationships r ON r.id = s.relationship_id
         JOIN people p ON p.id = r.supervisee_id
        WHERE p.upn = 'tm@l.example' AND s.type = $1 AND s.status = 'booked' ORDER BY s.starts_at LIMIT 1`,
      [type],
    );
    return { id: Number(row!.id), startsAt: new Date(row!.startsAt) };
  };

  it('prompts the lead, not the service manager, for the professional session, and counts the lead’s record', async () => {
    const professional = await firstTamSession('professional');
    const caseManagement = await firstTamSession('case-management');
    const after = new Date(professional.startsAt.getTime() + 26 * 3_600_000);
    const due = await promptsDue(promptReader(db), after, { defaultRecordWorkingDays: 5 });
    const recipients = new Map(
      due.messages
        .filter((m) => m.kind === 'record-prompt')
        .map((m) => [m.payload.sessionId, m.recipientId]),
    );
    expect(recipients.get(professional.id)).toBe(await idOf('pdl@l.example'));
    if (recipients.has(caseManagement.id))
      expect(recipients.get(caseManagement.id)).toBe(await idOf('sm@l.example'));

    const record = (recorderUpn: string) =>
      recordSession(
        (work) => db.transaction((tx) => work(recordingWriter(tx))),
        fixedClock(after),
        {
          sessionId: professional.id,
          recorderUpn,
          outcome: { held: true, summary: 'Development' },
        },
      );
    // Ten days on, the session unrecorded is overdue for its record; recorded by the lead, nothing professional is.
    const later = new Date(after.getTime() + 10 * 86_400_000);
    const professionalOverdue = async () =>
      (
        await overdueFor(
          teamReader(db),
          'sm@l.example',
          { on: later.toISOString().slice(0, 10) as IsoDate, now: later },
          { defaultRecordWorkingDays: 5 },
        )
      ).items
        .filter((i) => i.upn === 'tm@l.example' && i.type === 'professional')
        .map((i) => i.kind);
    expect(await professionalOverdue()).not.toEqual([]);
    await expect(record('sm@l.example')).rejects.toBeInstanceOf(NotAllowedError);
    await record('pdl@l.example');
    const [held] = await db.query<{ status: string; recordedBy: string }>(
      'SELECT status, recorded_by AS "recordedBy" FROM sessions WHERE id = $1',
      [professional.id],
    );
    expect([held!.status, Number(held!.recordedBy)]).toEqual(['held', await idOf('pdl@l.example')]);
    // Recorded: neither the supervision nor its record is overdue; ten days on, only Tam's sign-off of it is (docs/bot.md#sign-off).
    expect(await professionalOverdue()).toEqual(['awaiting-sign-off']);
  });
});
