/**
 * Every mailbox's events: create (with transactionId de-duplication), update,
 * delete, and the per-occurrence changes a person makes in Outlook (move,
 * cancel, decline). Occurrences are computed, never stored: a series keeps
 * only its overrides, keyed by the occurrence's original date.
 */
import { createHash } from 'node:crypto';
import { GraphError } from './errors.ts';
import { MailLog } from './mail-log.ts';
import { TEAMS, withAllowedMeeting } from './online-meeting.ts';
import { occurrenceDates, validateRecurrence } from './recurrence.ts';
import { addDays, dateTimeZoneToMs, ianaZone, localToMs, partsIn } from './time.ts';
import type {
  EventInput,
  Instance,
  OccurrenceOverride,
  ResponseType,
  StoredEvent,
} from './types.ts';

/** JSON with every object's keys sorted: the same body in another key order is the same create. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  return value;
}

function digestOf(input: EventInput): string {
  return createHash('sha256')
    .update(JSON.stringify(canonical(input)))
    .digest('hex');
}

const notFound = (): GraphError =>
  new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');

/** A stored event as plain data: its overrides as [original date, override] pairs. */
export interface StoredEventState extends Omit<StoredEvent, 'overrides'> {
  overrides: [string, OccurrenceOverride][];
}

/** The store as plain data, for the state file (state-file.ts). */
export interface CalendarState {
  /** Ids given out so far: new ids carry on from here, so none repeats an earlier one. */
  counter: number;
  revision: number;
  /** Every event, mailbox by mailbox, each mailbox's in the order it lists them. */
  events: StoredEventState[];
  /** Per mailbox, transactionId → event id: a create retried after a restart still finds its event. */
  transactions: [string, [string, string][]][];
}

export class CalendarStore {
  // Not readonly: restore() replaces them whole.
  private mailboxes = new Map<string, Map<string, StoredEvent>>();
  private transactions = new Map<string, Map<string, string>>();
  private attending = new Map<string, Set<StoredEvent>>();
  private counter = 0;
  /** Bumped on every change; lets callers cache derived views cheaply. */
  revision = 0;
  /** Called after every change; the state file's saver listens. */
  onChange: () => void = () => undefined;
  /** The meeting messages attendees would receive (mail-log.ts); not part of the state file. */
  readonly mail: MailLog;

  constructor(private readonly now: () => number = Date.now) {
    this.mail = new MailLog(now);
  }

  private changed(): void {
    this.revision++;
    this.onChange();
  }

  /** Everything the store holds. Shares the events' inputs with it: serialise at once. */
  snapshot(): CalendarState {
    return {
      counter: this.counter,
      revision: this.revision,
      events: [...this.mailboxes.values()].flatMap((box) =>
        [...box.values()].map((e) => ({ ...e, overrides: [...e.overrides] })),
      ),
      transactions: [...this.transactions].map(([mailboxId, t]) => [mailboxId, [...t]]),
    };
  }

  /**
   * Replaces everything with a snapshot, as the emulator starts. The attendee
   * index is derived, so it is rebuilt rather than stored (in mailbox order,
   * which only decides the order of getSchedule items that start together).
   */
  restore(state: CalendarState): void {
    this.counter = state.counter;
    this.revision = state.revision;
    this.mailboxes = new Map();
    this.attending = new Map();
    for (const e of state.events) {
      const event: StoredEvent = { ...e, overrides: new Map(e.overrides) };
      this.box(event.mailboxId).set(event.id, event);
      this.index(event, true);
    }
    this.transactions = new Map(
      state.transactions.map(([mailboxId, t]) => [mailboxId, new Map(t)]),
    );
  }

  private box(mailboxId: string): Map<string, StoredEvent> {
    let m = this.mailboxes.get(mailboxId);
    if (!m) this.mailboxes.set(mailboxId, (m = new Map<string, StoredEvent>()));
    return m;
  }

  private newId(): string {
    this.counter++;
    return `AAMkAG${createHash('sha256').update(`event:${this.counter}`).digest('hex').slice(0, 40)}`;
  }

