import { describe, expect, it } from 'vitest';
import * as f from '../test/support/card-fixtures.ts';
import {
  CARD_SCHEMA,
  MAX_CARD_BYTES,
  attachmentOf,
  awaitingRecordCard,
  bookedCard,
  bookingCard,
  cardBytes,
  chaseCard,
  complianceCard,
  digestCard,
  escalationCard,
  helpCard,
  ladderCard,
  mySessionsCard,
  noticeCard,
  overdueCard,
  parseCardAction,
  preparationCard,
  proposalCard,
  recordCard,
  groupRecordCard,
  groupEscalationCard,
  coverCard,
  groupBookedCard,
  groupProposalCard,
  relationshipEndedCard,
  type GroupRecordView,
  superviseePickerCard,
  teamCard,
  type Card,
} from './index.ts';
import { MAX_ACTIONS_PER_SET } from './card.ts';
import {
  cardProblems,
  cardText,
  executeActions,
  inputIds,
  walk,
} from '../test/support/card-support.ts';

/** A Lambeth team's reflective case discussion, three members, two of their cases open. */
const groupRecordView: GroupRecordView = {
  sessionId: 91,
  groupName: 'Assessment team',
  type: 'reflective-case-discussion',
  startsAt: '2026-11-19T10:00',
  members: [
    { id: 11, upn: 'sw1@l.example', name: 'Wes One' },
    { id: 12, upn: 'sw2@l.example', name: 'Wren Two' },
    { id: 13, upn: 'sw3@l.example', name: 'Wyn Three' },
  ],
  cases: [
    { reference: 'LAM-0001', workerName: 'Wes One' },
    { reference: 'LAM-0003', workerName: 'Wyn Three' },
  ],
  nonce: 'nonce-group-card',
};

/** A Teams user MRI (activity.from.id), as refresh.userIds takes them; Microsoft's sample one. */
const USERS = [
  '29:1bSnHZ7Js2STWrgk6ScEErLk1Lp2zQuD5H2qQ960rtvstKp8tKLl-3r8b6DoW0QxZimuTxk_kupZ1DBMpvIQQUAZL-PNj0EORDvRZXy8kvWk',
];
const booking = {
  relationshipId: 311,
  supervisor: f.tom,
  supervisee: f.sara,
  durationMinutes: 60,
  avoid: [{ weekday: 2, time: '10:00' }],
  nonce: 'b2c4e6f8-booking',
};

