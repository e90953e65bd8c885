/**
 * Emails a booking run sends the supervisees, from the Graph emulator's mail
 * log (graph/emulator/mail-log.ts: a request per series created, an update
 * per occurrence moved, a cancellation per occurrence cancelled).
 *
 * "After" is the run's own mail log. "Before" replays the same plan the way
 * Cadence booked until issue 12 into a fresh emulator and reads its mail log:
 * every planned series created over its whole planned range with the
 * supervisee invited, its unplaceable occurrences deleted (even in a series
 * with none placed), then its moved ones moved.
 */
import { startGraphEmulator, type GraphEmulator } from '../graph/emulator/index.ts';
import { weekdayName } from '../rules/index.ts';
import type { BookingReport } from '../supervision/index.ts';
import type { Figures } from './due-dates.ts';

const n = (value: number, digits = 2) =>
  value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ORGANIZER = 'bench-organizer@council.example';

interface Counted {
  requests: number;
  updates: number;
  cancellations: number;
  supervisees: number;
  series: number;
}

function count(mail: ReturnType<GraphEmulator['mailLog']>, series: number): Counted {
  const of = (kind: string) => mail.filter((m) => m.kind === kind).length;
  return {
    requests: of('request'),
    updates: of('update'),
    cancellations: of('cancellation'),
    supervisees: new Set(mail.map((m) => m.to)).size,
    series,
  };
}

/** The plan booked the old way, in one organizer's mailbox: the mail rules look only at the attendee and the series. */
async function oldOrder(report: BookingReport): Promise<Counted> {
  const emulator = await startGraphEmulator({ https: false });
  try {
    const [organizer] = emulator.seed([
      { displayName: 'Bench Organizer', userPrincipalName: ORGANIZER },
    ]);
    const { store } = emulator.state;
    const mailbox = organizer!.id;
    const at = (date: string, time: string) => ({
      dateTime: `${date}T${time}:00`,
      timeZone: 'Europe/London',
    });
    let series = 0;
    for (const { supervisee, series: planned } of report.planned) {
      for (const s of planned) {
        const endTime = new Date(
          Date.parse(`1970-01-01T${s.time}:00Z`) + s.durationMinutes * 60_000,
        )
          .toISOString()
          .slice(11, 16);
        const { event } = store.create(mailbox, {
          subject: 'Supervision',
          start: at(s.firstDate, s.time),
          end: at(s.firstDate, endTime),
          recurrence: {
            pattern: {
              type: 'weekly',
              interval: s.everyWeeks,
              daysOfWeek: [weekdayName(s.weekday)],
              firstDayOfWeek: 'monday',
            },
            range: { type: 'endDate', startDate: s.firstDate, endDate: s.lastDate },
          },
          attendees: [{ emailAddress: { address: supervisee }, type: 'required' }],
        });
        series += 1;
        const occurrence = (date: string) => `${event.id}_${date.replaceAll('-', '')}`;
        for (const u of s.unplaceable) store.delete(mailbox, occurrence(u.regularDate));
        for (const o of s.occurrences.filter((x) => x.moved))
          store.moveOccurrence(
            mailbox,
            occurrence(o.regular.date),
            o.start.getTime(),
            o.end.getTime(),
          );
      }
    }
    return count(emulator.mailLog(), series);
  } finally {
    await emulator.close();
  }
}

export async function bookingMailFigures(
  emulator: GraphEmulator,
  report: BookingReport,
): Promise<Figures> {
  const after = count(emulator.mailLog(), report.booked.series);
  const before = await oldOrder(report);
  const total = (x: Counted) => x.requests + x.updates + x.cancellations;
  const line = (x: Counted) =>
    `${n(total(x) / x.series)} per series booked, ${n(total(x) / Math.max(x.supervisees, 1))} per supervisee (${x.requests} requests + ${x.updates} updates + ${x.cancellations} cancellations to ${x.supervisees} supervisees, ${x.series} series)`;
  return {
    name: 'emails received by supervisees from booking',
    runsMs: [],
    detail: `after (this run's mail log): ${line(after)}; before (the same plan replayed in the old order, mail log): ${line(before)}; the supervisors receive none (they organise)`,
  };
}
