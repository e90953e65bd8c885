/**
 * Free/busy through getSchedule, for many people at once.
 *
 * getSchedule takes at most 20 schedules per call and a window under 62 days
 * (https://learn.microsoft.com/graph/api/calendar-getschedule). Requests with
 * the same window are pooled, each person asked for once, then cut into calls
 * of 20 people by pieces of at most 61 days; the answers are merged back per
 * request. Booking 1,000 relationships over three months is so about 60 calls
 * per piece, three `$batch` round trips each, instead of 1,000 calls.
 *
 * Each call's `availabilityViewInterval` must be 5 to 1440 minutes and less
 * than its window, or Graph refuses the whole call with
 * ErrorInvalidMergedFreeBusyInterval (microsoftgraph/microsoft-graph-docs
 * issue 6450): the window is cut into equal pieces, so none is a short tail,
 * and each piece takes the largest interval under its length.
 */
import type { GraphCall, GraphReply } from './batch.ts';
import { GraphResponseError } from './errors.ts';
import { dateOf, PREFER_LONDON, graphTime, londonFromGraph, splitWindow } from './london-time.ts';
import { parseGraph, scheduleAnswer } from './schemas.ts';
import type {
  AvailabilityRequest,
  BusySpan,
  BusyStatus,
  LondonDateTime,
  MailboxAvailability,
} from './types.ts';
import { userPath } from './urls.ts';
import { workingHoursInLondon } from './working-hours.ts';

export const MAX_SCHEDULES_PER_CALL = 20;
/**
 * Granularities of the availabilityView string, which Cadence does not read: the largest under the
 * window keeps the answer small. Divisors of a day, so slots line up with days.
 */
const VIEW_INTERVALS_MINUTES = [1440, 720, 480, 360, 240, 180, 120, 60, 30, 15, 10, 5];
const BUSY: Record<string, BusyStatus> = {
  busy: 'busy',
  tentative: 'tentative',
  oof: 'oof',
  workingelsewhere: 'workingElsewhere',
  unknown: 'busy',
};

export interface SchedulePlan {
  calls: GraphCall[];
  /** For each call, the window it covers and the people in it, in the order asked. */
  windows: string[];
}

const windowKey = (request: { from: string; to: string }) => `${request.from}|${request.to}`;

/** The getSchedule calls covering every request. The first person of each call is the mailbox it goes through, spreading calls across mailboxes. */
export function planScheduleCalls(requests: AvailabilityRequest[]): SchedulePlan {
  const people = new Map<string, Map<string, string>>();
  for (const request of requests) {
    const pool = people.get(windowKey(request)) ?? new Map<string, string>();
    for (const mailbox of request.mailboxes)
      if (!pool.has(mailbox.toLowerCase())) pool.set(mailbox.toLowerCase(), mailbox);
    people.set(windowKey(request), pool);
  }
  const plan: SchedulePlan = { calls: [], windows: [] };
  for (const [key, pool] of people) {
    const [from, to] = key.split('|') as [string, string];
    const everyone = [...pool.values()];
    for (const piece of splitWindow(from, to)) {
      for (let at = 0; at < everyone.length; at += MAX_SCHEDULES_PER_CALL) {
        const schedules = everyone.slice(at, at + MAX_SCHEDULES_PER_CALL);
        plan.calls.push({
          method: 'POST',
          url: `${userPath(schedules[0]!)}/calendar/getSchedule`,
          headers: { ...PREFER_LONDON },
          body: {
            schedules,
            startTime: graphTime(piece.from),
            endTime: graphTime(piece.to),
            availabilityViewInterval: viewInterval(piece.from, piece.to),
          },
          mailbox: schedules[0]!,
        });
        plan.windows.push(key);
      }
    }
  }
  return plan;
}

/** The largest interval Graph accepts for a window: less than it, 5 to 1440 minutes. */
export function viewInterval(from: LondonDateTime, to: LondonDateTime): number {
  const minutes = (Date.parse(`${to}Z`) - Date.parse(`${from}Z`)) / 60_000;
  const interval = VIEW_INTERVALS_MINUTES.find((m) => m < minutes);
  if (interval === undefined)
    throw new RangeError(`getSchedule needs a window longer than 5 minutes, not ${from} to ${to}`);
  return interval;
}

/** Merges the calls' answers back into one availability per mailbox per request, in the order asked. */
export function mergeSchedules(
  requests: AvailabilityRequest[],
  plan: SchedulePlan,
  replies: GraphReply[],
): MailboxAvailability[][] {
  const found = new Map<string, MailboxAvailability>();
  replies.forEach((reply, index) => {
    const call = plan.calls[index]!;
    const answer = parseGraph(scheduleAnswer, reply.body, call);
    answer.value.forEach((schedule, position) => {
      const where = `value.${position}`;
      const key = `${plan.windows[index]}|${schedule.scheduleId.toLowerCase()}`;
      const merged: MailboxAvailability = found.get(key) ?? {
        mailbox: schedule.scheduleId,
        busy: [],
        workingHours: null,
      };
      found.set(key, merged);
      if (schedule.error) {
        merged.problem =
          schedule.error.message ?? schedule.error.responseCode ?? 'Outlook gave no free/busy';
        return;
      }
      const [from, to] = plan.windows[index]!.split('|') as [string, string];
      merged.workingHours ??= schedule.workingHours
        ? workingHoursInLondon(schedule.workingHours, dateOf(from), dateOf(to))
        : null;
      (schedule.scheduleItems ?? []).forEach((item, itemIndex) => {
        const status = BUSY[item.status.toLowerCase()];
        if (!status) return;
        const start = londonFromGraph(item.start);
        const end = londonFromGraph(item.end);
        if (!start || !end)
          throw new GraphResponseError(
            call,
            `${where}.scheduleItems.${itemIndex}`,
            `a time Cadence cannot read: ${JSON.stringify(item.start)}`,
          );
        merged.busy.push({ status, start, end });
      });
    });
  });
  return requests.map((request) =>
    request.mailboxes.map((mailbox) => {
      const merged = found.get(`${windowKey(request)}|${mailbox.toLowerCase()}`);
      if (!merged)
        return {
          mailbox,
          busy: [],
          workingHours: null,
          problem: 'Outlook returned no schedule for this mailbox',
        };
      return { ...merged, mailbox, busy: distinct(merged.busy) };
    }),
  );
}

/** Sorted by start; an event across a piece boundary comes back in both pieces, so exact repeats go. */
function distinct(spans: BusySpan[]): BusySpan[] {
  const seen = new Set<string>();
  return spans
    .filter((span) => {
      const key = `${span.start}|${span.end}|${span.status}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.end < b.end ? -1 : 1));
}
