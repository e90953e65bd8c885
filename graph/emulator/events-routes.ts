/**
 * Calendar endpoints of one mailbox: events (create, list with the one
 * extended-property $filter Cadence uses, get, update, delete), a series'
 * instances, calendarView and its delta, and getSchedule.
 * https://learn.microsoft.com/graph/api/resources/event?view=graph-rest-1.0
 */
import type { CalendarStore } from './calendar-store.ts';
import { bareOccurrence, type DeltaTracker } from './delta.ts';
import type { Directory } from './directory.ts';
import { GraphError } from './errors.ts';
import { eventJson, instanceJson, type OutputZone } from './event-json.ts';
import { getSchedule, type ScheduleRequest } from './free-busy.ts';
import { json, type GraphResponse } from './http-types.ts';
import { allowedProviders, calendarProviders } from './online-meeting.ts';
import { page } from './paging.ts';
import { dateTimeZoneToMs, parseInstant } from './time.ts';
import type { EventInput, User } from './types.ts';

export interface CalendarContext {
  store: CalendarStore;
  directory: Directory;
  delta: DeltaTracker;
  out: OutputZone;
  base: string;
  inScope: (upn: string) => boolean;
  prefer: string;
}

// The only $filter form Cadence needs: https://learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get?view=graph-rest-1.0
const EXT_FILTER =
  /^singleValueExtendedProperties\/any\(\s*(\w+)\s*:\s*\1\/id\s+eq\s+'((?:[^']|'')*)'\s+and\s+\1\/value\s+eq\s+'((?:[^']|'')*)'\s*\)$/i;

function body<T>(b: unknown): T {
  if (!b || typeof b !== 'object')
    throw new GraphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  return b as T;
}

export function calendarRoute(
  ctx: CalendarContext,
  user: User,
  method: string,
  rest: string[],
  q: URLSearchParams,
  reqBody: unknown,
): GraphResponse {
  const { store, out, base } = ctx;
  const organizer = { name: user.displayName, address: user.mail };
  const self = `${base}/users/${user.id}`;
  const [a, b, c, d] = rest[0] === 'calendar' && rest[1] !== 'getSchedule' ? rest.slice(1) : rest;

  // The mailbox's default calendar itself (https://learn.microsoft.com/graph/api/calendar-get): what `cadence doctor` reads to test access.
  if (rest.length === 1 && rest[0] === 'calendar' && method === 'GET') {
    return json(200, {
      '@odata.context': `${base}/$metadata#users('${user.id}')/calendar/$entity`,
      id: `calendar-${user.id}`,
      name: 'Calendar',
      isDefaultCalendar: true,
      canEdit: true,
      canShare: true,
      canViewPrivateItems: true,
      owner: { name: user.displayName, address: user.mail },
      ...calendarProviders(user),
    });
  }

  if (a === 'calendar' && b === 'getSchedule' && method === 'POST') {
    return json(200, {
      '@odata.context': `${base}/$metadata#Collection(microsoft.graph.scheduleInformation)`,
      ...getSchedule(body<ScheduleRequest>(reqBody), ctx),
    });
  }
  if (a === 'events' && !b) {
    if (method === 'POST') {
      const { event } = store.create(user.id, body<EventInput>(reqBody), allowedProviders(user));
      return json(201, {
        '@odata.context': `${base}/$metadata#users('${user.id}')/events/$entity`,
        ...eventJson(event, out, organizer),
      });
    }
    if (method === 'GET') {
      const filter = q.get('$filter');
      const m = filter ? EXT_FILTER.exec(filter.trim()) : null;
      if (filter && !m)
        throw new GraphError(
          400,
          'ErrorInvalidUrlQueryFilter',
          'The emulator supports only the singleValueExtendedProperties/any(...) filter.',
        );
      const [id, value] = [m?.[2]?.replaceAll("''", "'"), m?.[3]?.replaceAll("''", "'")];
      const withProps = /singleValueExtendedProperties/i.test(q.get('$expand') ?? '');
      const events = store
        .events(user.id)
        .filter(
          (e) =>
            !m ||
            (e.input.singleValueExtendedProperties ?? []).some(
              (p) => p.id.toLowerCase() === id?.toLowerCase() && p.value === value,
            ),
        )
        .sort((x, y) => x.startMs - y.startMs || x.id.localeCompare(y.id))
        .map((e) => eventJson(e, out, organizer, withProps));
      return json(200, {
        '@odata.context': `${base}/$metadata#users('${user.id}')/events`,
        ...page(events, q, `${self}/events`),
      });
    }
  }
  if (a === 'events' && b && !c) {
    if (method === 'GET') {
      const { event, originalDate } = store.find(user.id, b);
      const withProps = /singleValueExtendedProperties/i.test(q.get('$expand') ?? '');
      return json(
        200,
        originalDate
          ? instanceJson(store.instanceAt(event, originalDate), out, organizer)
          : eventJson(event, out, organizer, withProps),
      );
    }
    if (method === 'PATCH') {
      const patch = body<Partial<EventInput>>(reqBody);
      const { event, originalDate } = store.find(user.id, b);
      if (!originalDate)
        return json(200, eventJson(store.update(user.id, b, patch), out, organizer));
      const current = store.instanceAt(event, originalDate);
      const startMs = patch.start ? dateTimeZoneToMs(patch.start, 'start') : current.startMs;
      const endMs = patch.end
        ? dateTimeZoneToMs(patch.end, 'end')
        : patch.start
          ? startMs + (current.endMs - current.startMs)
          : current.endMs;
      return json(
        200,
        instanceJson(store.moveOccurrence(user.id, b, startMs, endMs), out, organizer),
      );
    }
    if (method === 'DELETE') {
      store.delete(user.id, b);
      return { status: 204, headers: {} };
    }
  }
  if (a === 'events' && b && c === 'instances' && !d && method === 'GET') {
    const { event, originalDate } = store.find(user.id, b);
    if (originalDate || !event.input.recurrence)
      throw new GraphError(
        400,
        'ErrorInvalidRequest',
        'instances is only valid on a series master.',
      );
    const items = store
      .instances(
        event,
        parseInstant(q.get('startDateTime'), 'startDateTime'),
        parseInstant(q.get('endDateTime'), 'endDateTime'),
      )
      .map((i) => instanceJson(i, out, organizer));
    return json(200, {
      '@odata.context': `${base}/$metadata#users('${user.id}')/events('${event.id}')/instances`,
      ...page(items, q, `${self}/events/${event.id}/instances`),
    });
  }
  if (a === 'calendarView' && !b && method === 'GET') {
    const items = store
      .calendarView(
        user.id,
        parseInstant(q.get('startDateTime'), 'startDateTime'),
        parseInstant(q.get('endDateTime'), 'endDateTime'),
      )
      .map((i) => instanceJson(i, out, organizer));
    return json(200, {
      '@odata.context': `${base}/$metadata#users('${user.id}')/calendarView`,
      ...page(items, q, `${self}/calendarView`),
    });
  }
  if (a === 'calendarView' && b === 'delta' && !c && method === 'GET') {
    const maxPage = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(ctx.prefer)?.[1];
    const fresh = !q.get('$deltatoken') && !q.get('$skiptoken');
    const res = ctx.delta.page(
      user.id,
      {
        fromMs: fresh ? parseInstant(q.get('startDateTime'), 'startDateTime') : undefined,
        toMs: fresh ? parseInstant(q.get('endDateTime'), 'endDateTime') : undefined,
        deltaToken: q.get('$deltatoken') ?? undefined,
        skipToken: q.get('$skiptoken') ?? undefined,
        pageSize: maxPage ? Number(maxPage) : undefined,
      },
      (i) => bareOccurrence(instanceJson(i, out, organizer)),
      (fromMs, toMs) =>
        `${self}/calendarView/delta?startDateTime=${new Date(fromMs).toISOString()}&endDateTime=${new Date(toMs).toISOString()}&$deltatoken=`,
    );
    const link = `${self}/calendarView/delta`;
    return json(200, {
      '@odata.context': `${base}/$metadata#Collection(event)`,
      value: res.items,
      ...(res.next ? { '@odata.nextLink': `${link}?$skiptoken=${res.next.skiptoken}` } : {}),
      ...(res.delta ? { '@odata.deltaLink': `${link}?$deltatoken=${res.delta.deltatoken}` } : {}),
    });
  }
  throw new GraphError(
    400,
    'BadRequest',
    `Resource not found for the segment '${rest.join('/')}' with ${method}.`,
  );
}
