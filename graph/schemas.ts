/**
 * The shapes Cadence reads from Graph, checked at the boundary with zod: a
 * body that does not fit is refused with the path of what failed, never
 * passed on half-read. Only the fields Cadence uses are declared; Graph sends
 * more, and extra fields are ignored.
 * Shapes: https://learn.microsoft.com/graph/api/resources/event,
 * https://learn.microsoft.com/graph/api/resources/scheduleinformation,
 * https://learn.microsoft.com/graph/api/resources/user
 */
import { z } from 'zod';
import { isoDateSchema } from '../rules/index.ts';
import type { GraphCall } from './batch.ts';
import { GraphResponseError } from './errors.ts';

export const graphDateTime = z.object({ dateTime: z.string(), timeZone: z.string().nullish() });

/** When a custom zone changes clock (https://learn.microsoft.com/graph/api/resources/standardtimezoneoffset). */
const zoneTransition = z.object({
  time: z.string().nullish(),
  dayOccurrence: z.number().nullish(),
  dayOfWeek: z.string().nullish(),
  month: z.number().nullish(),
});

export const scheduleInformation = z.object({
  scheduleId: z.string(),
  scheduleItems: z
    .array(z.object({ status: z.string(), start: graphDateTime, end: graphDateTime }))
    .nullish(),
  workingHours: z
    .object({
      daysOfWeek: z.array(z.string()),
      startTime: z.string(),
      endTime: z.string(),
      // A Windows or IANA name, or a customTimeZone (https://learn.microsoft.com/graph/api/resources/customtimezone).
      timeZone: z
        .object({
          name: z.string().nullish(),
          bias: z.number().nullish(),
          standardOffset: zoneTransition.nullish(),
          daylightOffset: zoneTransition.extend({ daylightBias: z.number().nullish() }).nullish(),
        })
        .nullish(),
    })
    .nullish(),
  /** Set instead of items when Graph could not read this schedule (unknown mailbox, no permission). */
  error: z.object({ message: z.string().nullish(), responseCode: z.string().nullish() }).nullish(),
});

export const scheduleAnswer = z.object({ value: z.array(scheduleInformation) });

export const eventType = z.enum(['singleInstance', 'occurrence', 'exception', 'seriesMaster']);

export const event = z.object({
  id: z.string(),
  type: eventType.nullish(),
  seriesMasterId: z.string().nullish(),
  start: graphDateTime,
  end: graphDateTime,
  transactionId: z.string().nullish(),
  isCancelled: z.boolean().nullish(),
  recurrence: z.object({ range: z.object({ endDate: isoDateSchema.nullish() }) }).nullish(),
  onlineMeeting: z.object({ joinUrl: z.string().nullish() }).nullish(),
  attendees: z
    .array(
      z.object({
        emailAddress: z.object({ address: z.string() }),
        status: z.object({ response: z.string() }).nullish(),
      }),
    )
    .nullish(),
});

/** An event read with `$select=attendees`: Graph gives the id and the attendees, nothing else. */
export const responses = z.object({
  id: z.string(),
  attendees: z
    .array(
      z.object({
        emailAddress: z.object({ address: z.string() }),
        status: z.object({ response: z.string() }).nullish(),
      }),
    )
    .nullish(),
});

export const removed = z.object({
  id: z.string(),
  '@removed': z.object({ reason: z.string().nullish() }),
});

export const user = z.object({
  '@odata.type': z.string().optional(),
  id: z.string(),
  displayName: z.string().nullish(),
  userPrincipalName: z.string().nullish(),
  mail: z.string().nullish(),
  jobTitle: z.string().nullish(),
});

/** A page of a collection; the last page of a delta carries the deltaLink instead of a nextLink. */
export const page = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.deltaLink': z.string().optional(),
});

/** Parses (part of) a reply's body, or throws a GraphResponseError naming the request and the path inside the body (`where` prefixes it). */
export function parseGraph<S extends z.ZodType>(
  schema: S,
  value: unknown,
  call: GraphCall,
  where = '',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = [where, ...(issue?.path ?? []).map(String)].filter(Boolean).join('.');
  throw new GraphResponseError(
    { method: call.method, url: call.url, mailbox: call.mailbox },
    path,
    issue?.message ?? 'does not fit',
  );
}