  /**
   * POST /events. A repeated transactionId in the same mailbox de-duplicates
   * only an identical create: the same body gives back the first event, a
   * different one is refused with 400 `ErrorDuplicateTransactionId` ("The
   * TransactionId specified in the request has already been used to create a
   * different event"), as Exchange does (alcionai/corso issue 2490, fixed by
   * https://github.com/alcionai/corso/pull/2611; clients match the 400 and the
   * code). `allowed` are the organiser's online meeting providers
   * (online-meeting.ts): the body is compared as sent, the event kept as allowed.
   */
  create(
    mailboxId: string,
    input: EventInput,
    allowed: readonly string[] = [TEAMS],
  ): { event: StoredEvent; created: boolean } {
    const tx = input.transactionId;
    // Only a create that can be repeated needs its digest (and only those grow the state file).
    const createdFrom = tx ? digestOf(input) : undefined;
    if (tx) {
      const existing = this.box(mailboxId).get(this.transactions.get(mailboxId)?.get(tx) ?? '');
      // An event kept from before digests were stored has none: it is taken as identical, as before.
      if (existing && existing.createdFrom !== undefined && existing.createdFrom !== createdFrom) {
        throw new GraphError(
          400,
          'ErrorDuplicateTransactionId',
          "Your request can't be completed. The TransactionId specified in the request has already been used to create a different event.",
        );
      }
      if (existing) return { event: existing, created: false };
    }
    const event: StoredEvent = {
      id: this.newId(),
      mailboxId,
      input: structuredClone(withAllowedMeeting(input, allowed)),
      zone: 'UTC',
      startMs: 0,
      endMs: 0,
      createdMs: this.now(),
      modifiedMs: this.now(),
      version: 1,
      response: 'organizer',
      ...(createdFrom && { createdFrom }),
      overrides: new Map(),
    };
    this.place(event);
    this.box(mailboxId).set(event.id, event);
    if (tx) {
      let t = this.transactions.get(mailboxId);
      if (!t) this.transactions.set(mailboxId, (t = new Map<string, string>()));
      t.set(tx, event.id);
    }
    this.index(event, true);
    this.mail.created(event);
    this.changed();
    return { event, created: true };
  }

  /** Works out start, end and zone from the input; checks the recurrence. */
  private place(event: StoredEvent): void {
    const { input } = event;
    event.zone = ianaZone(input.start?.timeZone);
    event.startMs = dateTimeZoneToMs(input.start, 'start');
    event.endMs = dateTimeZoneToMs(input.end, 'end');
    if (event.endMs < event.startMs)
      throw new GraphError(400, 'ErrorInvalidRequest', 'The end of the event is before its start.');
    if (input.recurrence) {
      validateRecurrence(input.recurrence);
      // Graph requires startDate to match the event's start; we take the range's date as authoritative.
      if (partsIn(event.startMs, event.zone).date !== input.recurrence.range.startDate) {
        const time = partsIn(event.startMs, event.zone).time;
        const dur = event.endMs - event.startMs;
        event.startMs = localToMs(`${input.recurrence.range.startDate}T${time}`, event.zone);
        event.endMs = event.startMs + dur;
      }
    }
  }

  private index(event: StoredEvent, add: boolean): void {
    for (const a of event.input.attendees ?? []) {
      const key = a.emailAddress.address.toLowerCase();
      let set = this.attending.get(key);
      if (!set) this.attending.set(key, (set = new Set()));
      if (add) set.add(event);
      else set.delete(event);
    }
  }

  events(mailboxId: string): StoredEvent[] {
    return [...this.box(mailboxId).values()];
  }

  /** Events in other mailboxes that list this address as an attendee. */
  attendingEvents(address: string): StoredEvent[] {
    return [...(this.attending.get(address.toLowerCase()) ?? [])];
  }

  /** An event, or an occurrence of a series by its instance id. */
  find(mailboxId: string, id: string): { event: StoredEvent; originalDate?: string } {
    const box = this.box(mailboxId);
    const event = box.get(id);
    if (event) return { event };
    const m = /^(.+)_(\d{4})(\d{2})(\d{2})$/.exec(id);
    const master = m ? box.get(m[1] ?? '') : undefined;
    if (!m || !master?.input.recurrence) throw notFound();
    const originalDate = `${m[2]}-${m[3]}-${m[4]}`;
    if (occurrenceDates(master.input.recurrence, originalDate, originalDate).length === 0)
      throw notFound();
    if (master.overrides.get(originalDate)?.cancelled) throw notFound();
    return { event: master, originalDate };
  }

