/**
 * Which prompts are due, decided purely from a snapshot, with dates pinned.
 * Winter dates are GMT (London 09:00 is 09:00Z); summer ones BST (08:00Z).
 */
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import {
  decidePrompts,
  isoWeekOf,
  promptsDue,
  type PromptOptions,
  type PromptSnapshot,
} from './prompts.ts';
import type { PromptMember, PromptReader, PromptSession } from './ports/index.ts';

const SUPERVISEE = { id: 10, usesTeams: true };
const SUPERVISOR = { id: 20, usesTeams: true };
const MANAGER = { id: 30, usesTeams: true };
const OPTIONS: PromptOptions = { preparationWorkingDays: 2, defaultRecordWorkingDays: 5 };

function session(id: number, startsAt: string, fields: Partial<PromptSession> = {}): PromptSession {
  const start = new Date(startsAt);
  return {
    sessionId: id,
    type: 'one-to-one',
    startsAt: start,
    endsAt: new Date(start.getTime() + 60 * 60_000),
    policy: 'solihull',
    supervisee: SUPERVISEE,
    supervisor: SUPERVISOR,
    supervisorManager: MANAGER,
    ...fields,
  };
}

function snapshot(fields: Partial<PromptSnapshot>): PromptSnapshot {
  return { sessions: [], leaders: [], members: [], summaries: [], snoozes: [], ...fields };
}

const decide = (fields: Partial<PromptSnapshot>, now: string, options = OPTIONS) =>
  decidePrompts(snapshot(fields), new Date(now), options);
const keys = (result: ReturnType<typeof decidePrompts>) => result.messages.map((m) => m.key);

describe('preparation prompts', () => {
  // Tuesday 29 December 2026: 28 December is the substitute Boxing Day, 25 December Christmas, 26–27 a weekend.
  const christmas = session(1, '2026-12-29T10:00:00Z');

  it('go to the supervisee at 09:00 two working days before, counting back over bank holidays', () => {
    expect(decide({ sessions: [christmas] }, '2026-12-22T17:00:00Z').messages).toEqual([]);
    expect(decide({ sessions: [christmas] }, '2026-12-23T07:00:00Z').messages).toEqual([
      {
        key: 'preparation:1',
        recipientId: 10,
        kind: 'preparation',
        payload: { sessionId: 1 },
        notBefore: new Date('2026-12-23T09:00:00Z'),
      },
    ]);
  });

  it('go at once when their time has passed but the session has not started, and not once it has', () => {
    expect(
      decide({ sessions: [christmas] }, '2026-12-24T12:00:00Z').messages[0]?.notBefore,
    ).toEqual(new Date('2026-12-24T12:00:00Z'));
    expect(decide({ sessions: [christmas] }, '2026-12-29T10:30:00Z').messages).toEqual([]);
  });

  it('follow London time in summer and the configured number of working days', () => {
    // Thursday 2 July 2026, 10:00 BST: two working days before is Tuesday 30 June, 09:00 BST.
    const summer = session(2, '2026-07-02T09:00:00Z');
    expect(decide({ sessions: [summer] }, '2026-06-30T06:00:00Z').messages[0]?.notBefore).toEqual(
      new Date('2026-06-30T08:00:00Z'),
    );
    expect(
      decide({ sessions: [summer] }, '2026-06-30T06:00:00Z', {
        ...OPTIONS,
        preparationWorkingDays: 3,
      }).messages[0]?.notBefore,
    ).toEqual(new Date('2026-06-30T06:00:00Z'));
    expect(
      decide({ sessions: [summer] }, '2026-06-26T12:00:00Z', {
        ...OPTIONS,
        preparationWorkingDays: 3,
      }).messages,
    ).toEqual([]);
  });

  it('skip a supervisee who does not use Teams', () => {
    const result = decide(
      {
        sessions: [
          session(3, '2026-12-29T10:00:00Z', { supervisee: { id: 10, usesTeams: false } }),
        ],
      },
      '2026-12-23T10:00:00Z',
    );
    expect(result.messages).toEqual([]);
    expect(result.skipped).toEqual([
      { key: 'preparation:3', kind: 'preparation', recipientId: 10, reason: 'not-on-teams' },
    ]);
  });
});

