import { executeAction } from './buttons.ts';
import {
  adaptiveCard,
  andMore,
  container,
  factSet,
  heading,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { NOT_HELD_REASON_LABELS } from './record-labels.ts';
import { formatDate, plural } from './format.ts';
import { OVERDUE_LABELS } from '../supervision/index.ts';
import { overdueItemLines } from './overdue-item.ts';
import { largestFitting } from './size.ts';
import type { DigestView } from './types.ts';
import { md } from './markdown.ts';

/** The worst items a digest lists; the overdue card has the rest. */
export const DIGEST_WORST_ITEMS = 10;

/** A manager's weekly digest: counts by kind and the worst items, with a button to the full overdue list. */
export function digestCard(view: DigestView): Card {
  return largestFitting(Math.min(view.worst.length, DIGEST_WORST_ITEMS), (rows) =>
    build(view, rows),
  );
}

const LOST_HOW: Record<string, string> = {
  cancelled: 'cancelled in Outlook',
  declined: 'declined in Outlook',
  'moved-after-due': 'moved past their due date',
  'not-held': 'recorded as not held',
};

/** The week's sessions lost, by how and why (Solihull allows cancelling only for annual leave, sickness or court). */
function lostLines(view: DigestView): CardElement[] {
  const lost = view.lost ?? [];
  const total = lost.reduce((sum, l) => sum + l.count, 0);
  if (total === 0) return [];
  const sum = (key: (l: (typeof lost)[number]) => string) => {
    const counts = new Map<string, number>();
    for (const l of lost) counts.set(key(l), (counts.get(key(l)) ?? 0) + l.count);
    return [...counts].map(([what, count]) => `${count} ${what}`).join(', ');
  };
  return [
    textBlock(`${plural(total, 'session')} lost last week`, { weight: 'Bolder', separator: true }),
    textBlock(
      `${sum((l) => LOST_HOW[l.how] ?? l.how)}. Why: ${sum((l) => (l.reason ? (NOT_HELD_REASON_LABELS[l.reason] ?? l.reason).toLowerCase() : 'not given'))}.`,
      { spacing: 'None' },
    ),
  ];
}

function build(view: DigestView, rows: number): Card {
  const total = view.counts.reduce((sum, c) => sum + c.count, 0);
  const worst = view.worst.slice(0, rows);
  const body = [
    heading(md`Week of ${formatDate(view.weekOf)}: supervision below ${view.manager.name}`),
    textBlock(
      total === 0
        ? `Nothing overdue across ${plural(view.people, 'person', 'people')}.`
        : `${plural(total, 'thing')} overdue across ${plural(view.people, 'person', 'people')}.`,
      { spacing: 'None' },
    ),
    ...(view.counts.length > 0
      ? [factSet(view.counts.map((c) => [OVERDUE_LABELS[c.kind], String(c.count)]))]
      : []),
    ...(worst.length > 0
      ? [
          textBlock('Most overdue', { weight: 'Bolder', separator: true }),
          ...worst.map((item) => container(overdueItemLines(item), { separator: true })),
        ]
      : []),
    ...andMore(view.worst.length - worst.length),
    ...lostLines(view),
  ];
  const actions =
    total > 0
      ? [executeAction('Show everything overdue', { verb: 'command', command: 'overdue' })]
      : [];
  return adaptiveCard(body, { actions });
}
