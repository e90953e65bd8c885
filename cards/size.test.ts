import { describe, expect, it } from 'vitest';
import * as f from '../test/support/card-fixtures.ts';
import {
  MAX_CARD_BYTES,
  OVERDUE_PAGE_SIZE,
  awaitingRecordCard,
  bookedCard,
  cardBytes,
  complianceCard,
  digestCard,
  mySessionsCard,
  overdueCard,
  preparationCard,
  proposalCard,
  recordCard,
  superviseePickerCard,
  teamCard,
  type Card,
  type OverdueItemView,
  type OverdueView,
  type SeriesView,
} from './index.ts';
import { cardProblems, cardText } from '../test/support/card-support.ts';

/** Text as long as real data gets: double-barrelled names, long team names, a detail past the cut-off. */
const longName = (i: number) => `Anna-Maria Featherstonehaugh-Wolstenholme ${i}`;
const longUpn = (i: number) =>
  `anna-maria.featherstonehaugh-wolstenholme${i}@northdale-childrens-services.example`;
const LONG_TEAM = 'Children in Need and Child Protection Locality Team (North and West)';
const LONG_DETAIL =
  'one-to-one supervision was due on Thu 19 Nov 2026 under the ASYE framework; '.repeat(6);

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function expectFits(card: Card): number {
  const bytes = cardBytes(card);
  expect(bytes).toBeLessThan(MAX_CARD_BYTES);
  expect(cardProblems(card)).toEqual([]);
  return bytes;
}

/** Pages 200 items as the bot would: by kind in a fixed order, worst first, OVERDUE_PAGE_SIZE a page. */
function overduePages(items: OverdueItemView[]): OverdueView[] {
  const sorted = [...items].sort(
    (a, b) =>
      f.OVERDUE_KINDS.indexOf(a.kind) - f.OVERDUE_KINDS.indexOf(b.kind) ||
      b.daysOverdue - a.daysOverdue,
  );
  const pages = Math.ceil(sorted.length / OVERDUE_PAGE_SIZE);
  return Array.from({ length: pages }, (_, p) => {
    const pageItems = sorted.slice(p * OVERDUE_PAGE_SIZE, (p + 1) * OVERDUE_PAGE_SIZE);
    const kinds = [...new Set(pageItems.map((i) => i.kind))];
    return {
      manager: { upn: longUpn(0), name: longName(0) },
      on: '2026-12-01',
      people: 180,
      total: items.length,
      groups: kinds.map((kind) => ({
        kind,
        count: items.filter((i) => i.kind === kind).length,
        items: pageItems.filter((i) => i.kind === kind),
      })),
      page: p + 1,
      pages,
      nonce: f.NONCE,
      notice: `Chase sent to ${longName(1)}.`,
    };
  });
}

