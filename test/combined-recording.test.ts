/**
 * Recording one meeting for several types (issue 15, item 2) on both
 * databases. A Lambeth team manager's case management and professional
 * supervision share a meeting on Thursday 19 November 2026 (002, 2.2: "the
 * allocation of time and space within the session"). Recorded from Teams by
 * the Service Manager, it counts as held for both types — neither is overdue
 * any more, and the export has a row for each — while peer reflection, not
 * part of the meeting, stays overdue.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandOf } from '../bot/commands.ts';
import { runAction, runCommand } from '../bot/turns.ts';
import { parseCardAction } from '../cards/index.ts';
import { listExportSessions, teamReader, type Database } from '../store/index.ts';
import { overdueFor } from '../supervision/index.ts';
import type { IsoDate } from '../rules/index.ts';
import { cardText } from './support/card-reading.ts';
import { testDatabases } from './support/databases.ts';
import { teamsPerson } from './support/teams-person.ts';
import { SEED_HEADER, seedRoster, seedSession } from './support/seed.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

describe.each(testDatabases)('recording one meeting for two types on $name', (database) => {
  let db: Database;
  let meeting: number;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(
      db,
      // Every type last held on 5 October: each (every 6 weeks) was due by 16 November.
      [
        'sm@l.example,Sam Service,service-manager,lambeth,2018-01-01,,Leads,,,2026-10-05',
        'tm@l.example,Tara Lead,team-manager,lambeth,2020-01-01,sm@l.example,Leads,,,2026-10-05',
      ],
      '2026-11-23',
      `${SEED_HEADER},last_supervised`,
    );
    meeting = await seedSession(db, 'tm@l.example', '2026-11-19', 'booked', 'case-management');
    await db.query(`UPDATE sessions SET also_types = '{professional}' WHERE id = $1`, [meeting]);
  });
  afterEach(async () => {
    await db.close();
  });

  const overdueTypes = async () =>
    (
      await overdueFor(
        teamReader(db),
        'sm@l.example',
        { on: '2026-11-23' as IsoDate, now: NOW },
        { defaultRecordWorkingDays: 5 },
      )
    ).items
      .filter((item) => item.kind === 'supervision-overdue' && item.upn === 'tm@l.example')
      .map((item) => item.type)
      .sort();

  it('is listed and recorded once in Teams, and counts as held for each type it covers', async () => {
    expect(await overdueTypes()).toEqual(['case-management', 'peer-reflection', 'professional']);
    const { deps, actor } = await teamsPerson(db, 'sm@l.example', NOW);

    const list = cardText((await runCommand(deps, actor, commandOf('record'))).card);
    expect(list).toContain('Case management and professional');

    const open = parseCardAction({ verb: 'openRecord', sessionId: meeting });
    if (!open.ok) throw new Error('openRecord did not parse');
    const form = await runAction(deps, actor, open.action);
    expect(cardText(form.card)).toContain(
      'One meeting for case management and professional supervision: this record counts for each type ticked below.',
    );
    const save = parseCardAction({
      verb: 'record',
      sessionId: meeting,
      nonce: 'nonce-combined-1',
      held: 'yes',
      summary: 'Team plan and wellbeing',
    });
    if (!save.ok) throw new Error(`record did not parse: ${save.fields.join(', ')}`);
    await runAction(deps, actor, save.action);

    // Both types are supervised by the one record; peer reflection was not part of the meeting.
    expect(await overdueTypes()).toEqual(['peer-reflection']);
    const exported = await listExportSessions(db, null, { from: '2026-11-01', to: '2026-11-30' });
    expect(exported.map((row) => [row.sessionId, row.type, row.status])).toEqual([
      [meeting, 'case-management', 'held'],
      [meeting, 'professional', 'held'],
    ]);
  });

  it('lets the recorder untick a type the meeting gave no time to: that type stays due, and the export says why', async () => {
    const { deps, actor } = await teamsPerson(db, 'sm@l.example', NOW);
    const open = parseCardAction({ verb: 'openRecord', sessionId: meeting });
    if (!open.ok) throw new Error('openRecord did not parse');
    const form = cardText((await runAction(deps, actor, open.action)).card);
    expect(form).toContain(
      'Supervision it gave time to (untick any it did not: that one stays due)',
    );
    const save = async (typesCovered: string, nonce: string) => {
      const parsed = parseCardAction({
        verb: 'record',
        sessionId: meeting,
        nonce,
        held: 'yes',
        typesCovered,
      });
      if (!parsed.ok) throw new Error(`record did not parse: ${parsed.fields.join(', ')}`);
      return cardText((await runAction(deps, actor, parsed.action)).card);
    };

    // Nothing ticked: refused beside the field, nothing written.
    expect(await save('', 'nonce-covered-1')).toContain(
      'no type is ticked as covered: tick those the meeting gave time to, or record it as not held',
    );
    const [still] = await db.query<{ status: string }>(
      'SELECT status FROM sessions WHERE id = $1',
      [meeting],
    );
    expect(still!.status).toBe('booked');

    // Case management only: professional supervision stays overdue.
    const recorded = await save('case-management', 'nonce-covered-2');
    expect(recorded).toMatch(/Not covered\W+professional \(still due\)/);
    expect(recorded).toContain('this record counts for case management only.');
    expect(await overdueTypes()).toEqual(['peer-reflection', 'professional']);
    const exported = await listExportSessions(db, null, { from: '2026-11-01', to: '2026-11-30' });
    expect(exported.map((row) => [row.type, row.status, row.notHeldReason])).toEqual([
      ['case-management', 'held', null],
      ['professional', 'not-held', 'not-covered'],
    ]);
  });
});
