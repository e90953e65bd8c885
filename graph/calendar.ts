/**
 * The calendar adapter: CalendarPort over Graph, every operation a list of
 * requests sent through batch.ts. Mapping between Graph's JSON and our types
 * happens here and in the small files it imports; nothing Graph-shaped leaves.
 */
import {
  createBatchSender,
  requireAll,
  type BatchOptions,
  type CallOutcome,
  type GraphCall,
  type SendCalls,
} from './batch.ts';
import type { GraphClient } from './client.ts';
import { GraphRequestError, GraphResponseError } from './errors.ts';
import { mergeSchedules, planScheduleCalls } from './availability.ts';
import {
  recurrenceJson,
  relationshipFilter,
  seriesEventJson,
  transactionIdFor,
} from './event-json.ts';
import { PREFER_LONDON, graphTime, instantOf, londonFromGraph } from './london-time.ts';
import { readCollections, readEachCollection } from './paging.ts';
import { event, parseGraph, removed } from './schemas.ts';
import { seriesResponses } from './series-responses.ts';
import type {
  CalendarChange,
  ChangesOutcome,
  CalendarPort,
  FoundEvent,
  LondonDateTime,
  Occurrence,
  Outcome,
  SyncFailure,
} from './types.ts';
import { query, relativeLink, segment, userPath } from './urls.ts';

const INSTANCE_FIELDS = 'id,type,seriesMasterId,start,end,isCancelled';
const FOUND_FIELDS = 'id,type,start,end,transactionId,recurrence,onlineMeeting';

export function createCalendarAdapter(
  client: GraphClient,
  options: BatchOptions = {},
): CalendarPort {
  const send = createBatchSender(client, options);

  return {
    async availability(requests) {
      const plan = planScheduleCalls(requests);
      return mergeSchedules(requests, plan, requireAll(await send(plan.calls)));
    },

    async createSeries(requests) {
      const calls = requests.map((request): GraphCall => ({
        method: 'POST',
        url: `${userPath(request.organizer.upn)}/events`,
        headers: { ...PREFER_LONDON },
        body: seriesEventJson(request),
        mailbox: request.organizer.upn,
      }));
      const outcomes = settle(calls, await send(calls), (reply, call, index) => {
        const created = parseGraph(event, reply.body, call);
        const request = requests[index]!;
        // Where the calendar does not allow Teams, Graph still answers 201, with no onlineMeeting (graph/emulator/online-meeting.ts).
        return {
          seriesId: created.id,
          transactionId:
            created.transactionId ?? transactionIdFor(request.organizer.upn, request.seriesKey),
          joinUrl: created.onlineMeeting?.joinUrl ?? null,
        };
      });
      return outcomes.map((outcome) =>
        outcome.ok || !(outcome.error instanceof GraphRequestError)
          ? outcome
          : { ...outcome, mayHaveLanded: mayHaveLanded(outcome.error) },
      );
    },

    async listInstances(requests) {
      const calls = requests.map((request): GraphCall => ({
        method: 'GET',
        url: `${userPath(request.organizer)}/events/${segment(request.seriesId)}/instances${query({ startDateTime: instantOf(request.from), endDateTime: instantOf(request.to), $select: INSTANCE_FIELDS })}`,
        headers: { ...PREFER_LONDON },
        mailbox: request.organizer,
      }));
      const collections = await readCollections(send, calls);
      return collections.map(({ call, items }, index) =>
        items.flatMap((item, position): Occurrence[] => {
          const where = `value.${position}`;
          const instance = parseGraph(event, item, call, where);
          if (
            instance.isCancelled ||
            (instance.type !== 'occurrence' && instance.type !== 'exception')
          )
            return [];
          return [
            {
              id: instance.id,
              seriesId: instance.seriesMasterId ?? requests[index]!.seriesId,
              type: instance.type,
              ...times(instance, call, where),
            },
          ];
        }),
      );
    },

    async moveOccurrences(moves) {
      const calls = moves.map((move): GraphCall => ({
        method: 'PATCH',
        url: `${userPath(move.organizer)}/events/${segment(move.occurrenceId)}`,
        headers: { ...PREFER_LONDON },
        body: { start: graphTime(move.start), end: graphTime(move.end) },
        mailbox: move.organizer,
      }));
      return settle(calls, await send(calls), () => undefined);
    },

    async cancelOccurrences(cancels) {
      const calls = cancels.map((cancel): GraphCall => ({
        method: 'DELETE',
        url: `${userPath(cancel.organizer)}/events/${segment(cancel.occurrenceId)}`,
        mailbox: cancel.organizer,
      }));
      // A DELETE re-sent after a lost answer finds the occurrence gone: that is the outcome asked for.
      const outcomes = (await send(calls)).map((outcome): CallOutcome =>
        !outcome.ok && outcome.error.status === 404
          ? { ok: true, reply: { status: 404, headers: {}, body: null } }
          : outcome,
      );
      return settle(calls, outcomes, () => undefined);
    },

    async extendSeries(extensions) {
      const calls = extensions.map((extension): GraphCall => ({
        method: 'PATCH',
        url: `${userPath(extension.organizer)}/events/${segment(extension.seriesId)}`,
        headers: { ...PREFER_LONDON },
        // Graph replaces the recurrence whole, so the pattern goes again with the later end date.
        body: {
          recurrence: recurrenceJson(extension.repeat, extension.firstDate, extension.until),
        },
        mailbox: extension.organizer,
      }));
      return settle(calls, await send(calls), () => undefined);
    },

    async findSeriesByRelationship(lookups) {
      const calls = lookups.map((lookup): GraphCall => ({
        method: 'GET',
        url: `${userPath(lookup.organizer)}/events${query({ $filter: relationshipFilter(lookup.relationshipTag), $select: FOUND_FIELDS })}`,
        headers: { ...PREFER_LONDON },
        mailbox: lookup.organizer,
      }));
      const collections = await readCollections(send, calls);
      return collections.map(({ call, items }) =>
        items.map((item, position): FoundEvent => {
          const where = `value.${position}`;
          const found = parseGraph(event, item, call, where);
          return {
            id: found.id,
            type: found.type ?? 'singleInstance',
            transactionId: found.transactionId ?? null,
            until: found.recurrence?.range.endDate ?? null,
            joinUrl: found.onlineMeeting?.joinUrl ?? null,
            ...times(found, call, where),
          };
        }),
      );
    },

    async changesSince(requests) {
      return changes(send, requests);
    },

    async seriesResponses(requests) {
      return seriesResponses(send, requests);
    },
  };
}

