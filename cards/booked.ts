import { executeAction } from './buttons.ts';
import {
  adaptiveCard,
  andMore,
  attention,
  factSet,
  heading,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { capitalise, clip, formatDate, minutes, plural, typesText } from './format.ts';
import { largestFitting } from './size.ts';
import type { BookedView } from './types.ts';
import { md, plain } from './markdown.ts';

/** Sessions a booked card lists before "and N more". */
export const MAX_BOOKED_ROWS = 40;

/** What was booked, sent to both people: the sessions, how many moved or could not be placed, and anything that failed. */
export function bookedCard(view: BookedView): Card {
  return largestFitting(Math.min(view.sessions.length, MAX_BOOKED_ROWS), (rows) =>
    build(view, rows),
  );
}

function build(view: BookedView, rows: number): Card {
  const shown = view.sessions.slice(0, rows);
  const problems: CardElement[] = view.failures.map((failure) =>
    attention(plain(clip(failure, 500))),
  );
  const body = [
    heading(
      view.sessions.length > 0
        ? `Supervision booked: ${plural(view.sessions.length, 'session')}`
        : 'Nothing was booked',
    ),
    textBlock(
      md`${view.supervisee.name}, supervised by ${view.supervisor.name}.` +
        (view.sessions.length > 0 ? ' The sessions are in both Outlook calendars.' : ''),
      { spacing: 'None' },
    ),
    ...(shown.length > 0
      ? [
          factSet(
            shown.map((s) => [
              formatDate(s.date),
              `${s.time}, ${minutes(s.durationMinutes)}, ${typesText(s)}`,
            ]),
            { separator: true },
          ),
        ]
      : []),
    ...andMore(view.sessions.length - shown.length, 'more sessions'),
    ...(view.moved > 0
      ? [
          textBlock(
            `${capitalise(plural(view.moved, 'session'))} moved off the regular slot (a clash, a bank holiday or working hours).`,
          ),
        ]
      : []),
    ...(view.unplaceable > 0
      ? [
          attention(
            `${capitalise(plural(view.unplaceable, 'session'))} could not be placed: book ${view.unplaceable === 1 ? 'it' : 'them'} by hand.`,
          ),
        ]
      : []),
    ...(problems.length > 0
      ? [
          attention('Not everything was booked:', { weight: 'Bolder', separator: true }),
          ...problems,
        ]
      : []),
  ];
  // Booking is idempotent: pressing Book again resumes what failed (docs/booking.md).
  const retry =
    view.retry && view.failures.length > 0
      ? [
          executeAction(
            'Try again',
            {
              verb: 'book',
              relationshipId: view.relationshipId,
              durationMinutes: view.retry.durationMinutes,
              avoid: view.retry.avoid,
              nonce: view.retry.nonce,
            },
            { style: 'positive', associatedInputs: 'none' },
          ),
        ]
      : [];
  return adaptiveCard(body, { actions: retry });
}
