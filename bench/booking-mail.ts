/**
 * Emails a booking run sends the supervisees, from the Graph emulator's mail
 * log (graph/emulator/mail-log.ts: a request per series created, an update
 * per occurrence moved, a cancellation per occurrence cancelled).
 *
 * "Before" is what the run's own plan would have sent the way Cadence booked
 * until issue 12, counted by the same rules: every planned series created
 * over its whole range (1 request), each moved session an update, and each
 * unplaceable session created and then cancelled (a cancellation), even in a
 * series with no session placed. "After" is measured.
 */
import type { GraphEmulator } from '../graph/index.ts';
import type { BookingReport } from '../supervision/index.ts';
import type { Figures } from './due-dates.ts';

const n = (value: number, digits = 2) => value.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export function bookingMailFigures(emulator: GraphEmulator, report: BookingReport): Figures {
  const series = report.planned.flatMap((p) => p.series.map((s) => ({ supervisee: p.supervisee.toLowerCase(), ...s })));
  const before = {
    requests: series.length,
    updates: series.reduce((sum, s) => sum + s.occurrences.filter((o) => o.moved).length, 0),
    cancellations: series.reduce((sum, s) => sum + s.unplaceable.length, 0),
    supervisees: new Set(series.map((s) => s.supervisee)).size,
  };
  const mail = emulator.mailLog();
  const count = (kind: string) => mail.filter((m) => m.kind === kind).length;
  const after = { requests: count('request'), updates: count('update'), cancellations: count('cancellation'), supervisees: new Set(mail.map((m) => m.to)).size };
  const total = (x: { requests: number; updates: number; cancellations: number }) => x.requests + x.updates + x.cancellations;
  const line = (x: typeof before, seriesCount: number) =>
    `${n(total(x) / seriesCount)} per series booked, ${n(total(x) / Math.max(x.supervisees, 1))} per supervisee (${x.requests} requests + ${x.updates} updates + ${x.cancellations} cancellations to ${x.supervisees} supervisees, ${seriesCount} series)`;
  return {
    name: 'emails received by supervisees from booking',
    runsMs: [],
    detail:
      `after (measured, mail log): ${line(after, report.booked.series)}; ` +
      `before (the old order, from the same plan): ${line(before, series.length)}; ` +
      `the supervisors receive none (they organise)`,
  };
}
