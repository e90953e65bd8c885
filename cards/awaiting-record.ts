import { adaptiveCard, andMore, heading, textBlock, type Card } from './card.ts';
import { MAX_LISTED_SESSIONS, awaitingRecordItem } from './session-lines.ts';
import { largestFitting } from './size.ts';
import type { AwaitingRecordView } from './types.ts';

function build(view: AwaitingRecordView, rows: number): Card {
  const shown = view.sessions.slice(0, rows);
  return adaptiveCard([
    heading(
      `${view.sessions.length === 1 ? 'One session is' : `${view.sessions.length} sessions are`} waiting for a record`,
    ),
    ...shown.map((session) => awaitingRecordItem(session)),
    ...andMore(view.sessions.length - shown.length, 'more; record these first'),
  ]);
}

/** `record`: sessions waiting for a record, in the order given, each with a button to open its record card. */
export function awaitingRecordCard(view: AwaitingRecordView): Card {
  if (view.sessions.length === 0)
    return adaptiveCard([
      heading('Nothing to record'),
      textBlock('Every session that has taken place has its record.'),
    ]);
  return largestFitting(Math.min(view.sessions.length, MAX_LISTED_SESSIONS), (rows) =>
    build(view, rows),
  );
}
