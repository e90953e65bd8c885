import { executeAction } from './buttons.ts';
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
import { formatDate, formatDateTime, humanize } from './format.ts';
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
    ...signOffLines(view, rows),
    ...groupLines(view, rows),
    textBlock('Waiting for a record', { weight: 'Bolder', separator: true }),
    ...(view.awaitingRecord.length === 0
      ? [textBlock('Nothing waiting.', { isSubtle: true })]
      : awaiting.map((session) => awaitingRecordItem(session, view.person))),
    ...andMore(view.awaitingRecord.length - awaiting.length, 'more waiting; record these first'),
  ]);
}

/** Records of the person's own sessions waiting for their sign-off, each with a button to read and answer it. */
function signOffLines(view: MySessionsView, rows: number): CardElement[] {
  const waiting = view.toSignOff ?? [];
  if (waiting.length === 0) return [];
  const shown = waiting.slice(0, rows);
  return [
    textBlock('Records to sign off', { weight: 'Bolder', separator: true }),
    ...shown.map((r) =>
      container(
        [
          textBlock(
            md`Supervision with ${r.supervisor.name} on ${formatDate(r.heldOn)}: sign off by ${formatDate(r.dueOn)}`,
          ),
          ...actionSets(
            [
              executeAction(`Read and sign off the record of ${formatDate(r.heldOn)}`, {
                verb: 'openRecord',
                sessionId: r.sessionId,
              }),
            ],
            { spacing: 'Small' },
          ),
        ],
        { separator: true },
      ),
    ),
    ...andMore(waiting.length - shown.length, 'more to sign off'),
  ];
}

/** The group meetings coming up, under their own heading: a meeting of many, not a one-to-one. */
function groupLines(view: MySessionsView, rows: number): CardElement[] {
  const meetings = view.groupMeetings ?? [];
  if (meetings.length === 0) return [];
  const shown = meetings.slice(0, rows);
  return [
    textBlock('Group meetings', { weight: 'Bolder', separator: true }),
    textBlock(
      shown
        .map(
          (m) =>
            md`- ${m.groupName} (${humanize(m.type).toLowerCase()})${m.startsAt ? `, ${formatDateTime(m.startsAt)}` : ''}`,
        )
        .join('\n'),
    ),
    ...andMore(meetings.length - shown.length, 'more group meetings'),
  ];
}

/** `my sessions`: what is coming, and what is waiting for a record (each with a Record button). */
export function mySessionsCard(view: MySessionsView): Card {
  const longest = Math.max(
    view.upcoming.length,
    view.awaitingRecord.length,
    view.groupMeetings?.length ?? 0,
    view.toSignOff?.length ?? 0,
  );
  return largestFitting(Math.min(longest, MAX_LISTED_SESSIONS), (rows) => build(view, rows));
}
