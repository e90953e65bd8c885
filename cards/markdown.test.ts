import { describe, expect, it } from 'vitest';
import { markdownOf, rendered } from '../test/support/markdown-reading.ts';
import { chaseCard } from './chase.ts';
import * as f from '../test/support/card-fixtures.ts';
import { md, plain } from './markdown.ts';
import { noticeCard } from './notice.ts';
import { overdueCard } from './overdue.ts';
import { preparationCard } from './preparation.ts';
import { recordCard } from './record.ts';
import { superviseePickerCard } from './supervisee-picker.ts';
import { inputs } from '../test/support/card-support.ts';
import type { Card } from './card.ts';

const LINK = '[click](https://evil.example)';

/** What a person reads in every TextBlock and Fact of the card, and any link or emphasis they would meet. */
function reading(card: Card) {
  const shown = markdownOf(card).map(rendered);
  return {
    text: shown.map((r) => r.text).join('\n'),
    links: shown.flatMap((r) => [...r.links, ...r.autolinks]),
    markers: shown.reduce((sum, r) => sum + r.markers, 0),
  };
}

describe('plain: text shown as typed in markdown', () => {
  it.each([
    LINK,
    '**urgent** _now_ ~~not~~',
    '- a list item',
    '1. first',
    '# a heading',
    '> a quote',
    '<https://evil.example>',
    'see https://evil.example/login?next=/ or www.evil.example',
    'evil.com/login',
    'back\\slash and `code`',
    '![image](https://evil.example/x.png)',
    'Mary-Jane O’Neil-Smith',
  ])('%s reads as typed, with no link and no markup', (typed) => {
    const shown = rendered(plain(typed));
    expect(shown.text).toBe(typed);
    expect(shown.links).toEqual([]);
    expect(shown.autolinks).toEqual([]);
    expect(shown.markers).toBe(0);
    expect(shown.startsBlock).toBe(false);
  });

  it('folds line breaks, which would start a line of markup, into spaces', () => {
    expect(rendered(plain('Chase the school\n- [x](https://evil.example)')).text).toBe(
      'Chase the school - [x](https://evil.example)',
    );
  });

  it('leaves plain words and dates alone, so most names are unchanged', () => {
    for (const text of ['Nisha Patel', 'Siobhán Ó Briain', 'Tue 1 Dec 2026 at 10:00 (60 minutes)'])
      expect(plain(text)).toBe(text);
  });

  it('md escapes only what is interpolated: Cadence’s own markup stays', () => {
    const line = md`- **${'*Ann*'}** wrote ${LINK}`;
    expect(line.startsWith('- **')).toBe(true);
    expect(rendered(line).text).toBe(`- **${'*Ann*'}** wrote ${LINK}`);
    expect(rendered(line).links).toEqual([]);
    // The four stars of Cadence's bold, none of Ann's.
    expect(rendered(line).markers).toBe(4);
  });
});

describe('what one person typed, in another person’s card', () => {
  it('a record’s action "[click](https://evil.example)" is literal text in the record the supervisee reads, not a link', () => {
    const recorded = f.recordedView.recorded!;
    const card = recordCard({
      ...f.recordedView,
      recorded: {
        ...recorded,
        actions: [{ ...recorded.actions[0]!, text: LINK }],
        recordLocation: '**Mosaic** <https://evil.example>',
      },
    });
    const read = reading(card);
    expect(read.text).toContain(LINK);
    expect(read.text).toContain('**Mosaic** <https://evil.example>');
    expect(read.links).toEqual([]);
  });

  it('an agenda item and a previous action are literal on the preparation card; the toggle, not markdown, shows the action as typed', () => {
    const view = {
      ...f.preparationView,
      agenda: [LINK, '# Workload'],
      previousActions: [{ ...f.preparationView.previousActions[0]!, text: LINK }],
    };
    const card = preparationCard(view);
    const read = reading(card);
    expect(read.text).toContain(`- ${LINK}`);
    expect(read.text).toContain('- # Workload');
    expect(read.links).toEqual([]);
    // Inputs are not markdown: escaping them would show the backslashes.
    expect(inputs(card).find((input) => input.type === 'Input.Toggle')?.title).toMatch(
      /^\[click\]\(https:\/\/evil\.example\) \(/,
    );
  });

  it('names and teams from the roster, and what a chase or refusal quotes, are literal too', () => {
    const mallory = { upn: 'm_allory@northdale.example', name: `*Mallory* ${LINK}` };
    const cards = [
      superviseePickerCard({
        supervisees: [
          { relationshipId: 7, supervisee: mallory, role: 'social-worker', nextBookedOn: null },
        ],
        groups: [],
      }),
      overdueCard({ ...f.overdueView, manager: mallory, notice: `Chase sent to ${mallory.name}.` }),
      chaseCard({
        ...f.chaseView,
        from: mallory,
        detail: `${mallory.name}'s one-to-one supervision was due`,
      }),
      noticeCard({ title: 'Not found', text: `${LINK} is not in Cadence`, tone: 'warning' }),
    ];
    for (const card of cards) {
      const read = reading(card);
      expect(read.text).toContain(LINK);
      expect(read.links).toEqual([]);
    }
    // Only the picker's own bold around the name.
    expect(reading(cards[0]!).markers).toBe(4);
  });
});