/**
 * Delta on calendarView: occurrences come expanded and bare (id, type,
 * seriesMasterId, start, end: microsoft-graph-docs-contrib issue 5602), and
 * removed ones as `@removed` (https://learn.microsoft.com/graph/api/event-delta).
 * Each mailbox is read on its own, so one that fails says why and stops only itself.
 */
async function changes(
  send: SendCalls,
  requests: Parameters<CalendarPort['changesSince']>[0],
): Promise<ChangesOutcome[]> {
  const calls = requests.map((request): GraphCall => ({
    method: 'GET',
    url:
      'deltaLink' in request
        ? relativeLink(request.deltaLink)
        : `${userPath(request.mailbox)}/calendarView/delta${query({ startDateTime: instantOf(request.from), endDateTime: instantOf(request.to) })}`,
    headers: { ...PREFER_LONDON },
    mailbox: request.mailbox,
  }));
  const outcomes = await readEachCollection(send, calls);
  return outcomes.map((outcome, index): ChangesOutcome => {
    if (!outcome.ok)
      return { ok: false, error: outcome.error, failure: syncFailure(outcome.error) };
    const { call, items, deltaLink } = outcome.value;
    try {
      if (!deltaLink)
        throw new GraphResponseError(
          call,
          '@odata.deltaLink',
          'the last page of a delta carries no deltaLink',
        );
      return {
        ok: true,
        value: {
          mailbox: requests[index]!.mailbox,
          nextDeltaLink: deltaLink,
          changes: items.map((item, position) => change(item, call, `value.${position}`)),
        },
      };
    } catch (error) {
      if (error instanceof GraphResponseError) return { ok: false, error, failure: 'failed' };
      throw error;
    }
  });
}

/**
 * An expired delta token is answered `410 Gone` (a synchronization reset) or
 * with a 4xx whose code is `syncStateNotFound`
 * (https://learn.microsoft.com/graph/delta-query-overview#synchronization-reset,
 * #token-duration; Graph has spelt the code with either case). A 403 is the
 * app refused the mailbox: outside the Exchange RBAC scope, or no permission
 * (https://learn.microsoft.com/graph/errors).
 */
function syncFailure(error: Error): SyncFailure {
  if (!(error instanceof GraphRequestError)) return 'failed';
  if (error.status === 410) return 'expired';
  if (
    error.status >= 400 &&
    error.status < 500 &&
    /^(syncStateNotFound|resyncRequired)$/i.test(error.code)
  )
    return 'expired';
  if (error.status === 403) return 'no-access';
  return 'failed';
}

function change(item: unknown, call: GraphCall, where: string): CalendarChange {
  const gone = removed.safeParse(item);
  if (gone.success) return { kind: 'removed', id: gone.data.id };
  const changed = parseGraph(event, item, call, where);
  return {
    kind: 'changed',
    id: changed.id,
    type: changed.type ?? 'singleInstance',
    seriesId: changed.seriesMasterId ?? null,
    ...times(changed, call, where),
  };
}

function times(
  value: {
    start: { dateTime: string; timeZone?: string | null };
    end: { dateTime: string; timeZone?: string | null };
  },
  call: GraphCall,
  where: string,
): { start: LondonDateTime; end: LondonDateTime } {
  const start = londonFromGraph(value.start);
  const end = londonFromGraph(value.end);
  if (!start)
    throw new GraphResponseError(
      call,
      `${where}.start`,
      `a time Cadence cannot read: ${JSON.stringify(value.start)}`,
    );
  if (!end)
    throw new GraphResponseError(
      call,
      `${where}.end`,
      `a time Cadence cannot read: ${JSON.stringify(value.end)}`,
    );
  return { start, end };
}

/**
 * Whether a create that failed may still be in Outlook: no answer (a network
 * failure or timeout, status 0), a 5xx that outlasted the retries (the server
 * may have made the event before failing), or a refusal because the
 * transactionId already made an event with another body: 400
 * ErrorDuplicateTransactionId (alcionai/corso issue 2490,
 * https://github.com/alcionai/corso/pull/2611).
 */
function mayHaveLanded(error: GraphRequestError): boolean {
  return error.status === 0 || error.status >= 500 || error.code === 'ErrorDuplicateTransactionId';
}

/** A write's outcomes as the port gives them; a success whose body does not fit becomes that request's failure. */
function settle<T>(
  calls: GraphCall[],
  outcomes: CallOutcome[],
  read: (reply: Extract<CallOutcome, { ok: true }>['reply'], call: GraphCall, index: number) => T,
): Outcome<T>[] {
  return outcomes.map((outcome, index) => {
    if (!outcome.ok) return { ok: false, error: outcome.error };
    try {
      return { ok: true, value: read(outcome.reply, calls[index]!, index) };
    } catch (error) {
      if (error instanceof GraphResponseError) return { ok: false, error };
      throw error;
    }
  });
}
