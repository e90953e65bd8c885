/**
 * Ending a relationship in Outlook. A roster import that ends a relationship
 * (a new supervisor, or none) cancels its sessions after its last day in the
 * store and queues the ending (store/relationship-endings.ts); this takes
 * each queued ending through Outlook and then tells both people in Teams.
 * The daily job runs it before reconciling (the store's sessions are
 * cancelled already, so reconciliation never reports them as "cancelled in
 * Outlook"), and `cadence roster import` right after it commits.
 *
 * Each series of the relationship in the supervisor's calendar, found by its
 * tag so one a crashed run never recorded is found too:
 * - still running after the last day: its recurrence range is cut to end on
 *   the last day — one PATCH of the master, so one update message to the
 *   supervisee, not one cancellation per occurrence. Graph replaces the
 *   recurrence whole (https://learn.microsoft.com/graph/api/resources/recurrencerange),
 *   and updating a master whose occurrences were moved sends a message per
 *   moved occurrence as well (https://learn.microsoft.com/en-us/answers/questions/499823/event-update-flag-microsoft-outlook-calendar-graph);
 *   held occurrences before the cut stay as they were;
 * - not started by then: deleted whole, which on the organizer's calendar
 *   sends the attendees one cancellation (https://learn.microsoft.com/graph/api/event-delete);
 * - then any occurrence still in Outlook after the last day (one moved there
 *   from before the cut) is deleted on its own.
 *
 * Once: a series whose range already ends in time is not patched again, a
 * deleted one is no longer found, and the Teams messages are queued with the
 * ending settled, in one transaction and under keys that add nothing twice.
 * A failure leaves the ending pending, with its reason, for the next run.
 */
import { addDays, parseIsoDate, weekdayName, type IsoDate } from '../rules/index.ts';
import { readEachMailbox } from './each-mailbox.ts';
import type {
  CalendarPort,
  Clock,
  EndingStore,
  FoundEvent,
  OutboxMessage,
  Outcome,
  PendingEnding,
  SeriesExtension,
} from './ports/index.ts';

export interface EndingReport {
  /** Endings settled this run. */
  ended: number;
  shortened: number;
  deleted: number;
  /** Occurrences left after the cut (moved there) and deleted one by one. */
  occurrencesDeleted: number;
  /** Endings left pending, each with why. */
  failures: { relationshipId: number; message: string }[];
}

/** Days after the cut in which an occurrence moved from before it may still sit (a move stays before the next occurrence). */
const SWEEP_DAYS = 60;