describe('cards stay under the message size limit', () => {
  it('a page of the overdue card, for 200 long items, at its largest', () => {
    const items = Array.from({ length: 200 }, (_, i) =>
      f.overdueItem({
        kind: f.OVERDUE_KINDS[i % f.OVERDUE_KINDS.length]!,
        person: { upn: longUpn(i), name: longName(i) },
        team: LONG_TEAM,
        daysOverdue: 400 - i,
        detail: LONG_DETAIL,
      }),
    );
    const pages = overduePages(items);
    expect(pages).toHaveLength(Math.ceil(200 / OVERDUE_PAGE_SIZE));
    const cards = pages.map((page) => overdueCard(page));
    const largest = Math.max(...cards.map(expectFits));
    expect(largest).toBeGreaterThan(MAX_CARD_BYTES / 2); // the test data really is long
    // Every item of every page is shown: the page size, not the size limit, decides what a page holds.
    for (const card of cards) expect(cardText(card)).not.toContain('did not fit');
    expect(
      cards
        .map((card) => cardText(card).match(/Featherstonehaugh-Wolstenholme \d+\n/g)?.length ?? 0)
        .reduce((a, b) => a + b, 0),
    ).toBeGreaterThanOrEqual(200);
  });

  it('an overdue page sent with more items than a page holds is cut to a page', () => {
    const items = Array.from({ length: 40 }, (_, i) =>
      f.overdueItem({
        person: { upn: longUpn(i), name: longName(i) },
        team: LONG_TEAM,
        detail: LONG_DETAIL,
      }),
    );
    const card = overdueCard({
      ...f.overdueView,
      groups: [{ kind: 'supervision-overdue', count: 40, items }],
    });
    expectFits(card);
    expect(cardText(card)).not.toContain(longName(OVERDUE_PAGE_SIZE));
  });

  it('a proposal of weekly sessions over three months, every one moved, with long-named people', () => {
    const occurrences = Array.from({ length: 14 }, (_, i) => ({
      date: addDays('2026-12-02', i * 7),
      time: '16:30',
      latest: addDays('2026-12-04', i * 7),
      moved: { reason: 'after-latest-date' as const, from: addDays('2026-12-01', i * 7) },
    }));
    const series: SeriesView = {
      ...f.weeklySeries(),
      type: 'reflective-case-discussion',
      time: '10:00',
      occurrences,
      unplaceable: [],
      lastDate: occurrences.at(-1)!.date,
    };
    const view = {
      ...f.proposalView,
      supervisor: { upn: longUpn(1), name: longName(1) },
      supervisee: { upn: longUpn(2), name: longName(2) },
      series: [series],
    };
    expectFits(
      proposalCard(
        view,
        Array.from(
          { length: 60 },
          (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        ),
      ),
    );
    const text = cardText(proposalCard(view));
    expect(text.match(/\(moved\)/g)).toHaveLength(14);
  });

  it('a proposal of a year of weekly sessions in three series is capped and says how many more', () => {
    const year = (type: string): SeriesView => ({
      ...f.weeklySeries({ type }),
      occurrences: Array.from({ length: 52 }, (_, i) => ({
        date: addDays('2026-12-01', i * 7),
        time: '10:00',
        latest: addDays('2026-12-04', i * 7),
        moved: { reason: 'busy', from: addDays('2026-12-01', i * 7) },
      })),
      unplaceable: Array.from({ length: 10 }, (_, i) => ({
        regularDate: addDays('2027-12-01', i * 7),
        latest: addDays('2027-12-04', i * 7),
      })),
    });
    const card = proposalCard({
      ...f.proposalView,
      series: [year('one-to-one'), year('case-management'), year('group')],
    });
    expectFits(card);
    expect(cardText(card)).toContain('… and 52 more sessions in this series');
  });

  it('a team card of 60 supervisees, all shown', () => {
    const members = Array.from({ length: 60 }, (_, i) => ({
      supervisee: { upn: `carer${i}@northdale.example`, name: `Jo Whitfield-Barnes ${i}` },
      role: 'foster-carer',
      frequency: 'every 4 weeks',
      lastHeldOn: '2026-11-17',
      nextDueOn: '2026-12-15',
      nextBookedOn: '2026-12-14',
      state: 'on-track' as const,
    }));
    const card = teamCard({ ...f.teamView, members });
    expectFits(card);
    expect(cardText(card)).toContain('Jo Whitfield-Barnes 59');
    expect(cardText(card)).not.toContain('more');
  });

  it('a team card of 60 supervisees with very long names and frequencies is cut to fit, saying how many more', () => {
    const members = Array.from({ length: 60 }, (_, i) => ({
      supervisee: { upn: longUpn(i), name: longName(i) },
      role: 'supervising-social-worker',
      frequency: 'fortnightly (ASYE weeks 7–26), then monthly with a reflective group each quarter',
      lastHeldOn: '2026-11-17',
      nextDueOn: '2026-12-01',
      nextBookedOn: '2026-12-01',
      state: (['on-track', 'due-soon', 'overdue', 'not-booked'] as const)[i % 4]!,
    }));
    expectFits(teamCard({ ...f.teamView, members }));
    expect(cardText(teamCard({ ...f.teamView, members }))).toMatch(/… and \d+ more/);
    expectFits(teamCard({ ...f.teamView, members: [...members, ...members] }));
  });

  it('lists of sessions, supervisees, bookings and groups far past their caps', () => {
    const sessions = Array.from({ length: 80 }, (_, i) =>
      f.session({
        sessionId: 6000 + i,
        type: 'reflective-case-discussion',
        supervisor: { upn: longUpn(i), name: longName(i) },
        supervisee: { upn: longUpn(i + 1), name: longName(i + 1) },
        recordDueOn: '2026-12-08',
      }),
    );
    expectFits(mySessionsCard({ person: f.tom, upcoming: sessions, awaitingRecord: sessions }));
    expectFits(awaitingRecordCard({ sessions }));
    expectFits(
      superviseePickerCard({
        supervisees: Array.from({ length: 80 }, (_, i) => ({
          relationshipId: i + 1,
          supervisee: { upn: longUpn(i), name: longName(i) },
          role: 'supervising-social-worker',
          nextBookedOn: '2026-12-01',
        })),
        groups: Array.from({ length: 20 }, (_, i) => ({
          groupId: i + 1,
          name: longName(i).slice(0, 80),
          type: 'reflective-case-discussion',
          members: 40,
          bookedThrough: '2027-02-01',
        })),
      }),
    );
    expectFits(
      bookedCard({
        ...f.bookedView,
        sessions: Array.from({ length: 80 }, (_, i) => ({
          date: addDays('2026-12-01', i * 7),
          time: '10:00',
          durationMinutes: 90,
          type: 'reflective-case-discussion',
        })),
        failures: Array.from({ length: 5 }, () => LONG_DETAIL),
      }),
    );
    expectFits(
      complianceCard({
        ...f.complianceView,
        // A director of 10,000: 120 teams and 40 roles, each with every measure, and the trend.
        rows: Array.from({ length: 120 }, (_, i) => ({
          group: `${LONG_TEAM} ${i}`,
          people: 140,
          periods: [3, 12].map((months) => ({ months, within: 97, share: 97 / 140, partial: 12 })),
          measures: f.complianceView.rows[0]!.measures!,
        })),
        roleRows: Array.from({ length: 40 }, (_, i) => ({
          group: `${LONG_TEAM} role ${i}`,
          people: 250,
          periods: [3, 12].map((months) => ({ months, within: 97, share: 97 / 250, partial: 12 })),
          measures: f.complianceView.rows[0]!.measures!,
        })),
      }),
    );
    expectFits(
      digestCard({
        ...f.digestView,
        worst: Array.from({ length: 40 }, (_, i) =>
          f.overdueItem({
            person: { upn: longUpn(i), name: longName(i) },
            team: LONG_TEAM,
            detail: LONG_DETAIL,
          }),
        ),
      }),
    );
  });

  it('a record form with 200 cases and a problem on every field', () => {
    const cases = Array.from({ length: 200 }, (_, i) => ({
      reference: `NDC-${String(4000 + i).padStart(6, '0')}`,
      status: 'looked-after-under-1-year',
    }));
    const fields = [
      'held',
      'reason',
      'note',
      'heldOn',
      'durationMinutes',
      'parts',
      'summary',
      'nextDate',
      'recordLocation',
      'cases',
      'action1Text',
      'action2Owner',
      'action3Due',
    ];
    expectFits(
      recordCard(
        {
          ...f.recordView,
          cases,
          problems: fields.map((field) => ({ field, message: 'is longer than 2000 characters' })),
        },
        ['a', 'b'],
      ),
    );
  });

  it('a preparation card with long lists', () => {
    expectFits(
      preparationCard({
        ...f.preparationView,
        previousActions: Array.from({ length: 50 }, (_, i) => ({
          actionId: 9000 + i,
          text: LONG_DETAIL,
          owner: { upn: longUpn(i), name: longName(i) },
          dueOn: '2026-12-10',
          done: i % 2 === 0,
        })),
        casesDue: Array.from({ length: 100 }, (_, i) => ({
          reference: `NDC-${String(4000 + i).padStart(6, '0')}`,
          status: 'care-leaver-18-21-risk',
          dueOn: '2026-12-14',
        })),
        agenda: Array.from({ length: 50 }, () => LONG_DETAIL),
      }),
    );
  });
});
