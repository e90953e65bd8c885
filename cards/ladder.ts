import { buttonNonce, executeAction } from './buttons.ts';
import {
  actionSets,
  adaptiveCard,
  andMore,
  container,
  heading,
  richText,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { formatDate, humanize, plural } from './format.ts';
import { OVERDUE_LABELS } from '../supervision/index.ts';
import type { LadderEntryView, LadderView } from './types.ts';
import { md } from './markdown.ts';

/** Entries a ladder card shows; the rest are counted and left to `overdue`. */
export const LADDER_CARD_ENTRIES = 8;

/** Why it reached this person, in their terms. */
function rungText(entry: LadderEntryView): string {
  const supervisor = entry.supervisor?.name;
  switch (entry.rung) {
    case 'person':
      return 'It is yours to act on.';
    case 'supervisor':
      return `You supervise ${entry.person.name}.`;
    case 'manager':
      return supervisor
        ? `${supervisor}, who supervises ${entry.person.name}, reports to you.`
        : `${entry.person.name}'s supervisor reports to you.`;
    case 'next-level':
      return supervisor
        ? `It has reached you two levels above ${supervisor}, who supervises ${entry.person.name}.`
        : `It has reached you two levels above ${entry.person.name}'s supervisor.`;
  }
}

/**
 * Who a Chase from this card reminds (supervision/assistant.ts `chase`): a
 * record to sign off is always the supervisee's; otherwise the supervisor,
 * unless the one chasing is that supervisor. Null where the card offers none:
 * the person's own items, or no supervisor known.
 */
function remindWhom(entry: LadderEntryView): string | null {
  if (entry.rung === 'person') return null;
  if (entry.kind === 'awaiting-sign-off' || entry.rung === 'supervisor') return entry.person.name;
  return entry.supervisor?.name ?? null;
}

function entryRow(entry: LadderEntryView, view: LadderView, at: number): CardElement {
  const about = entry.type
    ? humanize(entry.type)
    : entry.caseReference
      ? `case ${entry.caseReference}`
      : null;
  const whom = remindWhom(entry);
  return container(
    [
      richText([
        { text: entry.person.name, weight: 'Bolder' },
        ...(entry.team ? [{ text: ` · ${entry.team}` }] : []),
      ]),
      textBlock(
        md`${OVERDUE_LABELS[entry.kind]}${about ? ` (${about})` : ''}: due by ${formatDate(entry.dueOn)}. ${rungText(entry)}`,
        { isSubtle: true, spacing: 'None' },
      ),
      ...actionSets(
        [
          ...(whom
            ? [
                executeAction(`Remind ${whom}`, {
                  verb: 'chase',
                  upn: entry.person.upn,
                  kind: entry.kind,
                  page: 1,
                  nonce: buttonNonce(view.nonce, `c${at}`),
                }),
              ]
            : []),
          executeAction('Snooze 1 week', {
            verb: 'snooze',
            subject: entry.subject,
            days: 5,
            nonce: buttonNonce(view.nonce, `s${at}`),
          }),
        ],
        { spacing: 'Small' },
      ),
    ],
    { separator: true },
  );
}

/**
 * The escalation ladder's message, once a day at most: what has stayed
 * overdue long enough to reach this person, each with why it reached them
 * and a reminder to whoever has to act.
 */
export function ladderCard(view: LadderView): Card {
  const shown = view.entries.slice(0, LADDER_CARD_ENTRIES);
  const total = view.entries.length + view.more;
  const body: CardElement[] = [
    heading(
      total === 1
        ? 'Something overdue has reached you'
        : `${plural(total, 'thing')} overdue have reached you`,
    ),
    textBlock(
      `As of ${formatDate(view.on)}. What stays overdue climbs: to the supervisor on the day, then their manager, then the next level up. You are told once about each.`,
      { isSubtle: true, spacing: 'None' },
    ),
    ...shown.map((entry, at) => entryRow(entry, view, at)),
    ...andMore(total - shown.length, 'more: type overdue to see everything below you'),
  ];
  return adaptiveCard(body, {
    actions: [executeAction('Open the overdue list', { verb: 'overduePage', page: 1 })],
  });
}
