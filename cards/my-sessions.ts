import { adaptiveCard, andMore, heading, textBlock, type Card } from './card.ts';
import { MAX_LISTED_SESSIONS, awaitingRecordItem, sessionLine } from './session-lines.ts';
import { largestFitting } from './size.ts';
import type { MySessionsView } from './types.ts';
import { md } from './markdown.ts';

function build(view: MySessionsView, rows: number): Card {
  const upcoming = view.upcoming.slice(0, rows);
  const awaiting = view.awaitingRecord.slice(0, rows);
  return adaptiveCard([
    heading(md`Sessions for ${view.person.name}`),
    textBlock('Coming up', { weight: 'Bolder', separator: true }),
    upcoming.length === 0 && view.upcoming.length === 0
      ? textBlock('Nothing booked.', { isSubtle: true })
      : textBlock(upcoming.map((session) => `- ${sessionLine(session, view.person)}`).join('\n')),
    ...andMore(view.upcoming.length - upcoming.length, 'more booked'),
    textBlock('Waiting for a record', { weight: 'Bolder', separator: true }),
    ...(view.awaitingRecord.length === 0
      ? [textBlock('Nothing waiting.', { isSubtle: true })]
      : awaiting.map((session) => awaitingRecordItem(session, view.person))),
    ...andMore(view.awaitingRecord.length - awaiting.length, 'more waiting; record these first'),
  ]);
}

/** `my sessions`: what is coming, and what is waiting for a record (each with a Record button). */
export function mySessionsCard(view: MySessionsView): Card {
  const longest = Math.max(view.upcoming.length, view.awaitingRecord.length);
  return largestFitting(Math.min(longest, MAX_LISTED_SESSIONS), (rows) => build(view, rows));
}