describe('record prompts, record due and escalation', () => {
  // Thursday 12 November 2026, 10:00–11:00. Lambeth: record within 2 working days (Monday 16th); Solihull sets none, so Cadence's 5 (Thursday 19th).
  const lambeth = session(5, '2026-11-12T10:00:00Z', { policy: 'lambeth' });
  const solihull = session(6, '2026-11-12T10:00:00Z');

  it('prompt the supervisor to record when the session ends', () => {
    expect(decide({ sessions: [lambeth] }, '2026-11-12T10:59:00Z').messages).toEqual([]);
    expect(decide({ sessions: [lambeth] }, '2026-11-12T11:05:00Z').messages).toEqual([
      {
        key: 'record-prompt:5',
        recipientId: 20,
        kind: 'record-prompt',
        payload: { sessionId: 5 },
        notBefore: new Date('2026-11-12T11:00:00Z'),
      },
    ]);
  });

  it('remind the supervisor at 09:00 on the day the record falls due, by the policy or Cadence’s default', () => {
    expect(keys(decide({ sessions: [lambeth, solihull] }, '2026-11-13T12:00:00Z'))).toEqual([
      'record-prompt:5',
      'record-prompt:6',
    ]);
    const monday = decide({ sessions: [lambeth, solihull] }, '2026-11-16T07:00:00Z');
    expect(monday.messages.find((m) => m.kind === 'record-due')).toEqual({
      key: 'record-due:5',
      recipientId: 20,
      kind: 'record-due',
      payload: { sessionId: 5, recordDueOn: '2026-11-16' },
      notBefore: new Date('2026-11-16T09:00:00Z'),
    });
    expect(keys(decide({ sessions: [solihull] }, '2026-11-19T08:00:00Z'))).toEqual([
      'record-prompt:6',
      'record-due:6',
    ]);
  });

  it('escalate to the supervisor’s manager the working day after the record was due', () => {
    expect(keys(decide({ sessions: [lambeth] }, '2026-11-16T23:00:00Z'))).not.toContain(
      'escalation:5',
    );
    const tuesday = decide({ sessions: [lambeth] }, '2026-11-17T08:00:00Z');
    expect(tuesday.messages.find((m) => m.kind === 'escalation')).toEqual({
      key: 'escalation:5',
      recipientId: 30,
      kind: 'escalation',
      payload: { sessionId: 5, recordDueOn: '2026-11-16' },
      notBefore: new Date('2026-11-17T09:00:00Z'),
    });
    // Due on Friday 20 November (a Lambeth session on Wednesday 18th): escalated on Monday 23rd, not at the weekend.
    const wednesday = session(7, '2026-11-18T10:00:00Z', { policy: 'lambeth' });
    expect(keys(decide({ sessions: [wednesday] }, '2026-11-22T12:00:00Z'))).not.toContain(
      'escalation:7',
    );
    expect(
      decide({ sessions: [wednesday] }, '2026-11-23T12:00:00Z').messages.find(
        (m) => m.kind === 'escalation',
      )?.notBefore,
    ).toEqual(new Date('2026-11-23T09:00:00Z'));
  });

  it('say so when the supervisor has no manager to escalate to', () => {
    const result = decide(
      {
        sessions: [
          session(8, '2026-11-12T10:00:00Z', { policy: 'lambeth', supervisorManager: null }),
        ],
      },
      '2026-11-17T10:00:00Z',
    );
    expect(keys(result)).toEqual(['record-prompt:8', 'record-due:8']);
    expect(result.skipped).toEqual([
      { key: 'escalation:8', kind: 'escalation', recipientId: null, reason: 'no-manager' },
    ]);
  });

  it('hold back a snoozed reminder until the snooze ends, then send it; the snooze is the recipient’s own', () => {
    const snoozes = [
      { personId: 20, subject: 'record:5', untilAt: new Date('2026-11-18T09:00:00Z') },
    ];
    const during = decide({ sessions: [lambeth], snoozes }, '2026-11-17T10:00:00Z');
    expect(keys(during)).toEqual(['record-prompt:5', 'escalation:5']);
    expect(during.skipped).toEqual([
      {
        key: 'record-due:5',
        kind: 'record-due',
        recipientId: 20,
        reason: 'snoozed',
        until: new Date('2026-11-18T09:00:00Z'),
      },
    ]);
    const after = decide({ sessions: [lambeth], snoozes }, '2026-11-18T09:05:00Z');
    expect(keys(after)).toContain('record-due:5');
    expect(after.messages.find((m) => m.key === 'record-due:5')?.notBefore).toEqual(
      new Date('2026-11-16T09:00:00Z'),
    );
    const managerSnoozed = decide(
      {
        sessions: [lambeth],
        snoozes: [{ personId: 30, subject: 'record:5', untilAt: new Date('2026-11-20T00:00:00Z') }],
      },
      '2026-11-17T10:00:00Z',
    );
    expect(keys(managerSnoozed)).toEqual(['record-prompt:5', 'record-due:5']);
  });

  it('send nothing to a supervisor or manager who does not use Teams', () => {
    const offline = session(9, '2026-11-12T10:00:00Z', {
      policy: 'lambeth',
      supervisor: { id: 20, usesTeams: false },
      supervisorManager: { id: 30, usesTeams: false },
    });
    const result = decide({ sessions: [offline] }, '2026-11-17T10:00:00Z');
    expect(result.messages).toEqual([]);
    expect(result.skipped.map((s) => `${s.key} ${s.reason}`)).toEqual([
      'record-prompt:9 not-on-teams',
      'record-due:9 not-on-teams',
      'escalation:9 not-on-teams',
    ]);
  });

  it('stop chasing sessions older than the look-back', () => {
    expect(decide({ sessions: [lambeth] }, '2026-12-20T10:00:00Z').messages).toEqual([]);
    expect(
      keys(
        decide({ sessions: [lambeth] }, '2026-12-20T10:00:00Z', {
          ...OPTIONS,
          unrecordedLookbackDays: 60,
        }),
      ),
    ).toEqual(['record-prompt:5', 'record-due:5', 'escalation:5']);
  });
});