/** Every builder, in the states a person meets it in. */
const CARDS: [name: string, card: Card][] = [
  ['help', helpCard(f.helpView)],
  [
    'help, not understood',
    helpCard({ name: null, commands: ['help', 'my sessions'], notUnderstood: true }),
  ],
  ['notice', noticeCard(f.noticeView)],
  [
    'notice without a next step',
    noticeCard({
      title: 'Not allowed',
      text: 'Only the supervisor or supervisee can record this session.',
      tone: 'attention',
    }),
  ],
  ['my sessions', mySessionsCard(f.mySessionsView)],
  ['my sessions, empty', mySessionsCard({ person: f.sara, upcoming: [], awaitingRecord: [] })],
  [
    'my sessions, with a group meeting',
    mySessionsCard({
      ...f.mySessionsView,
      groupMeetings: [
        {
          groupName: 'Assessment team',
          type: 'reflective-case-discussion',
          startsAt: '2026-11-26T10:00',
        },
      ],
    }),
  ],
  ['supervisee picker', superviseePickerCard(f.pickerView)],
  ['supervisee picker, no one', superviseePickerCard({ supervisees: [], groups: [] })],
  ['cover', coverCard(f.coverView)],
  [
    'cover, refused',
    coverCard({
      ...f.coverView,
      periods: [],
      problems: ['cover not set: the last day of cover is before the first'],
      chosen: { supervisorUpn: f.coverView.supervisors[0]!.upn, from: '2026-12-21' },
    }),
  ],
  ['group proposal', groupProposalCard(f.groupProposalView, USERS)],
  [
    'group proposal, nothing to book',
    groupProposalCard({ ...f.groupProposalView, series: [], nothingToBook: 'Already booked.' }),
  ],
  ['group booked', groupBookedCard(f.groupBookedView, USERS)],
  ['group booking under way', groupBookedCard({ ...f.groupBookedView, state: 'under-way' })],
  ['group booking interrupted', groupBookedCard({ ...f.groupBookedView, state: 'interrupted' })],
  [
    'group booking failed',
    groupBookedCard({ ...f.groupBookedView, state: 'failed', failures: ['Outlook said no.'] }),
  ],
  ['proposal', proposalCard(f.proposalView)],
  ['proposal with refresh', proposalCard(f.proposalView, USERS)],
  [
    'proposal, nothing to book',
    proposalCard({
      ...f.proposalView,
      series: [],
      nothingToBook: 'Everything to Sun 28 Feb 2027 is already booked.',
    }),
  ],
  ['booked', bookedCard(f.bookedView)],
  [
    'relationship ended, new supervisor',
    relationshipEndedCard({
      role: 'supervisee',
      other: f.sara,
      newSupervisor: f.sara,
      sessions: [{ date: '2027-01-04', time: '10:00' }],
    }),
  ],
  [
    'relationship ended, leaver',
    relationshipEndedCard({ role: 'supervisor', other: f.sara, newSupervisor: null, sessions: [] }),
  ],
  [
    'booked, with Try again',
    bookedCard({
      ...f.bookedView,
      retry: { durationMinutes: 60, avoid: [], nonce: 'a1b2c3d4-retry' },
    }),
  ],
  ['booking under way', bookingCard({ ...booking, state: 'under-way' }, USERS)],
  ['booking interrupted', bookingCard({ ...booking, state: 'interrupted' }, USERS)],
  [
    'booking failed',
    bookingCard(
      {
        ...booking,
        state: 'failed',
        problem: 'Outlook or Cadence’s database could not be reached while booking.',
      },
      USERS,
    ),
  ],
  ['preparation', preparationCard(f.preparationView, USERS)],
  [
    'preparation, saved',
    preparationCard({
      ...f.preparationView,
      saved: true,
      previousActions: [],
      casesDue: [],
      agenda: [],
    }),
  ],
  ['awaiting record', awaitingRecordCard(f.awaitingView)],
  ['awaiting record, none', awaitingRecordCard({ sessions: [] })],
  [
    'awaiting record, with a group meeting',
    awaitingRecordCard({
      ...f.awaitingView,
      groups: [{ sessionId: 91, groupName: 'Assessment team', startsAt: '2026-11-19T10:00' }],
    }),
  ],
  ['group record form', groupRecordCard(groupRecordView)],
  [
    'group record form with problems',
    groupRecordCard({
      ...groupRecordView,
      problems: [
        {
          field: 'casesDiscussed[0]',
          message: 'case LAM-0003 is not allocated to a member who was there',
        },
      ],
    }),
  ],
  [
    'group record form, record due',
    groupRecordCard({ ...groupRecordView, recordDueOn: '2026-11-23' }),
  ],
  [
    'group record escalation',
    groupEscalationCard({
      recorder: { upn: 'tm@l.example', name: 'Tara Lead' },
      groupName: 'Assessment team',
      type: 'reflective-case-discussion',
      startsAt: '2026-11-19T10:00',
      members: 3,
      recordDueOn: '2026-11-23',
      workingDaysLate: 1,
      subject: 'record:91',
      nonce: 'n-group-escalation',
    }),
  ],
  [
    'group record, recorded',
    groupRecordCard({
      ...groupRecordView,
      recorded: { held: true, attended: ['Wes One', 'Wren Two'], absent: ['Wyn Three'] },
    }),
  ],
  ['record form', recordCard(f.recordView, USERS)],
  [
    'record form, one meeting for two types',
    recordCard({
      ...f.recordView,
      session: { ...f.recordView.session, type: 'case-management', alsoTypes: ['professional'] },
    }),
  ],
  [
    'record form with problems',
    recordCard({
      ...f.recordView,
      problems: [
        { field: 'summary', message: 'is longer than 2000 characters' },
        { field: 'outcome', message: 'is missing' },
      ],
    }),
  ],
  ['record, recorded', recordCard(f.recordedView, USERS)],
  [
    'record, not held',
    recordCard({
      ...f.recordView,
      recorded: {
        held: false,
        reason: 'sickness',
        parts: [],
        actions: [],
        recordedBy: f.sara,
        recordedAt: '2026-12-01 12:05',
      },
    }),
  ],
  ['overdue', overdueCard(f.overdueView)],
  [
    'overdue, nothing',
    overdueCard({ ...f.overdueView, total: 0, people: 0, groups: [], pages: 1, notice: undefined }),
  ],
  ['compliance', complianceCard(f.complianceView)],
  ['team', teamCard(f.teamView)],
  ['chase', chaseCard(f.chaseView, USERS)],
  [
    'chase, snoozed',
    chaseCard({ ...f.chaseView, snoozedUntil: '2026-12-08', from: null, sessionId: undefined }),
  ],
  ['escalation', escalationCard(f.escalationView, USERS)],
  ['escalation, snoozed', escalationCard({ ...f.escalationView, snoozedUntil: '2026-12-04' })],
  ['ladder', ladderCard(f.ladderView)],
  [
    'ladder, one',
    ladderCard({ ...f.ladderView, entries: f.ladderView.entries.slice(2, 3), more: 0 }),
  ],
  ['digest', digestCard(f.digestView)],
  ['digest, quiet week', digestCard({ ...f.digestView, counts: [], worst: [] })],
];

