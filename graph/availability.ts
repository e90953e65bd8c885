/**
 * Free/busy through getSchedule, for many people at once.
 *
 * getSchedule takes at most 20 schedules per call and a window under 62 days
 * (https://learn.microsoft.com/graph/api/calendar-getschedule). Requests with
 * the same window are pooled, each person asked for once, then cut into calls
 * of 20 people by pieces of at most 61 days; the answers are merged back per
 * request. Booking 1,000 relationships over three months is so about 60 calls
 * per piece, three `$batch` round trips each, instead of 1,000 calls.
 */
import type { GraphCall, GraphReply } from './batch.ts';
import { GraphResponseError } from './errors.ts';
import { PREFER_LONDON, graphTime, londonFromGraph, splitWindow } from './london-time.ts';
import { parseGraph, scheduleAnswer } from './schemas.ts';
import type { AvailabilityRequest, BusySpan, BusyStatus, MailboxAvailability, Weekday, WorkingHours } from './types.ts';
import { userPath } from './urls.ts';

export const MAX_SCHEDULES_PER_CALL = 20;
/** Granularity of the availabilityView string, which Cadence does not read; the largest keeps the answer small. */
const VIEW_INTERVAL_MINUTES = 1440;

const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const BUSY: Record<string, BusyStatus> = { busy: 'busy', tentative: 'tentative', oof: 'oof', workingelsewhere: 'workingElsewhere', unknown: 'busy' };

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
    for (const mailbox of request.mailboxes) if (!pool.has(mailbox.toLowerCase())) pool.set(mailbox.toLowerCase(), mailbox);
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
          body: { schedules, startTime: graphTime(piece.from), endTime: graphTime(piece.to), availabilityViewInterval: VIEW_INTERVAL_MINUTES },
          mailbox: schedules[0]!,
        });
        plan.windows.push(key);
      }
    }
  }
  return plan;
}

/** Merges the calls' answers back into one availability per mailbox per request, in the order asked. */
export function mergeSchedules(requests: AvailabilityRequest[], plan: SchedulePlan, replies: GraphReply[]): MailboxAvailability[][] {
  const found = new Map<string, MailboxAvailability>();
  replies.forEach((reply, index) => {
    const call = plan.calls[index]!;
    const answer = parseGraph(scheduleAnswer, reply.body, call);
    answer.value.forEach((schedule, position) => {
      const where = `value.${position}`;
      const key = `${plan.windows[index]}|${schedule.scheduleId.toLowerCase()}`;
      const merged: MailboxAvailability = found.get(key) ?? { mailbox: schedule.scheduleId, busy: [], workingHours: null };
      found.set(key, merged);
      if (schedule.error) {
        merged.problem = schedule.error.message ?? schedule.error.responseCode ?? 'Outlook gave no free/busy';
        return;
      }
      merged.workingHours ??= schedule.workingHours ? workingHours(schedule.workingHours) : null;
      (schedule.scheduleItems ?? []).forEach((item, itemIndex) => {
        const status = BUSY[item.status.toLowerCase()];
        if (!status) return;
        const start = londonFromGraph(item.start);
        const end = londonFromGraph(item.end);
        if (!start || !end) throw new GraphResponseError(call, `${where}.scheduleItems.${itemIndex}`, `a time Cadence cannot read: ${JSON.stringify(item.start)}`);
        merged.busy.push({ status, start, end });
      });
    });
  });
  return requests.map((request) =>
    request.mailboxes.map((mailbox) => {
      const merged = found.get(`${windowKey(request)}|${mailbox.toLowerCase()}`);
      if (!merged) return { mailbox, busy: [], workingHours: null, problem: 'Outlook returned no schedule for this mailbox' };
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

function workingHours(hours: { daysOfWeek: string[]; startTime: string; endTime: string; timeZone?: { name: string } | null | undefined }): WorkingHours {
  return {
    days: WEEKDAYS.filter((day) => hours.daysOfWeek.some((given) => given.toLowerCase() === day)),
    start: hours.startTime.slice(0, 5),
    end: hours.endTime.slice(0, 5),
    timeZone: hours.timeZone?.name ?? 'GMT Standard Time',
  };
}