  /** PATCH of an event or series master. */
  update(mailboxId: string, id: string, patch: Partial<EventInput>): StoredEvent {
    const { event, originalDate } = this.find(mailboxId, id);
    if (originalDate)
      throw new GraphError(500, 'EmulatorBug', 'update() is for events; use moveOccurrence().');
    if (patch.transactionId && patch.transactionId !== event.input.transactionId)
      throw new GraphError(400, 'ErrorInvalidRequest', 'transactionId cannot be changed once set.');
    const before = { ...event.input };
    this.index(event, false);
    const next: EventInput = { ...event.input, ...patch };
    if (patch.singleValueExtendedProperties) {
      const props = new Map(
        (event.input.singleValueExtendedProperties ?? []).map((p) => [p.id.toLowerCase(), p]),
      );
      for (const p of patch.singleValueExtendedProperties) props.set(p.id.toLowerCase(), p);
      next.singleValueExtendedProperties = [...props.values()];
    }
    event.input = structuredClone(next);
    try {
      this.place(event);
    } catch (e) {
      event.input = before;
      this.place(event);
      this.index(event, true);
      throw e;
    }
    const rec = event.input.recurrence;
    for (const date of [...event.overrides.keys()]) {
      if (!rec || occurrenceDates(rec, date, date).length === 0) event.overrides.delete(date);
    }
    this.index(event, true);
    this.mail.updated(event, before);
    this.touch(event);
    return event;
  }

  delete(mailboxId: string, id: string): void {
    const { event, originalDate } = this.find(mailboxId, id);
    if (originalDate) {
      this.override(event, originalDate).cancelled = true;
      this.mail.occurrenceCancelled(event, originalDate);
      this.touch(event, originalDate);
      return;
    }
    this.mail.deleted(event);
    this.index(event, false);
    this.box(mailboxId).delete(event.id);
    const tx = event.input.transactionId;
    if (tx && this.transactions.get(mailboxId)?.get(tx) === event.id)
      this.transactions.get(mailboxId)?.delete(tx);
    this.changed();
  }

  private override(event: StoredEvent, date: string): OccurrenceOverride {
    let o = event.overrides.get(date);
    if (!o) event.overrides.set(date, (o = { version: 0 }));
    return o;
  }

  private touch(event: StoredEvent, date?: string): void {
    event.modifiedMs = this.now();
    if (date) this.override(event, date).version++;
    else event.version++;
    this.changed();
  }

  /**
   * PATCH of one occurrence: it becomes an exception. Exchange refuses a move
   * past a neighbouring occurrence (EWS ErrorOccurrenceCrossingBoundary,
   * https://learn.microsoft.com/exchange/client-developer/exchange-web-services/how-to-update-a-recurring-series-by-using-ews),
   * and so does the emulator: the new date must fall strictly between the
   * dates of the previous and next occurrences.
   */
  moveOccurrence(mailboxId: string, id: string, startMs: number, endMs: number): Instance {
    const { event, originalDate } = this.find(mailboxId, id);
    if (!originalDate)
      throw new GraphError(500, 'EmulatorBug', 'moveOccurrence() is for occurrences.');
    if (endMs < startMs)
      throw new GraphError(400, 'ErrorInvalidRequest', 'The end of the event is before its start.');
    const rec = event.input.recurrence!;
    const span = 400;
    const all = occurrenceDates(rec, addDays(originalDate, -span), addDays(originalDate, span));
    const at = all.indexOf(originalDate);
    const dateOf = (d: string): string =>
      partsIn(this.instanceAt(event, d).startMs, event.zone).date;
    const newDate = partsIn(startMs, event.zone).date;
    const prev = all
      .slice(0, at)
      .reverse()
      .find((d) => !event.overrides.get(d)?.cancelled);
    const next = all.slice(at + 1).find((d) => !event.overrides.get(d)?.cancelled);
    if ((prev && newDate <= dateOf(prev)) || (next && newDate >= dateOf(next))) {
      throw new GraphError(
        400,
        'ErrorOccurrenceCrossingBoundary',
        'An occurrence cannot be moved to or past the date of an adjacent occurrence.',
      );
    }
    const o = this.override(event, originalDate);
    o.startMs = startMs;
    o.endMs = endMs;
    this.mail.occurrenceMoved(event, originalDate);
    this.touch(event, originalDate);
    return this.instanceAt(event, originalDate);
  }