describe('weekly digest', () => {
  const leaders = [MANAGER, { id: 31, usesTeams: false }];

  it('goes to everyone with someone below them on Monday at 09:00, keyed by ISO week', () => {
    const result = decide({ leaders }, '2026-11-23T06:00:00Z');
    expect(result.messages).toEqual([
      {
        key: 'digest:30:2026-W48',
        recipientId: 30,
        kind: 'digest',
        payload: { weekOf: '2026-11-23' },
        notBefore: new Date('2026-11-23T09:00:00Z'),
      },
    ]);
    expect(result.skipped).toEqual([
      { key: 'digest:31:2026-W48', kind: 'digest', recipientId: 31, reason: 'not-on-teams' },
    ]);
  });

  it('is still sent later that week if Monday was missed (the same key), and not at the weekend', () => {
    expect(keys(decide({ leaders }, '2026-11-25T12:00:00Z'))).toEqual(['digest:30:2026-W48']);
    expect(decide({ leaders }, '2026-11-28T12:00:00Z').messages).toEqual([]);
  });

  it('names ISO weeks across the turn of the year', () => {
    expect(isoWeekOf(parseIsoDate('2026-11-23'))).toBe('2026-W48');
    expect(isoWeekOf(parseIsoDate('2026-12-28'))).toBe('2026-W53');
    expect(isoWeekOf(parseIsoDate('2027-01-01'))).toBe('2026-W53');
    expect(isoWeekOf(parseIsoDate('2027-01-04'))).toBe('2027-W01');
    expect(isoWeekOf(parseIsoDate('2025-12-29'))).toBe('2026-W01');
  });
});

