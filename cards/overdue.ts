import { buttonNonce, executeAction } from './buttons.ts';
import {
  actionSets,
  adaptiveCard,
  andMore,
  container,
  heading,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { formatDate, plural } from './format.ts';
import { OVERDUE_LABELS } from '../supervision/index.ts';
import { overdueItemLines } from './overdue-item.ts';
import { largestFitting } from './size.ts';
import type { OverdueItemView, OverdueView } from './types.ts';
import { md, plain } from './markdown.ts';

/**
 * Items on one page of the overdue card: the bot pages by this. A full page
 * of long items (long names and teams, details at their cut-off) stays well
 * under MAX_CARD_BYTES; the tests check it.
 */
export const OVERDUE_PAGE_SIZE = 15;

/** An item and its Chase button; `at` is its place on the page, which makes the button's nonce its own. */
function itemRow(item: OverdueItemView, view: OverdueView, at: number): CardElement {
  // The button names who will be reminded, and about whom when that is someone else (the supervisor).
  const title = !item.remind
    ? null
    : item.remind.upn.toLowerCase() === item.person.upn.toLowerCase()
      ? `Remind ${item.person.name}`
      : `Remind ${item.remind.name} about ${item.person.name}`;
  const chase = item.chased
    ? [textBlock('Chased today', { isSubtle: true, spacing: 'Small' })]
    : !title
      ? []
      : actionSets(
          [
            executeAction(title, {
              verb: 'chase',
              upn: item.person.upn,
              kind: item.kind,
              page: view.page,
              nonce: buttonNonce(view.nonce, at),
            }),
          ],
          {
            spacing: 'Small',
          },
        );
  return container([...overdueItemLines(item), ...chase], { separator: true });
}

function build(view: OverdueView, rows: number): Card {
  const below = view.alsoSupervised ? 'below or supervised by' : 'below';
  const body: CardElement[] = [
    ...(view.notice ? [textBlock(plain(view.notice), { color: 'Good', weight: 'Bolder' })] : []),
    heading(
      view.total === 0
        ? md`Nothing overdue ${below} ${view.manager.name}`
        : md`${plural(view.total, 'thing')} overdue for ${plural(view.people, 'person', 'people')} ${below} ${view.manager.name}`,
    ),
    textBlock(
      `As of ${formatDate(view.on)}${view.pages > 1 ? `, page ${view.page} of ${view.pages}` : ''}.`,
      { isSubtle: true, spacing: 'None' },
    ),
  ];
  let room = rows;
  let at = 0;
  for (const group of view.groups) {
    const items = group.items.slice(0, Math.max(room, 0));
    room -= items.length;
    if (items.length === 0) continue;
    body.push(
      textBlock(`${OVERDUE_LABELS[group.kind]} (${group.count})`, {
        weight: 'Bolder',
        size: 'Medium',
        separator: true,
        spacing: 'Large',
      }),
    );
    body.push(...items.map((item) => itemRow(item, view, at++)));
  }
  const onPage = view.groups.reduce((sum, group) => sum + group.items.length, 0);
  body.push(...andMore(onPage - Math.min(rows, onPage), 'more on this page that did not fit'));
  const paging = [
    ...(view.page > 1
      ? [executeAction('Previous', { verb: 'overduePage', page: view.page - 1 })]
      : []),
    ...(view.page < view.pages
      ? [executeAction('Next', { verb: 'overduePage', page: view.page + 1 })]
      : []),
  ];
  return adaptiveCard(body, { actions: paging });
}

/**
 * What is overdue for everyone below a manager, one page at a time: grouped by
 * kind, worst first within a group, a Chase button per item not chased today.
 * A page sent with more than OVERDUE_PAGE_SIZE items, or too long to send,
 * is cut and says how many were left off.
 */
export function overdueCard(view: OverdueView): Card {
  const onPage = view.groups.reduce((sum, group) => sum + group.items.length, 0);
  return largestFitting(Math.min(onPage, OVERDUE_PAGE_SIZE), (rows) => build(view, rows));
}