  /** An attendee (or, without one, the mailbox owner) declines one occurrence or a single event. */
  decline(mailboxId: string, id: string, attendee?: string): void {
    const { event, originalDate } = this.find(mailboxId, id);
    const respond = (target: {
      response?: ResponseType;
      attendeeResponses?: Record<string, ResponseType>;
    }): void => {
      if (attendee)
        target.attendeeResponses = {
          ...target.attendeeResponses,
          [attendee.toLowerCase()]: 'declined',
        };
      else target.response = 'declined';
    };
    if (originalDate) {
      respond(this.override(event, originalDate));
      this.touch(event, originalDate);
      return;
    }
    if (attendee) {
      for (const a of event.input.attendees ?? []) {
        if (a.emailAddress.address.toLowerCase() === attendee.toLowerCase())
          a.status = { response: 'declined', time: new Date(this.now()).toISOString() };
      }
    } else event.response = 'declined';
    this.touch(event);
  }

  /** One occurrence, placed (moved if it was moved). */
  instanceAt(event: StoredEvent, date: string): Instance {
    const time = partsIn(event.startMs, event.zone).time;
    const originalStartMs = localToMs(`${date}T${time}`, event.zone);
    const o = event.overrides.get(date);
    const startMs = o?.startMs ?? originalStartMs;
    const endMs = o?.endMs ?? originalStartMs + (event.endMs - event.startMs);
    const attendeeResponses: Record<string, ResponseType> = {};
    for (const a of event.input.attendees ?? [])
      if (a.status) attendeeResponses[a.emailAddress.address.toLowerCase()] = a.status.response;
    Object.assign(attendeeResponses, o?.attendeeResponses);
    return {
      id: `${event.id}_${date.replaceAll('-', '')}`,
      event,
      originalDate: date,
      originalStartMs,
      startMs,
      endMs,
      type: o?.startMs !== undefined ? 'exception' : 'occurrence',
      response: o?.response ?? event.response,
      attendeeResponses,
      changeKey: `${event.version}.${o?.version ?? 0}`,
    };
  }

  /** Occurrences of a series (or the single event) overlapping [fromMs, toMs), cancelled ones left out. */
  instances(event: StoredEvent, fromMs: number, toMs: number): Instance[] {
    const rec = event.input.recurrence;
    if (!rec) {
      if (
        event.startMs >= toMs ||
        (event.endMs <= fromMs && !(event.endMs === event.startMs && event.startMs === fromMs))
      )
        return [];
      const attendeeResponses: Record<string, ResponseType> = {};
      for (const a of event.input.attendees ?? [])
        if (a.status) attendeeResponses[a.emailAddress.address.toLowerCase()] = a.status.response;
      return [
        {
          id: event.id,
          event,
          originalStartMs: event.startMs,
          startMs: event.startMs,
          endMs: event.endMs,
          type: 'singleInstance',
          response: event.response,
          attendeeResponses,
          changeKey: `${event.version}`,
        },
      ];
    }
    const dur = event.endMs - event.startMs;
    const from = addDays(partsIn(fromMs - dur, event.zone).date, -1);
    const to = addDays(partsIn(toMs, event.zone).date, 1);
    const dates = new Set(occurrenceDates(rec, from, to));
    for (const [date, o] of event.overrides) if (o.startMs !== undefined) dates.add(date);
    const out: Instance[] = [];
    for (const date of dates) {
      if (event.overrides.get(date)?.cancelled) continue;
      const i = this.instanceAt(event, date);
      if (i.startMs < toMs && i.endMs > fromMs) out.push(i);
    }
    return out.sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
  }

  /** Everything in a mailbox's calendar overlapping a window: singles, occurrences, exceptions. */
  calendarView(mailboxId: string, fromMs: number, toMs: number): Instance[] {
    return this.events(mailboxId)
      .flatMap((e) => this.instances(e, fromMs, toMs))
      .sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
  }
}
