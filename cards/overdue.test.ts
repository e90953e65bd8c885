import { describe, expect, it } from 'vitest';
import { chaseAction } from './actions.ts';
import * as f from '../test/support/card-fixtures.ts';
import { overdueCard } from './overdue.ts';
import { button, buttonTitles, cardText, executeActions } from '../test/support/card-support.ts';

describe('overdueCard', () => {
  const card = overdueCard(f.overdueView);
  const text = cardText(card);

  it('heads the list with how much is overdue, for how many, below whom', () => {
    expect(text).toContain('4 things overdue for 3 people below Priya Shah');
    expect(text).toContain('As of Tue 1 Dec 2026, page 1 of 2.');
  });

  it('shows the notice above everything else', () => {
    expect((card.body as { text?: string }[])[0]).toMatchObject({
      text: 'Chase sent to Daniel Okafor.',
    });
  });

  it('titles each group by kind in plain English, in the order given', () => {
    const titles = (card.body as { text?: string; size?: string }[])
      .filter((e) => e.size === 'Medium' && e.text !== undefined && !e.text.includes('below'))
      .map((e) => e.text);
    expect(titles).toEqual([
      'Supervision overdue (2)',
      'Child not discussed in supervision (1)',
      'No supervisor recorded (1)',
    ]);
  });

  it('shows each person with team, days overdue and detail, and no days where nothing can be due', () => {
    expect(text).toContain('Sara Iqbal');
    expect(text).toContain(' · Children in Need North');
    expect(text).toContain(' · 12 days overdue');
    expect(text).toContain('NDC-004512 (child protection) not discussed since Mon 2 Nov 2026');
    expect(text).not.toContain('due today');
  });

  it('offers a reminder for items not chased today, naming who receives it and about whom, and none for a roster problem', () => {
    expect(buttonTitles(card)).toEqual([
      'Remind Tom Reed about Sara Iqbal',
      'Remind Tom Reed',
      'Next',
    ]);
    expect(chaseAction.parse(button(card, 'Remind Tom Reed about Sara Iqbal').data)).toEqual({
      verb: 'chase',
      upn: 's.iqbal@northdale.example',
      kind: 'supervision-overdue',
      page: 1,
      nonce: `${f.NONCE}.0`,
    });
  });

  it('gives each Chase a nonce of its own, so chasing one person does not make the others replays', () => {
    const nonces = executeActions(card)
      .filter((b) => b.verb === 'chase')
      .map((b) => chaseAction.parse(b.data).nonce);
    expect(nonces).toHaveLength(2);
    expect(new Set(nonces).size).toBe(2);
    // A full page of the longest nonces still parses.
    const full = overdueCard({
      ...f.overdueView,
      nonce: 'x'.repeat(64),
      groups: [
        {
          kind: 'supervision-overdue',
          count: 15,
          items: Array.from({ length: 15 }, () => f.overdueItem()),
        },
      ],
    });
    const parsed = executeActions(full)
      .filter((b) => b.verb === 'chase')
      .map((b) => chaseAction.parse(b.data).nonce);
    expect(new Set(parsed).size).toBe(15);
  });

  it('shows "Chased today" instead of a Chase button for an item already chased', () => {
    const chased = overdueCard({
      ...f.overdueView,
      groups: [{ kind: 'supervision-overdue', count: 1, items: [f.overdueItem({ chased: true })] }],
      pages: 1,
    });
    expect(buttonTitles(chased)).toEqual([]);
    expect(cardText(chased)).toContain('Chased today');
  });

  it('pages with Previous and Next', () => {
    expect(button(card, 'Next').data).toEqual({ verb: 'overduePage', page: 2 });
    const middle = overdueCard({ ...f.overdueView, page: 2, pages: 3 });
    expect(buttonTitles(middle).slice(-2)).toEqual(['Previous', 'Next']);
    expect(button(middle, 'Previous').data).toEqual({ verb: 'overduePage', page: 1 });
    expect(buttonTitles(overdueCard({ ...f.overdueView, page: 3, pages: 3 }))).not.toContain(
      'Next',
    );
  });

  it('says when nothing is overdue', () => {
    expect(cardText(overdueCard({ ...f.overdueView, total: 0, groups: [], pages: 1 }))).toContain(
      'Nothing overdue below Priya Shah',
    );
  });

  it('says "due in" for a session not yet booked that is still to come', () => {
    const soon = overdueCard({
      ...f.overdueView,
      groups: [
        {
          kind: 'not-booked',
          count: 1,
          items: [f.overdueItem({ kind: 'not-booked', daysOverdue: -4 })],
        },
      ],
    });
    expect(cardText(soon)).toContain('due in 4 days');
  });
});
