import { adaptiveCard, andMore, heading, textBlock, type Card } from './card.ts';
import { groupMeetingItems } from './group-record.ts';
import { MAX_LISTED_SESSIONS, awaitingRecordItem } from './session-lines.ts';
import { largestFitting } from './size.ts';
import type { AwaitingRecordView } from './types.ts';

function build(view: AwaitingRecordView, rows: number): Card {
  const shown = view.sessions.slice(0, rows);
  const groups = (view.groups ?? []).slice(0, MAX_LISTED_SESSIONS);
  const count = view.sessions.length + (view.groups?.length ?? 0);
  return adaptiveCard([
    heading(`${count === 1 ? 'One session is' : `${count} sessions are`} waiting for a record`),
    ...(groups.length > 0
      ? [textBlock('Group meetings', { weight: 'Bolder' }), ...groupMeetingItems(groups)]
      : []),
    ...shown.map((session) => awaitingRecordItem(session)),
    ...andMore(view.sessions.length - shown.length, 'more; record these first'),
  ]);
}

/** `record`: sessions waiting for a record, in the order given, each with a button to open its record card. */
export function awaitingRecordCard(view: AwaitingRecordView): Card {
  if (view.sessions.length === 0 && (view.groups?.length ?? 0) === 0)
    return adaptiveCard([
      heading('Nothing to record'),
      textBlock('Every session that has taken place has its record.'),
    ]);
  return largestFitting(Math.min(view.sessions.length, MAX_LISTED_SESSIONS), (rows) =>
    build(view, rows),
  );
}
