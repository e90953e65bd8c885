/**
 * The naive way to book the same council, for comparison with `book()`: no
 * `$batch` and no recurring series. One getSchedule per relationship (for
 * both people; one per 61-day piece, as Graph takes under 62 days), the same
 * planner, then one POST of a single event per session, each request its own
 * HTTP call, at most 4 in flight per mailbox (Outlook's limit) and `parallel`
 * in all (the bench gives it as many as the adapter's `$batch` calls in
 * flight, so the difference is the batching). Plain fetch with a token from
 * the emulator. All the free/busy is read before anything is written, as
 * `book()` does, so both plan the same sessions. It writes nothing to the
 * database (`book()` does, inside its wall time).
 */
import { viewInterval } from '../graph/availability.ts';
import { RELATIONSHIP_PROPERTY_ID, transactionIdFor } from '../graph/index.ts';
import { type GraphEmulator } from '../graph/emulator/index.ts';
import { splitWindow } from '../graph/london-time.ts';
import {
  isoDayOf,
  loadShippedPack,
  londonDateTime,
  type Duration,
  type Interval,
  type IsoDate,
} from '../rules/index.ts';
import {
  planSessions,
  type Availability,
  type BookableRelationship,
} from '../supervision/index.ts';

const DEFAULT_HOURS = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

export interface NaiveRun {
  wallMs: number;
  /** Graph requests and HTTP round trips as the emulator counted them (the same here: no $batch). */
  requests: number;
  roundTrips: number;
  scheduleCalls: number;
  events: number;
  /** Requests answered with anything but 2xx, by status. */
  failed: Record<number, number>;
}

interface ScheduleAnswer {
  value: {
    scheduleId: string;
    scheduleItems?: { start: { dateTime: string }; end: { dateTime: string } }[];
    workingHours?: { daysOfWeek: string[]; startTime: string; endTime: string };
  }[];
}

/** Runs `work` with at most `perKey` calls in flight per key and `total` in all, first come first served. */
function limiter(perKey: number, total: number) {
  const inFlight = new Map<string, number>();
  let all = 0;
  const waiting: { key: string; go: () => void }[] = [];
  const fits = (key: string) => all < total && (inFlight.get(key) ?? 0) < perKey;
  const wake = () => {
    for (let i = 0; i < waiting.length && all < total;) {
      const next = waiting[i]!;
      if (fits(next.key)) {
        waiting.splice(i, 1);
        take(next.key);
        next.go();
      } else i += 1;
    }
  };
  const take = (key: string) => {
    all += 1;
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
  };
  return async <T>(key: string, work: () => Promise<T>): Promise<T> => {
    if (fits(key) && waiting.length === 0) take(key);
    else await new Promise<void>((go) => waiting.push({ key, go }));
    try {
      return await work();
    } finally {
      all -= 1;
      inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
      wake();
    }
  };
}

/** Answers come in UTC (no Prefer header): `2026-11-23T10:00:00.0000000`. */
const utc = (dateTime: string) => new Date(`${dateTime.slice(0, 19)}Z`);

