import { executeAction } from './buttons.ts';
import { actionSets, container, textBlock, type CardElement } from './card.ts';
import { formatDate, otherParty, sessionWhen } from './format.ts';
import type { PersonView, SessionView } from './types.ts';
import { md } from './markdown.ts';

/** Sessions a list card shows before "and N more": enough for a busy month, small enough for the size limit. */
export const MAX_LISTED_SESSIONS = 20;

/**
 * `One-to-one, Tue 1 Dec 2026 at 10:00 (60 minutes) with Tom Reed`, from
 * `viewer`'s side when given, else naming both. Markdown, names escaped: put
 * it in a TextBlock as it is.
 */
export function sessionLine(session: SessionView, viewer?: PersonView): string {
  const who = viewer
    ? md`with ${otherParty(session, viewer).name}`
    : md`${session.supervisor.name} with ${session.supervisee.name}`;
  return `${sessionWhen(session)}, ${who}`;
}

/** A session awaiting its record: what, when the record is due, and a button to open the record card. */
export function awaitingRecordItem(session: SessionView, viewer?: PersonView): CardElement {
  const due = session.recordDueOn
    ? textBlock(`Record due by ${formatDate(session.recordDueOn)}`, {
        isSubtle: true,
        spacing: 'None',
      })
    : undefined;
  return container(
    [
      textBlock(sessionLine(session, viewer)),
      ...(due ? [due] : []),
      // Named, so a list of several reads (and is read aloud) as which session each button records.
      ...actionSets(
        [
          executeAction(`Record the session with ${session.supervisee.name}`, {
            verb: 'openRecord',
            sessionId: session.sessionId,
          }),
        ],
        { spacing: 'Small' },
      ),
    ],
    { separator: true },
  );
}
