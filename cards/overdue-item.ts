import { richText, textBlock, type CardElement } from './card.ts';
import { clip, overdueDays } from './format.ts';
import type { OverdueItemView } from './types.ts';
import { plain } from './markdown.ts';

/** Characters of an item's detail a list shows: enough for a sentence, bounded so a page of items fits a card. */
export const DETAIL_MAX = 240;

/** `Sara Iqbal · Children in Need North · 12 days overdue` (the days coloured), then the detail. TextRuns are not markdown; the detail's TextBlock is. */
export function overdueItemLines(item: OverdueItemView): CardElement[] {
  const days = overdueDays(item.kind, item.daysOverdue);
  const runs = [
    { text: item.person.name, weight: 'Bolder' as const },
    ...(item.team ? [{ text: ` · ${item.team}` }] : []),
    ...(days
      ? [
          {
            text: ` · ${days}`,
            color: item.daysOverdue > 0 ? ('Attention' as const) : ('Warning' as const),
          },
        ]
      : []),
  ];
  return [
    richText(runs),
    textBlock(plain(clip(item.detail, DETAIL_MAX)), { isSubtle: true, spacing: 'None' }),
  ];
}
