import { describe, expect, it } from 'vitest';
import { bookAction, proposeAction } from './actions.ts';
import * as f from '../test/support/card-fixtures.ts';
import { proposalCard, seriesHeadline } from './proposal.ts';
import { button, buttonTitles, cardText, inputs, press } from '../test/support/card-support.ts';

describe('proposalCard', () => {
  const card = proposalCard(f.proposalView);
  const text = cardText(card);

  it('heads each series with its regular slot in words', () => {
    expect(text).toContain('Every week on Tuesday at 10:00 for 60 minutes');
    expect(seriesHeadline({ everyWeeks: 2, weekday: 4, time: '14:30', durationMinutes: 90 })).toBe(
      'Every 2 weeks on Thursday at 14:30 for 90 minutes',
    );
  });

  it('lists every date with its latest date, marking moved ones and why', () => {
    expect(text).toContain('Tue 1 Dec 2026');
    expect(text).toContain('latest Fri 4 Dec 2026');
    expect(text).toContain('Wed 9 Dec 2026 (moved)');
    expect(text).toContain('moved from Tue 8 Dec 2026: clash in a calendar');
    expect(text).toContain('moved from Tue 22 Dec 2026: bank holiday');
  });

  it('names each reason a session can move for', () => {
    const reasons = ['outside-working-hours', 'after-latest-date'] as const;
    const series = f.weeklySeries({
      occurrences: reasons.map((reason, i) => ({
        date: `2026-12-0${i + 2}`,
        time: '10:00',
        latest: '2026-12-04',
        moved: { reason, from: '2026-12-01' },
      })),
    });
    const moved = cardText(proposalCard({ ...f.proposalView, series: [series] }));
    expect(moved).toContain('outside working hours');
    expect(moved).toContain('the regular date was after the latest date');
  });

  it('lists what could not be placed', () => {
    expect(text).toContain('1 session could not be placed; book it by hand');
    expect(text).toContain('Regular date Tue 29 Dec 2026');
  });

  it('books exactly what was proposed: the Book data is a bookAction, and no input changes it', () => {
    const data = press(card, 'Book', { durationMinutes: '120' });
    expect(bookAction.parse(data)).toEqual({
      verb: 'book',
      relationshipId: 311,
      durationMinutes: 60,
      avoid: [{ weekday: 1, time: '09:30' }],
      nonce: f.NONCE,
    });
  });

  it('asks for another time avoiding the slots turned down and the one proposed', () => {
    expect(proposeAction.parse(press(card, 'Another time'))).toEqual({
      verb: 'propose',
      relationshipId: 311,
      durationMinutes: 60,
      avoid: [
        { weekday: 1, time: '09:30' },
        { weekday: 2, time: '10:00' },
      ],
    });
  });

  it('keeps at most 20 slots to avoid, the latest', () => {
    const avoid = Array.from({ length: 20 }, (_, i) => ({
      weekday: (i % 5) + 1,
      time: `07:${String(i * 2).padStart(2, '0')}`,
    }));
    const data = proposeAction.parse(
      press(proposalCard({ ...f.proposalView, avoid }), 'Another time'),
    );
    expect(data.avoid).toHaveLength(20);
    expect(data.avoid.at(-1)).toEqual({ weekday: 2, time: '10:00' });
    expect(data.avoid[0]).toEqual(avoid[1]);
  });

  it('offers another duration from a choice that merges into the propose button', () => {
    const choice = inputs(card).find((input) => input.id === 'durationMinutes');
    expect(choice).toMatchObject({ type: 'Input.ChoiceSet', value: '60' });
    expect((choice!.choices as { value: string }[]).map((c) => c.value)).toEqual([
      '45',
      '60',
      '90',
      '120',
    ]);
    expect(
      proposeAction.parse(press(card, 'Propose with this duration', { durationMinutes: '90' })),
    ).toEqual({
      verb: 'propose',
      relationshipId: 311,
      durationMinutes: 90,
      avoid: [{ weekday: 1, time: '09:30' }],
    });
  });

  it('offers the proposed duration even when it is not a usual one', () => {
    const choice = inputs(proposalCard({ ...f.proposalView, durationMinutes: 75 })).find(
      (input) => input.id === 'durationMinutes',
    );
    expect((choice!.choices as { value: string }[]).map((c) => c.value)).toEqual([
      '45',
      '60',
      '75',
      '90',
      '120',
    ]);
  });

  it('says why when there is nothing to book, and offers no Book button', () => {
    const empty = proposalCard({
      ...f.proposalView,
      series: [],
      nothingToBook: 'Everything to Sun 28 Feb 2027 is already booked.',
    });
    expect(cardText(empty)).toContain('Everything to Sun 28 Feb 2027 is already booked.');
    expect(buttonTitles(empty)).toEqual(['Propose with this duration']);
  });

  it('lists the sessions Book places with the cover while the supervisor is away, and says nothing of cover otherwise', () => {
    const covered = cardText(
      proposalCard({
        ...f.proposalView,
        covered: [
          { date: '2026-12-15', time: '10:00', cover: { upn: 'j@x.example', name: 'Jack Price' } },
          { date: '2026-12-22', time: '11:30', cover: { upn: 'j@x.example', name: 'Jack Price' } },
        ],
      }),
    );
    expect(covered).toMatch(
      /2 sessions fall while \S+ \S+ is away: Book places them with the cover/,
    );
    expect(covered).toContain('- Tue 15 Dec 2026 at 10:00 with Jack Price');
    expect(covered).toContain('- Tue 22 Dec 2026 at 11:30 with Jack Price');
    expect(text).not.toContain('with the cover');
  });

  it('marks Book as the positive action', () => {
    expect(button(card, 'Book')).toMatchObject({ style: 'positive', associatedInputs: 'none' });
  });
});