/** What button data may carry: which thing, never what someone wrote about a child. */
const DATA_KEYS = new Set([
  'verb',
  'command',
  'relationshipId',
  'groupId',
  'coverId',
  'durationMinutes',
  'avoid',
  'nonce',
  'sessionId',
  'version',
  'outcome',
  'start',
  'superviseeId',
  'type',
  'dueOn',
  'page',
  'upn',
  'kind',
  'subject',
  'days',
  'card',
]);

describe.each(CARDS)('%s card', (_name, card) => {
  it('is an Adaptive Card 1.5 the adaptivecards library reads without a problem', () => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', $schema: CARD_SCHEMA });
    expect(cardProblems(card)).toEqual([]);
  });

  it('has buttons whose data parses as a card action with the verb in it, and a matching Action.Submit fallback', () => {
    for (const action of executeActions(card)) {
      const parsed = parseCardAction(action.data);
      expect(parsed, `${String(action.title)}: ${JSON.stringify(action.data)}`).toMatchObject({
        ok: true,
      });
      expect((action.data as { verb: string }).verb).toBe(action.verb);
      expect(action.fallback).toMatchObject({
        type: 'Action.Submit',
        title: action.title,
        data: action.data,
      });
      expect(Object.keys(action.data as object).filter((key) => !DATA_KEYS.has(key))).toEqual([]);
    }
  });

  it('has no two inputs with one id, and no input a button would merge over its own data', () => {
    const ids = inputIds(card);
    expect(new Set(ids).size).toBe(ids.length);
    for (const action of executeActions(card)) {
      if (action.associatedInputs === 'none') continue;
      expect(Object.keys(action.data as object).filter((key) => ids.includes(key))).toEqual([]);
    }
  });

  it(`keeps to ${MAX_ACTIONS_PER_SET} buttons a row and under the message size limit`, () => {
    for (const node of walk(card)) {
      if (node.type === 'ActionSet')
        expect((node.actions as unknown[]).length).toBeLessThanOrEqual(MAX_ACTIONS_PER_SET);
    }
    expect(((card.actions as unknown[] | undefined) ?? []).length).toBeLessThanOrEqual(
      MAX_ACTIONS_PER_SET,
    );
    expect(cardBytes(card)).toBeLessThan(MAX_CARD_BYTES);
  });

  it('has a refresh only when users were given, and its data parses', () => {
    const refresh = card.refresh as
      { action: { type: string; verb: string; data: unknown }; userIds: string[] } | undefined;
    if (!refresh) return;
    expect(refresh.userIds).toEqual(USERS);
    expect(refresh.action).toMatchObject({ type: 'Action.Execute', verb: 'refresh' });
    expect(parseCardAction(refresh.action.data)).toMatchObject({
      ok: true,
      action: { verb: 'refresh' },
    });
  });
});

describe('cards without refresh users', () => {
  it('carry no refresh', () => {
    for (const card of [
      proposalCard(f.proposalView),
      preparationCard(f.preparationView),
      recordCard(f.recordView),
      chaseCard(f.chaseView),
      escalationCard(f.escalationView),
    ]) {
      expect(card.refresh).toBeUndefined();
    }
  });

  it('name the card and its id in the refresh data when users are given', () => {
    expect(
      (recordCard(f.recordView, USERS).refresh as { action: { data: unknown } }).action.data,
    ).toEqual({ verb: 'refresh', card: 'record', sessionId: 4187 });
    expect(
      (proposalCard(f.proposalView, USERS).refresh as { action: { data: unknown } }).action.data,
    ).toEqual({ verb: 'refresh', card: 'proposal', relationshipId: 311 });
    expect(
      (chaseCard(f.chaseView, USERS).refresh as { action: { data: unknown } }).action.data,
    ).toEqual({ verb: 'refresh', card: 'chase', subject: 'unrecorded:4187', sessionId: 4187 });
  });

  it('list at most 60 users, each once', () => {
    const many = Array.from({ length: 70 }, (_, i) => `29:user-${i % 65}`);
    const refresh = preparationCard(f.preparationView, many).refresh as { userIds: string[] };
    expect(refresh.userIds).toHaveLength(60);
    expect(new Set(refresh.userIds).size).toBe(60);
  });
});

describe('refresh audiences', () => {
  it('list only user MRIs: an Entra object id would never match a Teams user', () => {
    const refresh = recordCard(f.recordView, ['6f1c2d7e-0a4b-4c8e-9d3f-1b2a3c4d5e6f', ...USERS])
      .refresh as { userIds: string[] };
    expect(refresh.userIds).toEqual(USERS);
  });

  it('leave userIds out for a personal chat, or when no MRI is left, so Teams refreshes for everyone in the chat (never userIds: [])', () => {
    expect(preparationCard(f.preparationView, 'chat').refresh).toEqual({
      action: expect.objectContaining({ verb: 'refresh' }) as unknown,
    });
    expect(
      recordCard(f.recordView, ['6f1c2d7e-0a4b-4c8e-9d3f-1b2a3c4d5e6f']).refresh,
    ).not.toHaveProperty('userIds');
  });
});

