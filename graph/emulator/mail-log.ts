/**
 * The meeting messages each attendee would receive, as Exchange sends them
 * when the organizer's calendar changes through Graph. Nothing is delivered:
 * the log is for tests and the benchmark (`em.mailLog()`, `em.mailFor()`),
 * and it is not kept in the state file (it starts empty after a restart).
 *
 * The rules, each from Microsoft's documentation:
 * - a create with attendees sends each a meeting request
 *   ("When an event is sent, the server sends invitations to all the attendees",
 *   https://learn.microsoft.com/graph/api/user-post-events?view=graph-rest-1.0);
 * - a PATCH of one occurrence makes it an exception and sends each attendee an
 *   update for that occurrence; a DELETE of an occurrence sends each a
 *   cancellation for it ("If the event is a meeting, deleting the event on the
 *   organizer's calendar sends a cancellation message to the meeting attendees",
 *   https://learn.microsoft.com/graph/api/event-delete?view=graph-rest-1.0);
 * - a PATCH of a series master sends "one for the master series and one per
 *   instance that has been updated" (https://learn.microsoft.com/graph/api/event-update?view=graph-rest-1.0),
 *   and, after it, a cancellation for each occurrence deleted from the series,
 *   both for occurrences that have not yet started ([MS-OXOCAL] 3.1.4.7.3.5
 *   Updating a Recurring Series,
 *   https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxocal/4b92fb85-db55-4251-8e81-e319361218e1);
 * - a PATCH of only `attendees` "sends a meeting update to only the attendees
 *   that have changed" (event-update, as above): a new attendee gets the series
 *   as a request and then its exceptions as above — so an attendee added after
 *   the moves and cancellations receives as many messages as one invited first;
 *   a removed one gets a cancellation ([MS-OXOCAL] 3.1.4.9.1.1 Partial Attendee List,
 *   https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxocal/6349307d-2156-4a56-92b9-e4eb8183fb9b);
 * - a DELETE of a series master sends a cancellation for the series and one for
 *   each exception not yet started, but none for occurrences already deleted
 *   ([MS-OXOCAL] 3.1.4.9.1.2 Cancelling a Recurring Series,
 *   https://learn.microsoft.com/openspecs/exchange_server_protocols/ms-oxocal/2ae20b1f-9889-4eb3-a9fc-fbf9c9b9ff7e).
 * A change that an attendee cannot see (an extended property, say) sends nothing.
 * The organizer never receives her own messages.
 */
import { localToMs, partsIn } from './time.ts';
import type { EventInput, StoredEvent } from './types.ts';

export type MailKind = 'request' | 'update' | 'cancellation';

export interface MailMessage {
  /** Lower-case address of the attendee who receives it. */
  to: string;
  kind: MailKind;
  /** The mailbox (user id) of the organizer who sent it. */
  organizerId: string;
  /** The event: a single event or a series master. */
  eventId: string;
  /** The occurrence's original date (`YYYY-MM-DD`) when the message is about one occurrence, not the whole series. */
  occurrence?: string;
  subject: string;
  sentMs: number;
}

/** What an attendee sees of a meeting: a change to any of these sends an update. */
const SEEN: readonly (keyof EventInput)[] = [
  'subject',
  'body',
  'start',
  'end',
  'recurrence',
  'location',
  'isAllDay',
  'isOnlineMeeting',
  'onlineMeetingProvider',
  'sensitivity',
  'showAs',
];

const addresses = (input: EventInput): string[] => [
  ...new Set((input.attendees ?? []).map((a) => a.emailAddress.address.toLowerCase())),
];

export class MailLog {
  readonly messages: MailMessage[] = [];

  constructor(private readonly now: () => number) {}

  /** POST /events. */
  created(event: StoredEvent): void {
    for (const to of addresses(event.input)) this.send(event, to, 'request');
  }

  /** PATCH of one occurrence. */
  occurrenceMoved(event: StoredEvent, originalDate: string): void {
    for (const to of addresses(event.input)) this.send(event, to, 'update', originalDate);
  }

  /** DELETE of one occurrence. */
  occurrenceCancelled(event: StoredEvent, originalDate: string): void {
    for (const to of addresses(event.input)) this.send(event, to, 'cancellation', originalDate);
  }

  /** DELETE of a single event or a series master, before it goes. */
  deleted(event: StoredEvent): void {
    for (const to of addresses(event.input)) {
      this.send(event, to, 'cancellation');
      for (const date of this.exceptions(event).moved) this.send(event, to, 'cancellation', date);
    }
  }

  /** PATCH of a single event or a series master; `before` is its input before the PATCH. */
  updated(event: StoredEvent, before: EventInput): void {
    const had = new Set(addresses(before));
    const has = addresses(event.input);
    const seen = SEEN.some(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(event.input[key]),
    );
    for (const to of has) {
      if (!had.has(to)) this.sendSeries(event, to, 'request');
      else if (seen) this.sendSeries(event, to, 'update');
    }
    for (const to of had) {
      if (has.includes(to)) continue;
      this.send(event, to, 'cancellation');
      for (const date of this.exceptions(event).moved) this.send(event, to, 'cancellation', date);
    }
  }

  /** The series (or single event) as a whole, then its exceptions not yet started, as [MS-OXOCAL] 3.1.4.7.3.5 has it. */
  private sendSeries(event: StoredEvent, to: string, kind: 'request' | 'update'): void {
    this.send(event, to, kind);
    const { moved, deleted } = this.exceptions(event);
    for (const date of moved) this.send(event, to, 'update', date);
    for (const date of deleted) this.send(event, to, 'cancellation', date);
  }

  /** Original dates of a series' moved and deleted occurrences that have not started yet. */
  private exceptions(event: StoredEvent): { moved: string[]; deleted: string[] } {
    const now = this.now();
    const moved: string[] = [];
    const deleted: string[] = [];
    const time = partsIn(event.startMs, event.zone).time;
    for (const [date, o] of [...event.overrides].sort(([a], [b]) => a.localeCompare(b))) {
      // A deleted occurrence counts from its original start (DeletedInstanceDates), a moved one from its new start.
      if (o.cancelled && localToMs(`${date}T${time}`, event.zone) >= now) deleted.push(date);
      else if (!o.cancelled && o.startMs !== undefined && o.startMs >= now) moved.push(date);
    }
    return { moved, deleted };
  }

  private send(event: StoredEvent, to: string, kind: MailKind, occurrence?: string): void {
    this.messages.push({
      to,
      kind,
      organizerId: event.mailboxId,
      eventId: event.id,
      ...(occurrence ? { occurrence } : {}),
      subject: event.input.subject ?? '',
      sentMs: this.now(),
    });
  }
}