export async function endRelationshipsInOutlook(deps: {
  store: EndingStore;
  calendar: CalendarPort;
  clock: Clock;
}): Promise<EndingReport> {
  const report: EndingReport = {
    ended: 0,
    shortened: 0,
    deleted: 0,
    occurrencesDeleted: 0,
    failures: [],
  };
  const endings = await deps.store.pendingEndings();
  if (endings.length === 0) return report;
  const problems = new Map<number, string[]>();
  const fail = (ending: PendingEnding, message: string) =>
    problems.set(ending.relationshipId, [...(problems.get(ending.relationshipId) ?? []), message]);
  const counts = new Map(
    endings.map((e) => [e.relationshipId, { shortened: 0, deleted: 0, occurrencesDeleted: 0 }]),
  );

  // Each calendar holding the relationship's series: the supervisor's, and an alternate's or a cover's.
  const parts = endings.flatMap((ending) =>
    ending.organisers.map((organizer) => ({ ending, organizer })),
  );
  const lookups = parts.map(({ ending, organizer }) => ({
    organizer,
    relationshipTag: String(ending.relationshipId),
  }));
  const found = await readEachMailbox(
    lookups,
    (l) => l.organizer,
    (ls) => deps.calendar.findSeriesByRelationship(ls),
  );
  found.forEach((answer, i) => {
    if (answer instanceof Error)
      fail(parts[i]!.ending, `finding its series in Outlook failed: ${answer.message}`);
  });

  const deletes: { ending: PendingEnding; organizer: string; event: FoundEvent }[] = [];
  const cuts: { ending: PendingEnding; extension: SeriesExtension }[] = [];
  const sweeps: { ending: PendingEnding; organizer: string; event: FoundEvent }[] = [];
  for (const [i, { ending, organizer }] of parts.entries()) {
    const firstGone = addDays(ending.endedOn as IsoDate, 1);
    const events = found[i];
    if (!events || events instanceof Error) continue;
    for (const event of events) {
      if (event.type === 'occurrence' || event.type === 'exception') continue;
      if (event.start.slice(0, 10) >= firstGone) {
        deletes.push({ ending, organizer, event });
        continue;
      }
      if (event.type !== 'seriesMaster') continue; // a single event before the cut: held, or about to be
      if (event.until === null || event.until >= firstGone) {
        const shape =
          ending.series.find((s) => s.calendarSeriesId === event.id) ??
          ending.series.find((s) => s.firstOn === event.start.slice(0, 10));
        if (shape) {
          cuts.push({
            ending,
            extension: {
              organizer,
              seriesId: event.id,
              repeat: {
                kind: 'weekly',
                interval: shape.everyWeeks,
                day: weekdayName(shape.weekday),
              },
              firstDate: parseIsoDate(shape.firstOn, 'the series’ first date'),
              until: parseIsoDate(ending.endedOn, 'the relationship’s last day'),
            },
          });
        }
        // A series Cadence cannot cut (its pattern unknown) loses its later occurrences one by one in the sweep.
      }
      sweeps.push({ ending, organizer, event });
    }
  }

  const settle = <T>(
    items: { ending: PendingEnding }[],
    outcomes: Outcome<T>[],
    what: string,
    count: 'shortened' | 'deleted' | 'occurrencesDeleted',
  ) => {
    outcomes.forEach((outcome, i) => {
      const { ending } = items[i]!;
      if (outcome.ok) counts.get(ending.relationshipId)![count] += 1;
      else fail(ending, `${what} failed: ${outcome.error.message}`);
    });
  };
  settle(
    deletes,
    await deps.calendar.cancelOccurrences(
      deletes.map(({ organizer, event }) => ({ organizer, occurrenceId: event.id })),
    ),
    'deleting a series not yet started',
    'deleted',
  );
  const cutOutcomes = await deps.calendar.extendSeries(cuts.map((c) => c.extension));
  settle(cuts, cutOutcomes, 'ending a series on the last day', 'shortened');
  // A series whose cut failed is cut again next run: deleting its occurrences one by one now would send a cancellation each.
  const uncut = new Set(
    cuts.filter((_, i) => !cutOutcomes[i]!.ok).map((c) => c.extension.seriesId),
  );
  const sweeping = sweeps.filter(({ event }) => !uncut.has(event.id));

  // What is still in Outlook after the cut: occurrences moved there, or a series Cadence could not cut.
  const windows = sweeping.map(({ ending, organizer, event }) => {
    const firstGone = addDays(ending.endedOn as IsoDate, 1);
    const last = event.until && event.until > firstGone ? event.until : firstGone;
    return {
      organizer,
      seriesId: event.id,
      from: `${firstGone}T00:00:00`,
      to: `${addDays(last, SWEEP_DAYS)}T23:59:59`,
    };
  });
  const leftovers: { ending: PendingEnding; organizer: string; occurrenceId: string }[] = [];
  const instances = await readEachMailbox(
    windows,
    (w) => w.organizer,
    (ws) => deps.calendar.listInstances(ws),
  );
  instances.forEach((occurrences, i) => {
    const { ending, organizer } = sweeping[i]!;
    if (occurrences instanceof Error)
      return fail(
        ending,
        `reading its occurrences after the last day failed: ${occurrences.message}`,
      );
    const firstGone = addDays(ending.endedOn as IsoDate, 1);
    for (const o of occurrences)
      if (o.start.slice(0, 10) >= firstGone)
        leftovers.push({ ending, organizer, occurrenceId: o.id });
  });
  settle(
    leftovers,
    await deps.calendar.cancelOccurrences(
      leftovers.map(({ organizer, occurrenceId }) => ({ organizer, occurrenceId })),
    ),
    'deleting an occurrence after the last day',
    'occurrencesDeleted',
  );

  const now = deps.clock.now();
  for (const ending of endings) {
    const why = problems.get(ending.relationshipId);
    const done = counts.get(ending.relationshipId)!;
    report.shortened += done.shortened;
    report.deleted += done.deleted;
    report.occurrencesDeleted += done.occurrencesDeleted;
    if (why) {
      const message = [...new Set(why)].join('; ');
      await deps.store.failEnding(ending.relationshipId, message);
      report.failures.push({ relationshipId: ending.relationshipId, message });
      continue;
    }
    await deps.store.finishEnding(
      ending.relationshipId,
      { ...done, withdrawn: ending.withdrawn.length },
      endingMessages(ending, now),
    );
    report.ended += 1;
  }
  return report;
}

/**
 * One message to each of the two people: which sessions were taken out of
 * Outlook and, after a change of supervisor, who supervises from now on. Ids
 * and times only; the card is built when it is sent (bot/outbox-cards.ts).
 */
export function endingMessages(ending: PendingEnding, now: Date): OutboxMessage[] {
  const sessions = ending.withdrawn.map((d) => d.toISOString()).join(' ');
  return [
    { recipient: ending.supervisor, other: ending.supervisee, role: 'supervisor' },
    { recipient: ending.supervisee, other: ending.supervisor, role: 'supervisee' },
  ].map(({ recipient, other, role }) => ({
    key: `relationship-ended:${ending.relationshipId}:${recipient.id}`,
    recipientId: recipient.id,
    kind: 'relationship-ended',
    payload: {
      relationshipId: ending.relationshipId,
      role,
      otherId: other.id,
      newSupervisorId: ending.successor?.id ?? null,
      sessions,
    },
    notBefore: now,
  }));
}