describe('group booking cards', () => {
  it('the proposal says who organises, how many are invited and the quorum, and books the group by id', () => {
    const card = groupProposalCard(f.groupProposalView);
    expect(cardText(card)).toMatch(
      /Organised by Tom[^\n]* with 5 members invited; each time is one at which Tom[^\n]* and at least 3 of the 5 members are free \(the group's quorum\)/,
    );
    expect(cardText(card)).toMatch(/Every 2 weeks on Tuesday at 10:00 for 90 minutes/);
    expect(executeActions(card)).toEqual([
      expect.objectContaining({
        title: 'Book',
        data: { verb: 'bookGroup', groupId: 41, avoid: [], nonce: f.groupProposalView.nonce },
      }),
      // Another time turns down the Tuesday 10:00 shown, as a one-to-one's does.
      expect.objectContaining({
        title: 'Another time',
        data: { verb: 'proposeGroup', groupId: 41, avoid: [{ weekday: 2, time: '10:00' }] },
      }),
    ]);
  });

  it('the picker offers each group its organiser books, with whether anything is booked', () => {
    const card = superviseePickerCard(f.pickerView);
    expect(cardText(card)).toMatch(
      /Assessment team case discussion\*{0,2}, reflective case discussion for 5 members: nothing booked/,
    );
    expect(executeActions(card)).toContainEqual(
      expect.objectContaining({
        title: 'Propose times for Assessment team case discussion',
        data: { verb: 'proposeGroup', groupId: 41 },
      }),
    );
  });

  it('offers Try again only when something failed, and Finish booking when interrupted', () => {
    expect(executeActions(groupBookedCard(f.groupBookedView))).toEqual([]);
    for (const [state, title, failures] of [
      ['interrupted', 'Finish booking', []],
      ['failed', 'Try again', ['Outlook said no.']],
    ] as const) {
      const card = groupBookedCard({ ...f.groupBookedView, state, failures: [...failures] });
      expect(executeActions(card)).toEqual([
        expect.objectContaining({
          title,
          data: { verb: 'bookGroup', groupId: 41, nonce: f.groupBookedView.nonce },
        }),
      ]);
    }
  });
});

describe('booking cards', () => {
  it('say booking is under way and that a restart loses nothing, with no button to press twice', () => {
    const card = bookingCard({ ...booking, state: 'under-way' }, USERS);
    expect(cardText(card)).toMatch(/Booking supervision/);
    expect(cardText(card)).toMatch(/changes to the booked sessions when it is done/);
    expect(cardText(card)).toMatch(/restarted before it finishes, nothing is lost or booked twice/);
    expect(executeActions(card)).toEqual([]);
    expect((card.refresh as { action: { data: unknown } }).action.data).toEqual({
      verb: 'refresh',
      card: 'booking',
      relationshipId: 311,
    });
  });

  it('offer Finish booking or Try again with what the proposal showed and a nonce of their own', () => {
    for (const [state, title] of [
      ['interrupted', 'Finish booking'],
      ['failed', 'Try again'],
    ] as const) {
      const [action] = executeActions(bookingCard({ ...booking, state }));
      expect(action).toMatchObject({
        title,
        data: {
          verb: 'book',
          relationshipId: 311,
          durationMinutes: 60,
          avoid: [{ weekday: 2, time: '10:00' }],
          nonce: booking.nonce,
        },
      });
    }
    expect(
      cardText(bookingCard({ ...booking, state: 'failed', problem: 'Outlook said no.' })),
    ).toMatch(/Outlook said no\.[\s\S]*none is booked twice/);
  });

  it('a booked card offers Try again only when something failed', () => {
    expect(
      executeActions(
        bookedCard({
          ...f.bookedView,
          retry: { durationMinutes: 60, avoid: [], nonce: 'a1b2c3d4-retry' },
        }),
      ).map((a) => a.title),
    ).toEqual(['Try again']);
    expect(
      executeActions(
        bookedCard({
          ...f.bookedView,
          failures: [],
          retry: { durationMinutes: 60, avoid: [], nonce: 'a1b2c3d4-retry' },
        }),
      ),
    ).toEqual([]);
  });
});

describe('attachmentOf', () => {
  it('wraps a card as an Adaptive Card attachment', () => {
    const card = noticeCard(f.noticeView);
    expect(attachmentOf(card)).toEqual({
      contentType: 'application/vnd.microsoft.card.adaptive',
      content: card,
    });
  });
});