export async function bookNaively(
  emulator: GraphEmulator,
  relationships: BookableRelationship[],
  window: { today: IsoDate; horizonEnd: IsoDate; durationMinutes: number },
  /** HTTP calls in flight at once, over all mailboxes. */
  parallel: number,
): Promise<NaiveRun> {
  const token = emulator.issueToken(['Calendars.ReadWrite', 'User.Read.All']);
  const limited = limiter(4, parallel);
  const failed: Record<number, number> = {};
  const call = (mailbox: string, method: string, path: string, body: unknown): Promise<unknown> =>
    limited(mailbox.toLowerCase(), async () => {
      const response = await fetch(`${emulator.url}/v1.0${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      const answer: unknown = await response.json();
      if (!response.ok) failed[response.status] = (failed[response.status] ?? 0) + 1;
      return response.ok ? answer : null;
    });
  const { today, horizonEnd, durationMinutes } = window;
  // The window book() asks for, cut as graph/ cuts it: equal pieces of at most 61 days, each with an
  // availabilityViewInterval Graph accepts (a 23 h 59 min tail with 1440 is refused).
  const pieces = splitWindow(`${today}T00:00:00`, `${horizonEnd}T23:59:00`);
  const started = performance.now();
  const before = { ...emulator.counters };

  const availability = await Promise.all(
    relationships.map(async (r) => {
      const answers = await Promise.all(
        pieces.map(({ from, to }) =>
          call(r.supervisorUpn, 'POST', `/users/${r.supervisorUpn}/calendar/getSchedule`, {
            schedules: [r.supervisorUpn, r.superviseeUpn],
            startTime: { dateTime: from, timeZone: 'Europe/London' },
            endTime: { dateTime: to, timeZone: 'Europe/London' },
            availabilityViewInterval: viewInterval(from, to),
          }),
        ),
      );
      return [r.supervisorUpn, r.superviseeUpn].map((upn): Availability => {
        const mine = answers.flatMap(
          (a) =>
            (a as ScheduleAnswer | null)?.value.filter(
              (s) => s.scheduleId.toLowerCase() === upn.toLowerCase(),
            ) ?? [],
        );
        const hours = mine.find((s) => s.workingHours)?.workingHours;
        const busy = new Map(
          mine
            .flatMap((s) => s.scheduleItems ?? [])
            .map((item) => [
              `${item.start.dateTime}|${item.end.dateTime}`,
              { start: utc(item.start.dateTime), end: utc(item.end.dateTime) },
            ]),
        );
        return {
          busy: [...busy.values()].sort((a, b) => a.start.getTime() - b.start.getTime()),
          workingHours: hours
            ? {
                days: hours.daysOfWeek.map((d) => isoDayOf(d) ?? 0),
                start: hours.startTime.slice(0, 5),
                end: hours.endTime.slice(0, 5),
              }
            : DEFAULT_HOURS,
        };
      });
    }),
  );

  const posts: Promise<unknown>[] = [];
  relationships.forEach((r, index) => {
    const [supervisor, supervisee] = availability[index]!;
    const last = [r.lastHeldOn, r.lastBookedOn]
      .filter((d): d is string => d !== null)
      .sort()
      .at(-1) as IsoDate | undefined;
    const plan = planSessions({
      pack: loadShippedPack(r.policy),
      person: {
        role: r.role,
        agreed: r.agreedPeriods as Record<string, Duration>,
        agreedFrequency: r.agreedFrequency as Record<string, Interval>,
        ...(r.startedOn && { started: r.startedOn as IsoDate }),
        ...(r.approvedOn && { approved: r.approvedOn as IsoDate }),
      },
      type: r.type,
      lastHeld: last,
      today,
      horizonEnd,
      durationMinutes,
      supervisor: supervisor!,
      supervisee: supervisee!,
    });
    for (const occurrence of plan.series.flatMap((s) => s.occurrences)) {
      posts.push(
        call(r.supervisorUpn, 'POST', `/users/${r.supervisorUpn}/events`, {
          subject: `Supervision: ${r.supervisorName} / ${r.superviseeName}`,
          start: { dateTime: londonDateTime(occurrence.start), timeZone: 'Europe/London' },
          end: { dateTime: londonDateTime(occurrence.end), timeZone: 'Europe/London' },
          attendees: [
            {
              emailAddress: { address: r.superviseeUpn, name: r.superviseeName },
              type: 'required',
            },
          ],
          sensitivity: 'private',
          showAs: 'busy',
          transactionId: transactionIdFor(
            r.supervisorUpn,
            `rel-${r.relationshipId}/${r.type}/${occurrence.date}`,
          ),
          singleValueExtendedProperties: [
            { id: RELATIONSHIP_PROPERTY_ID, value: String(r.relationshipId) },
          ],
        }),
      );
    }
  });
  await Promise.all(posts);
  return {
    wallMs: performance.now() - started,
    requests: emulator.counters.graphRequests - before.graphRequests,
    roundTrips: emulator.counters.httpRoundTrips - before.httpRoundTrips,
    scheduleCalls: relationships.length * pieces.length,
    events: posts.length,
    failed,
  };
}