describe('overdue notices', () => {
  // Ann, a Solihull social worker supervised monthly, last held 10 October: due 10 November, overdue on 23 November.
  const ann: PromptMember = {
    id: 10,
    upn: 'ann@x.example',
    name: 'Ann One',
    role: 'social-worker',
    policy: 'solihull',
    team: 'Assessment',
    startedOn: '2020-01-01',
    approvedOn: null,
    relationshipFrom: '2020-01-01',
    supervisorUpn: 'tara@x.example',
    supervisorName: 'Tara Lead',
    types: ['one-to-one'],
    agreedPeriods: {},
    agreedFrequency: {},
    agreementSignedOn: '2026-06-01',
    agreementReviewedOn: null,
    usesTeams: true,
    supervisor: SUPERVISOR,
  };
  const summaries = [
    { personId: 10, type: 'one-to-one', lastHeldOn: '2026-10-10', nextBookedOn: null },
  ];

  it('go to the supervisee and their supervisor, once per due date, from 09:00', () => {
    const result = decide({ members: [ann], summaries }, '2026-11-23T06:00:00Z');
    const payload = { superviseeId: 10, type: 'one-to-one', dueOn: '2026-11-10' };
    const notBefore = new Date('2026-11-23T09:00:00Z');
    expect(result.messages).toEqual([
      {
        key: 'overdue-notice:10:10:one-to-one:2026-11-10',
        recipientId: 10,
        kind: 'overdue-notice',
        payload,
        notBefore,
      },
      {
        key: 'overdue-notice:20:10:one-to-one:2026-11-10',
        recipientId: 20,
        kind: 'overdue-notice',
        payload,
        notBefore,
      },
    ]);
    // Not yet overdue on the due date itself, nor after a session held since.
    expect(decide({ members: [ann], summaries }, '2026-11-10T12:00:00Z').messages).toEqual([]);
    expect(
      decide(
        { members: [ann], summaries: [{ ...summaries[0]!, lastHeldOn: '2026-11-20' }] },
        '2026-11-23T12:00:00Z',
      ).messages,
    ).toEqual([]);
  });

  it('respect each person’s snooze and Teams use', () => {
    const snoozes = [
      { personId: 10, subject: 'overdue:10:one-to-one', untilAt: new Date('2026-11-30T00:00:00Z') },
    ];
    const result = decide({ members: [ann], summaries, snoozes }, '2026-11-23T10:00:00Z');
    expect(keys(result)).toEqual(['overdue-notice:20:10:one-to-one:2026-11-10']);
    expect(result.skipped.map((s) => `${s.key} ${s.reason}`)).toEqual([
      'overdue-notice:10:10:one-to-one:2026-11-10 snoozed',
    ]);
    const offline = decide(
      { members: [{ ...ann, supervisor: { id: 20, usesTeams: false } }], summaries },
      '2026-11-23T10:00:00Z',
    );
    expect(keys(offline)).toEqual(['overdue-notice:10:10:one-to-one:2026-11-10']);
  });
});

