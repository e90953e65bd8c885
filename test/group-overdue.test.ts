/**
 * A type the policy sets per team, judged member by member (issue 15, item
 * 1), on both databases. Solihull: "Teams should ideally undertake at least
 * one group supervision per calendar month" (000, Group Supervision). A team
 * whose group was set up on 1 October 2026 and has never met is overdue for
 * it by 1 November; once it meets on 10 November, those who came are due by
 * 10 December and the one who was not stays overdue. Today is Monday 23
 * November 2026.
 */
import { tmpdir } from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assistantDeps } from '../app/bot-stack.ts';
import { readConfig } from '../app/config.ts';
import { cardForOutboxItem } from '../bot/outbox-cards.ts';
import { cardText } from './support/card-reading.ts';
import { fixedClock } from '../app/clock.ts';
import {
  groupRecordingWriter,
  groupsWriter,
  promptReader,
  teamReader,
  type Database,
} from '../store/index.ts';
import {
  complianceFor,
  importGroups,
  overdueFor,
  recordGroupSession,
} from '../supervision/index.ts';
import type { IsoDate } from '../rules/index.ts';
import { promptsDue } from '../supervision/prompts.ts';
import { testDatabases } from './support/databases.ts';
import { SEED_HEADER, seedGroupSession, seedRoster } from './support/seed.ts';

const NOW = new Date('2026-11-23T10:00:00Z');
const ON = '2026-11-23' as IsoDate;

