/**
 * An in-memory calendar port, for booking's own tests: weekly series expanded
 * into occurrences, moves and cancels, transactionId-like de-duplication by
 * series key, and a switch to fail after N calls (a crash mid-booking).
 * The Graph emulator and adapter are tested against each other elsewhere.
 */
import { addDays, parseIsoDate } from '../../rules/index.ts';
import type { CalendarPort } from '../../supervision/ports/calendar.ts';

interface Series {
  id: string;
  key: string;
  organizer: string;
  start: string;
  end: string;
  interval: number;
  until: string;
  moved: Map<string, { start: string; end: string }>;
  cancelled: Set<string>;
}

export function memoryCalendar(
  options: { busy?: Record<string, { start: string; end: string }[]> } = {},
) {
  const series = new Map<string, Series>();
  const calls: string[] = [];
  let failAfter = Infinity;
  const call = (name: string) => {
    if (calls.length >= failAfter) throw new Error(`simulated crash before ${name}`);
    calls.push(name);
  };
  const occurrenceId = (s: Series, date: string) => `${s.id}@${date}`;
  const calendar: CalendarPort = {
    availability: (requests) => {
      call('availability');
      return Promise.resolve(
        requests.map((r) =>
          r.mailboxes.map((mailbox) => ({
            mailbox,
            busy: (options.busy?.[mailbox] ?? []).map((b) => ({ ...b, status: 'busy' as const })),
            workingHours: null,
          })),
        ),
      );
    },
    createSeries: (requests) => {
      call('createSeries');
      return Promise.resolve(
        requests.map((r) => {
          const existing = [...series.values()].find((s) => s.key === r.seriesKey);
          if (existing)
            return {
              ok: true as const,
              value: { seriesId: existing.id, transactionId: r.seriesKey, joinUrl: null },
            };
          const id = `series-${series.size + 1}`;
          series.set(id, {
            id,
            key: r.seriesKey,
            organizer: r.organizer.upn,
            start: r.start,
            end: r.end,
            interval: r.repeat.interval,
            until: r.until,
            moved: new Map(),
            cancelled: new Set(),
          });
          return {
            ok: true as const,
            value: { seriesId: id, transactionId: r.seriesKey, joinUrl: null },
          };
        }),
      );
    },
    listInstances: (requests) => {
      call('listInstances');
      return Promise.resolve(
        requests.map((r) => {
          const s = series.get(r.seriesId)!;
          const out = [];
          for (
            let date = s.start.slice(0, 10);
            date <= s.until;
            date = addDays(parseIsoDate(date), 7 * s.interval)
          ) {
            const id = occurrenceId(s, date);
            if (s.cancelled.has(id)) continue;
            const moved = s.moved.get(id);
            out.push({
              id,
              seriesId: s.id,
              type: moved ? ('exception' as const) : ('occurrence' as const),
              start: moved?.start ?? `${date}${s.start.slice(10)}`,
              end: moved?.end ?? `${date}${s.end.slice(10)}`,
            });
          }
          return out;
        }),
      );
    },
    moveOccurrences: (moves) => {
      call('moveOccurrences');
      return Promise.resolve(
        moves.map(
          (m) => (
            series
              .get(m.occurrenceId.split('@')[0]!)!
              .moved.set(m.occurrenceId, { start: m.start, end: m.end }),
            { ok: true as const, value: undefined }
          ),
        ),
      );
    },
    cancelOccurrences: (cancels) => {
      call('cancelOccurrences');
      return Promise.resolve(
        cancels.map(
          (c) => (
            series.get(c.occurrenceId.split('@')[0]!)!.cancelled.add(c.occurrenceId),
            { ok: true as const, value: undefined }
          ),
        ),
      );
    },
    extendSeries: () => Promise.reject(new Error('not used')),
    findSeriesByRelationship: () => Promise.reject(new Error('not used')),
    changesSince: () => Promise.reject(new Error('not used')),
    seriesResponses: () => Promise.reject(new Error('not used')),
  };
  return {
    calendar,
    series,
    calls,
    crashAfter(n: number) {
      failAfter = calls.length + n;
    },
    heal() {
      failAfter = Infinity;
    },
  };
}