describe('group meetings', () => {
  const meeting = {
    sessionId: 7,
    startsAt: new Date('2026-11-19T10:00:00Z'),
    endsAt: new Date('2026-11-19T11:00:00Z'),
    organiser: SUPERVISOR,
    // Lambeth: minutes "within 2 working days" (002, 4): held Thursday 19th, due Monday 23rd.
    policy: 'lambeth',
    organiserManager: MANAGER,
  };
  it('asks whoever records a group meeting for its record once it has ended, and not before', () => {
    expect(keys(decide({ groupMeetings: [meeting] }, '2026-11-19T10:30:00Z'))).toEqual([]);
    const ended = decide({ groupMeetings: [meeting] }, '2026-11-19T11:05:00Z');
    expect(ended.messages).toEqual([
      {
        key: 'group-record-prompt:7',
        kind: 'group-record-prompt',
        recipientId: SUPERVISOR.id,
        payload: { sessionId: 7 },
        notBefore: meeting.endsAt,
      },
    ]);
  });
  it('reminds whoever records it on the day the record falls due, and tells their manager a working day later', () => {
    expect(keys(decide({ groupMeetings: [meeting] }, '2026-11-20T10:00:00Z'))).toEqual([
      'group-record-prompt:7',
    ]);
    const due = decide({ groupMeetings: [meeting] }, '2026-11-23T10:00:00Z');
    expect(due.messages.find((m) => m.kind === 'group-record-due')).toEqual({
      key: 'group-record-due:7',
      kind: 'group-record-due',
      recipientId: SUPERVISOR.id,
      payload: { sessionId: 7, recordDueOn: '2026-11-23' },
      notBefore: new Date('2026-11-23T09:00:00Z'),
    });
    expect(keys(due)).not.toContain('group-escalation:7');
    const late = decide({ groupMeetings: [meeting] }, '2026-11-24T10:00:00Z');
    expect(late.messages.find((m) => m.kind === 'group-escalation')).toEqual({
      key: 'group-escalation:7',
      kind: 'group-escalation',
      recipientId: MANAGER.id,
      payload: { sessionId: 7, recordDueOn: '2026-11-23' },
      notBefore: new Date('2026-11-24T09:00:00Z'),
    });
    const noManager = decide(
      { groupMeetings: [{ ...meeting, organiserManager: null }] },
      '2026-11-24T10:00:00Z',
    );
    expect(noManager.skipped.map((s) => `${s.key} ${s.reason}`)).toEqual([
      'group-escalation:7 no-manager',
    ]);
  });
  it('holds it back while the organiser has snoozed it, or is not on Teams', () => {
    const snoozed = decide(
      {
        groupMeetings: [meeting],
        snoozes: [
          {
            personId: SUPERVISOR.id,
            subject: 'record:7',
            untilAt: new Date('2026-11-20T09:00:00Z'),
          },
        ],
      },
      '2026-11-19T11:05:00Z',
    );
    expect(snoozed.skipped.map((s) => s.reason)).toEqual(['snoozed']);
    const offline = decide(
      { groupMeetings: [{ ...meeting, organiser: { id: 20, usesTeams: false } }] },
      '2026-11-19T11:05:00Z',
    );
    expect(offline.skipped.map((s) => s.reason)).toEqual(['not-on-teams']);
  });
});

describe('promptsDue', () => {
  it('reads the windows around now through the port and decides from what it read', async () => {
    const asked: string[] = [];
    const reader: PromptReader = {
      listUpcomingSessions: (now, before) => (
        asked.push(`upcoming ${now.toISOString()} ${before.toISOString()}`),
        Promise.resolve([session(1, '2026-12-29T10:00:00Z')])
      ),
      listEndedSessions: (since, now) => (
        asked.push(`ended ${since.toISOString()} ${now.toISOString()}`),
        Promise.resolve([])
      ),
      listEndedGroupMeetings: () => Promise.resolve([]),
      listLeaders: () => (asked.push('leaders'), Promise.resolve([])),
      listSupervised: () => Promise.resolve([]),
      summariseSessions: () => Promise.resolve([]),
      listAwaitingSignOff: () => Promise.resolve([]),
      listSnoozes: () => Promise.resolve([]),
    };
    const result = await promptsDue(reader, new Date('2026-12-23T10:00:00Z'), OPTIONS);
    expect(keys(result)).toEqual(['preparation:1']);
    // Two working days from Wednesday 23 December is Tuesday 29th: sessions starting before its end; ended ones from 25 November.
    expect(asked).toEqual([
      'upcoming 2026-12-23T10:00:00.000Z 2026-12-30T00:00:00.000Z',
      'ended 2026-11-25T00:00:00.000Z 2026-12-23T10:00:00.000Z',
      'leaders',
    ]);
  });
});
