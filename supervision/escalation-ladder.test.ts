/** The escalation ladder's decisions, pure: who is told what on which day (supervision/escalation-ladder.ts). */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LADDER,
  LADDER_MAX_PER_MESSAGE,
  decideLadder,
  readLadderEntries,
  type LadderSnapshot,
} from './escalation-ladder.ts';
import { parseIsoDate } from '../rules/index.ts';
import type { OverdueItem } from './overdue.ts';
import type { PromptMember, Recipient } from './ports/index.ts';

const on = (id: number, usesTeams = true): Recipient => ({ id, usesTeams });
// Ann (10) and Ben (11) are supervised by Tara (2), who reports to Sue (3), who reports to Dee (4).
const member = (id: number, upn: string, supervisor: Recipient | null = on(2)): PromptMember => ({
  id,
  upn,
  name: upn,
  role: 'social-worker',
  policy: 'solihull',
  team: null,
  startedOn: '2020-01-01',
  approvedOn: null,
  relationshipFrom: '2020-01-01',
  supervisorUpn: 'tara@x.example',
  supervisorName: 'Tara',
  types: ['one-to-one'],
  agreedPeriods: {},
  agreedFrequency: {},
  agreementSignedOn: '2026-01-01',
  agreementReviewedOn: null,
  usesTeams: true,
  supervisor,
});
const item = (
  upn: string,
  kind: OverdueItem['kind'],
  dueOn: string,
  extra: Partial<OverdueItem> = {},
): OverdueItem => ({
  kind,
  upn,
  name: upn,
  role: 'social-worker',
  team: null,
  supervisorUpn: 'tara@x.example',
  supervisorName: 'Tara',
  dueOn: parseIsoDate(dueOn),
  daysOverdue: 1,
  detail: '',
  ...extra,
});
const managers = new Map<number, Recipient | null>([
  [2, on(3)],
  [3, on(4)],
  [4, null],
]);
const snapshot = (over: Partial<LadderSnapshot>): LadderSnapshot => ({
  members: [member(10, 'ann'), member(11, 'ben')],
  items: [],
  managers,
  told: [],
  snoozes: [],
  ...over,
});
const at = (date: string) => new Date(`${date}T10:00:00Z`);
const entriesOf = (message: { payload: Record<string, unknown> }) =>
  readLadderEntries(message.payload.entries);

describe('the escalation ladder', () => {
  it("tells no one on a step another message already takes: an overdue supervision reaches the supervisor's manager first", () => {
    const items = [item('ann', 'supervision-overdue', '2026-11-02', { type: 'one-to-one' })];
    expect(decideLadder(snapshot({ items }), at('2026-11-06')).messages).toEqual([]);
    const { messages } = decideLadder(snapshot({ items }), at('2026-11-09'));
    expect(messages.map((m) => [m.key, m.recipientId])).toEqual([['ladder:3:2026-11-09', 3]]);
    expect(messages[0]!.notBefore).toEqual(new Date('2026-11-09T10:00:00Z'));
  });

  it('sends a kind with no message of its own to the person and their supervisor on the due day', () => {
    const items = [item('ann', 'observation-due', '2026-11-09', { type: 'professional' })];
    const { messages } = decideLadder(snapshot({ items }), at('2026-11-09'));
    expect(messages.map((m) => m.recipientId)).toEqual([10, 2]);
    expect(messages.map((m) => entriesOf(m)[0]!.rung)).toEqual(['person', 'supervisor']);
  });

  it('puts everything that reaches one person on one day in one message, and nothing more that day', () => {
    const items = [
      item('ann', 'case-not-discussed', '2026-11-02', { caseReference: 'C-1' }),
      item('ben', 'case-not-discussed', '2026-10-30', { caseReference: 'C-2' }),
    ];
    const { messages } = decideLadder(snapshot({ items }), at('2026-11-09'));
    const toSue = messages.find((m) => m.recipientId === 3)!;
    // The longest overdue first.
    expect(entriesOf(toSue).map((e) => e.caseReference)).toEqual(['C-2', 'C-1']);
    expect(messages.filter((m) => m.recipientId === 3)).toHaveLength(1);

    // Sue was sent one today already (a message with only C-2): C-1 waits for tomorrow.
    const told = [{ recipientId: 3, on: '2026-11-09', keys: [entriesOf(toSue)[0]!.key] }];
    const again = decideLadder(snapshot({ items, told }), at('2026-11-09'));
    expect(again.messages.find((m) => m.recipientId === 3)).toBeUndefined();
    const tomorrow = decideLadder(snapshot({ items, told }), at('2026-11-10'));
    expect(
      entriesOf(tomorrow.messages.find((m) => m.recipientId === 3)!).map((e) => e.caseReference),
    ).toEqual(['C-1']);
  });

  it('carries at most a message-full a day and leaves the rest for the next', () => {
    const items = Array.from({ length: LADDER_MAX_PER_MESSAGE + 3 }, (_, i) =>
      item('ann', 'case-not-discussed', '2026-10-01', { caseReference: `C-${i}` }),
    );
    const [toAnn] = decideLadder(snapshot({ items }), at('2026-11-09')).messages;
    expect(entriesOf(toAnn!)).toHaveLength(LADDER_MAX_PER_MESSAGE);
    expect(toAnn!.payload.waiting).toBe(3);
  });

  it('does not climb for roster problems or a date still to come, and says who could not be told', () => {
    const items = [
      item('ann', 'no-supervisor', '2026-10-01'),
      item('ann', 'not-booked', '2026-10-01'),
      item('ann', 'observation-due', '2026-12-01', { daysOverdue: -3 }),
    ];
    expect(decideLadder(snapshot({ items }), at('2026-11-09')).messages).toEqual([]);

    // Ben's supervisor is not on Teams and has no manager recorded: his item reaches Ben only.
    const alone = snapshot({
      members: [member(11, 'ben', on(5, false))],
      items: [item('ben', 'observation-due', '2026-10-01', { type: 'professional' })],
    });
    const result = decideLadder(alone, at('2026-11-09'));
    expect(result.messages.map((m) => m.recipientId)).toEqual([11]);
    expect(result.skipped.map((s) => [s.recipientId, s.reason])).toEqual([
      [5, 'not-on-teams'],
      [null, 'no-manager'],
      [null, 'no-manager'],
    ]);
  });

  it("follows the policy's own steps where it sets them", () => {
    const items = [item('ann', 'observation-due', '2026-11-02', { type: 'professional' })];
    const steps = () => [{ to: 'next-level' as const, afterWorkingDays: 2 }];
    expect(decideLadder(snapshot({ items }), at('2026-11-03'), steps).messages).toEqual([]);
    const { messages } = decideLadder(snapshot({ items }), at('2026-11-04'), steps);
    expect(messages.map((m) => m.recipientId)).toEqual([4]);
    expect(DEFAULT_LADDER.map((s) => s.afterWorkingDays)).toEqual([0, 0, 5, 10]);
  });

  it('reads no entries from a payload that is not what the ladder wrote', () => {
    expect(readLadderEntries('not json')).toEqual([]);
    expect(readLadderEntries(JSON.stringify([{ key: 'x', kind: 'made-up' }]))).toEqual([]);
    expect(readLadderEntries(42)).toEqual([]);
  });
});