describe.each(testDatabases)('a team’s monthly group supervision on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(
      db,
      [
        'sm@s.example,Sam Service,service-manager,solihull,2015-01-01,,Leads,,,',
        'tm@s.example,Tara Lead,team-manager,solihull,2018-01-01,sm@s.example,Assessment,,,2026-11-12',
        'sw1@s.example,Wes One,social-worker,solihull,2020-01-01,tm@s.example,Assessment,,,2026-11-12',
        'sw2@s.example,Wren Two,social-worker,solihull,2020-01-01,tm@s.example,Assessment,,,2026-11-12',
        // Started after the group was set up: due a month after her own start.
        'sw3@s.example,Wyn Three,social-worker,solihull,2026-11-02,tm@s.example,Assessment,,,2026-11-12',
      ],
      '2026-11-23',
      `${SEED_HEADER},last_supervised`,
    );
    await importGroups((work) => db.transaction((tx) => work(groupsWriter(tx))), {
      text: [
        'group,type,facilitator_upn,member_upns',
        'Assessment team group,group,tm@s.example,sw1@s.example;sw2@s.example;sw3@s.example',
      ].join('\n'),
      file: 'groups.csv',
      actor: 'test',
      today: '2026-10-01',
      dryRun: false,
    });
  });
  afterEach(async () => {
    await db.close();
  });

  /** The group meets on 10 November; Wes and Wyn come, Wren does not. */
  const meetOn10NovemberWithoutWren = async () => {
    const meeting = await seedGroupSession(db, 'Assessment team group', '2026-11-10');
    await recordGroupSession(
      (work) => db.transaction((tx) => work(groupRecordingWriter(tx))),
      fixedClock(NOW),
      {
        sessionId: meeting,
        recorderUpn: 'tm@s.example',
        attendedUpns: ['sw1@s.example', 'sw3@s.example'],
        casesDiscussed: [],
      },
    );
  };

  const groupItems = async () =>
    (
      await overdueFor(
        teamReader(db),
        'sm@s.example',
        { on: ON, now: NOW },
        {
          defaultRecordWorkingDays: 5,
        },
      )
    ).items
      .filter((i) => i.type === 'group')
      .map((i) => `${i.upn} ${i.kind} ${i.dueOn}: ${i.detail}`)
      .sort();

  it('never met: each member due a calendar month after the group started (or they did), and not booked', async () => {
    expect(await groupItems()).toEqual([
      'sw1@s.example not-booked 2026-11-01: no group meeting booked; next due by 2026-11-01',
      'sw1@s.example supervision-overdue 2026-11-01: group due by 2026-11-01 (none attended since 2026-10-01)',
      'sw2@s.example not-booked 2026-11-01: no group meeting booked; next due by 2026-11-01',
      'sw2@s.example supervision-overdue 2026-11-01: group due by 2026-11-01 (none attended since 2026-10-01)',
      'sw3@s.example not-booked 2026-12-02: no group meeting booked; next due by 2026-12-02',
    ]);
  });

  it('met with two of three: those who came are due a month on, the absentee stays overdue; a booked meeting counts for all', async () => {
    await meetOn10NovemberWithoutWren();
    await seedGroupSession(db, 'Assessment team group', '2026-12-08');
    expect(await groupItems()).toEqual([
      'sw2@s.example not-booked 2026-11-01: next group meeting booked for 2026-12-08, after it is due (2026-11-01)',
      'sw2@s.example supervision-overdue 2026-11-01: group due by 2026-11-01 (none attended since 2026-10-01)',
    ]);
  });

  it('tells each overdue member, and the facilitator once for the group, not once per member', async () => {
    const ids = new Map(
      (await db.query<{ id: string; upn: string }>('SELECT id, upn FROM people')).map((r) => [
        r.upn,
        Number(r.id),
      ]),
    );
    const groupNotices = async () =>
      (await promptsDue(promptReader(db), NOW, { defaultRecordWorkingDays: 5 })).messages
        .filter((m) => m.kind === 'overdue-notice' && m.payload['type'] === 'group')
        .map((m) => ({ to: m.recipientId, payload: m.payload }));
    const tara = ids.get('tm@s.example')!;
    // Never met: Wes and Wren are overdue since 1 November. Each is told; Tara, who facilitates
    // and supervises both, is told once for the group, and not per member.
    const never = await groupNotices();
    expect(never.filter((n) => n.to !== tara).map((n) => n.to)).toEqual(
      expect.arrayContaining([ids.get('sw1@s.example'), ids.get('sw2@s.example')]),
    );
    const once = never.filter((n) => n.to === tara);
    expect(once).toHaveLength(1);
    expect(once[0]!.payload).toMatchObject({ groupName: 'Assessment team group', members: 2 });
    expect(never).toHaveLength(3);
    // What Tara reads: how many members, which group, since when, and what to do.
    const toTara = (
      await promptsDue(promptReader(db), NOW, { defaultRecordWorkingDays: 5 })
    ).messages.find((m) => m.recipientId === tara && m.kind === 'overdue-notice')!;
    const deps = assistantDeps(
      db,
      readConfig({ CADENCE_DATA_DIR: tmpdir() }),
      fixedClock(NOW),
      null,
    );
    expect(cardText(await cardForOutboxItem(deps, { ...toTara, id: 1, attempts: 0 }))).toContain(
      "2 members of Assessment team group have not been to a group meeting since one was due by Sun 1 Nov 2026. The group's next meeting is yours to book (type book), or to record if it has been held.",
    );
    // After the 10 November meeting only Wren, who missed it, is overdue.
    await meetOn10NovemberWithoutWren();
    const after = await groupNotices();
    expect(after.map((n) => n.to).sort()).toEqual([ids.get('sw2@s.example'), tara].sort());
    expect(after.find((n) => n.to === tara)!.payload).toMatchObject({ members: 1 });
  });

  it('counts a member within policy only where the group met on time for them too', async () => {
    await meetOn10NovemberWithoutWren();
    const report = await complianceFor(teamReader(db), 'sm@s.example', ON, {
      defaultRecordWorkingDays: 5,
    });
    const workers = report.byRole.find((row) => row.group === 'social-worker')!;
    // Their one-to-ones are on time (last supervised 12 November). The group first met on
    // 10 November, after 1 November when it was due: Wes was overdue for nine days and Wren
    // still is; Wyn started on 2 November, so her first meeting was due on 2 December.
    expect(workers.people).toBe(3);
    expect(workers.periods.map((p) => p.within)).toEqual([1, 1]);
    // The team manager facilitates, and owes no group supervision of her own.
    const managers = report.byRole.find((row) => row.group === 'team-manager')!;
    expect(managers.periods.map((p) => p.within)).toEqual([1, 1]);
  });
});
