import { adaptiveCard, andMore, factSet, heading, textBlock, type Card } from './card.ts';
import { formatDate, plural } from './format.ts';
import { largestFitting } from './size.ts';
import type { RelationshipEndedView } from './types.ts';
import { md } from './markdown.ts';

/** Sessions the card lists before "and N more". */
export const MAX_ENDED_ROWS = 40;

/**
 * A supervision relationship ended: which sessions left both Outlook
 * calendars and, after a change of supervisor, who supervises from now on.
 * Names and times only, never case detail.
 */
export function relationshipEndedCard(view: RelationshipEndedView): Card {
  return largestFitting(Math.min(view.sessions.length, MAX_ENDED_ROWS), (rows) =>
    build(view, rows),
  );
}

function build(view: RelationshipEndedView, rows: number): Card {
  const shown = view.sessions.slice(0, rows);
  const who =
    view.role === 'supervisor'
      ? md`You no longer supervise ${view.other.name}.`
      : md`${view.other.name} no longer supervises you.`;
  const next = view.newSupervisor
    ? view.role === 'supervisor'
      ? md`${view.newSupervisor.name} supervises them from now on, and Cadence books their sessions with them.`
      : md`${view.newSupervisor.name} supervises you from now on, and Cadence books your sessions with them.`
    : null;
  const body = [
    heading(
      view.role === 'supervisor'
        ? md`Supervision of ${view.other.name} has ended`
        : view.newSupervisor
          ? 'Your supervisor has changed'
          : md`Supervision with ${view.other.name} has ended`,
    ),
    textBlock(who, { spacing: 'None' }),
    ...(next ? [textBlock(next)] : []),
    textBlock(
      view.sessions.length > 0
        ? md`${plural(view.sessions.length, 'session')} with ${view.role === 'supervisor' ? 'them' : view.other.name} ${view.sessions.length === 1 ? 'was' : 'were'} taken out of both Outlook calendars:`
        : 'No sessions with them were booked in Outlook after today.',
      { separator: true },
    ),
    ...(shown.length > 0 ? [factSet(shown.map((s) => [formatDate(s.date), s.time]))] : []),
    ...andMore(view.sessions.length - shown.length, 'more sessions'),
  ];
  return adaptiveCard(body);
}
