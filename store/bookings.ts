/**
 * Booking's memory: who can be booked, the series Cadence intends or has
 * created, and each session's place in its series. Intents are written before
 * any call to Outlook; every step after is recorded as it lands, so a rerun
 * picks up where a crash left off.
 */
import type {
  BookableRelationship,
  BookingFilter,
  OpenSeries,
  SeriesIntent,
} from '../supervision/index.ts';
import type { Sql } from './database.ts';
import { sessionOrganiserId } from './organiser-sql.ts';

const LONDON_DATE = (column: string) => `(${column} AT TIME ZONE 'Europe/London')::date`;

/** Current relationships matching `filter`, one row per supervision type. */
export async function listBookable(
  sql: Sql,
  filter: BookingFilter,
  now: Date,
): Promise<BookableRelationship[]> {
  if ('groupId' in filter) return [];
  const where =
    'relationshipId' in filter
      ? 'r.id = $2'
      : 'supervisorUpn' in filter
        ? 'lower(sup.upn) = lower($2)'
        : `r.booking_mode = 'automatic' AND $2::text IS NULL`;
  const value =
    'relationshipId' in filter
      ? filter.relationshipId
      : 'supervisorUpn' in filter
        ? filter.supervisorUpn
        : null;
  const rows = await sql.query<
    Omit<BookableRelationship, 'alternate'> & {
      relationshipId: string;
      supervisorId: string;
      lastOrganiserId: string | null;
      alternate: { id: string; upn: string; name: string } | null;
    }
  >(
    `SELECT r.id AS "relationshipId", t.type, sup.id AS "supervisorId", ts.supervisor_id IS NOT NULL AS "typeSupervisor", sup.upn AS "supervisorUpn", sup.name AS "supervisorName",
            p.upn AS "superviseeUpn", p.name AS "superviseeName", p.role, p.policy,
            p.started_on AS "startedOn", p.approved_on AS "approvedOn",
            r.agreed_periods AS "agreedPeriods", r.agreed_frequency AS "agreedFrequency", r.venue,
            r.separate_sessions AS "separateSessions",
            (SELECT max(${LONDON_DATE('s.starts_at')}) FROM sessions s JOIN relationships hr ON hr.id = s.relationship_id
              WHERE hr.supervisee_id = p.id AND (s.type = t.type OR t.type = ANY(s.also_types)) AND s.status = 'held') AS "lastHeldOn",
            (SELECT max(${LONDON_DATE('s.starts_at')}) FROM sessions s
              WHERE s.relationship_id = r.id AND (s.type = t.type OR t.type = ANY(s.also_types)) AND s.status IN ('planned', 'booked') AND s.starts_at >= $1) AS "lastBookedOn",
            CASE WHEN t.type = ANY(r.alternate_types) THEN
              (SELECT json_build_object('id', a.id, 'upn', a.upn, 'name', a.name) FROM people a WHERE a.id = r.alternate_id) END AS alternate,
            (SELECT ${sessionOrganiserId('s', 'hr')} FROM sessions s JOIN relationships hr ON hr.id = s.relationship_id
              WHERE hr.supervisee_id = p.id AND (s.type = t.type OR t.type = ANY(s.also_types)) AND s.status IN ('held', 'planned', 'booked')
              ORDER BY s.starts_at DESC LIMIT 1) AS "lastOrganiserId"
       FROM relationships r
       JOIN people p ON p.id = r.supervisee_id
       CROSS JOIN LATERAL unnest(r.types) AS t(type)
       -- A type with a supervisor of its own is theirs to hold, book and record (docs/roster.md#a-supervisor-per-type).
       LEFT JOIN relationship_type_supervisors ts ON ts.relationship_id = r.id AND ts.type = t.type
       JOIN people sup ON sup.id = coalesce(ts.supervisor_id, r.supervisor_id)
      WHERE r.to_on IS NULL AND ${where}
        -- A type the supervisee has in a group is booked once for the whole group (docs/roster.md#groups).
        AND NOT EXISTS (SELECT 1 FROM supervision_group_members gm JOIN supervision_groups g ON g.id = gm.group_id
                         WHERE gm.person_id = p.id AND g.type = t.type)
      ORDER BY r.id, t.type`,
    [now, value],
  );
  return rows.map((row) => ({
    ...row,
    relationshipId: Number(row.relationshipId),
    supervisorId: Number(row.supervisorId),
    lastOrganiserId: row.lastOrganiserId === null ? null : Number(row.lastOrganiserId),
    alternate: row.alternate && { ...row.alternate, id: Number(row.alternate.id) },
  }));
}

/** Writes a series intent and its sessions; a second write of the same key changes nothing. */
export async function insertSeriesIntent(sql: Sql, intent: SeriesIntent): Promise<void> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO booking_series (relationship_id, type, series_key, every_weeks, weekday, start_time, duration_minutes, first_on, last_on, status, create_request, group_id, also_types, organiser_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'intended', $10, $11, $12, $13)
     ON CONFLICT (series_key) DO NOTHING RETURNING id`,
    [
      intent.relationshipId,
      intent.type,
      intent.seriesKey,
      intent.everyWeeks,
      intent.weekday,
      intent.startTime,
      intent.durationMinutes,
      intent.firstOn,
      intent.lastOn,
      JSON.stringify(intent.createRequest),
      intent.groupId,
      intent.alsoTypes,
      intent.organiserId ?? null,
    ],
  );
  if (!row) return;
  for (const session of intent.sessions) {
    await sql.query(
      `INSERT INTO sessions (relationship_id, type, status, due_on, starts_at, ends_at, booking_series_id, regular_on, move_reason, group_id, also_types, organiser_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        intent.relationshipId,
        intent.type,
        session.unplaceable ? 'cancelled' : 'planned',
        session.dueOn,
        session.startsAt,
        session.endsAt,
        Number(row.id),
        session.regularOn,
        session.unplaceable ? 'unplaceable' : session.moveReason,
        intent.groupId,
        intent.alsoTypes,
        intent.organiserId ?? null,
      ],
    );
  }
}

const SERIES_SESSIONS = `(SELECT coalesce(json_agg(json_build_object('id', s.id, 'regularOn', s.regular_on, 'startsAt', s.starts_at, 'endsAt', s.ends_at,
                      'status', s.status, 'calendarEventId', s.calendar_event_id, 'moveReason', s.move_reason) ORDER BY s.regular_on), '[]'::json)
               FROM sessions s WHERE s.booking_series_id = b.id)`;

/** Series not yet finished, with their sessions: what a (re)run must complete. */
export async function listOpenSeries(
  sql: Sql,
  relationshipIds: number[] | null,
): Promise<OpenSeries[]> {
  const rows = await sql.query<OpenSeries & { id: string; relationshipId: string }>(
    `SELECT b.id, b.relationship_id AS "relationshipId", NULL AS "groupId", NULL AS "groupName", b.type, b.also_types AS "alsoTypes", b.series_key AS "seriesKey", b.every_weeks AS "everyWeeks",
            b.weekday, b.start_time AS "startTime", b.duration_minutes AS "durationMinutes",
            b.first_on AS "firstOn", b.last_on AS "lastOn", b.calendar_series_id AS "calendarSeriesId", b.status,
            -- The organiser the series was created for (a cover's, for a session booked with the cover); the relationship's supervisor for intents saved without their request.
            coalesce(b.create_request #>> '{organizer,upn}', sup.upn) AS "supervisorUpn",
            coalesce(b.create_request #>> '{organizer,name}', sup.name) AS "supervisorName",
            p.upn AS "superviseeUpn", p.name AS "superviseeName",
            r.venue, b.create_request AS "createRequest",
            ${SERIES_SESSIONS} AS sessions
       FROM booking_series b
       JOIN relationships r ON r.id = b.relationship_id
       JOIN people sup ON sup.id = r.supervisor_id
       JOIN people p ON p.id = r.supervisee_id
      WHERE b.status <> 'done' AND ($1::bigint[] IS NULL OR b.relationship_id = ANY($1::bigint[]))
      ORDER BY b.id`,
    [relationshipIds],
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    relationshipId: Number(row.relationshipId),
    sessions: row.sessions.map((s) => ({ ...s, id: Number(s.id) })),
  }));
}

/**
 * A group's series not yet finished. Who organises and who is invited come
 * from the create request saved with the intent (series-request.ts): a group
 * intent always has one.
 */
export async function listOpenGroupSeries(sql: Sql, groupIds: number[]): Promise<OpenSeries[]> {
  const rows = await sql.query<OpenSeries & { id: string; groupId: string }>(
    `SELECT b.id, NULL AS "relationshipId", b.group_id AS "groupId", g.name AS "groupName", b.type, b.also_types AS "alsoTypes",
            b.series_key AS "seriesKey", b.every_weeks AS "everyWeeks",
            b.weekday, b.start_time AS "startTime", b.duration_minutes AS "durationMinutes",
            b.first_on AS "firstOn", b.last_on AS "lastOn", b.calendar_series_id AS "calendarSeriesId", b.status,
            b.create_request #>> '{organizer,upn}' AS "supervisorUpn", b.create_request #>> '{organizer,name}' AS "supervisorName",
            b.create_request #>> '{attendee,upn}' AS "superviseeUpn", b.create_request #>> '{attendee,name}' AS "superviseeName",
            CASE WHEN (b.create_request ->> 'teamsMeeting')::boolean THEN 'teams' ELSE 'in-person' END AS venue,
            b.create_request AS "createRequest",
            ${SERIES_SESSIONS} AS sessions
       FROM booking_series b
       JOIN supervision_groups g ON g.id = b.group_id
      WHERE b.status <> 'done' AND b.group_id = ANY($1::bigint[])
      ORDER BY b.id`,
    [groupIds],
  );
  return rows.map((row) => ({
    ...row,
    id: Number(row.id),
    groupId: Number(row.groupId),
    sessions: row.sessions.map((s) => ({ ...s, id: Number(s.id) })),
  }));
}

export async function markSeriesCreated(
  sql: Sql,
  seriesId: number,
  calendarSeriesId: string,
): Promise<void> {
  await sql.query(
    `UPDATE booking_series SET calendar_series_id = $2, status = 'created', updated_at = now() WHERE id = $1`,
    [seriesId, calendarSeriesId],
  );
}

export async function attachOccurrence(
  sql: Sql,
  sessionId: number,
  calendarEventId: string,
  calendarSeriesId: string,
): Promise<void> {
  await sql.query('UPDATE sessions SET calendar_event_id = $2, series_id = $3 WHERE id = $1', [
    sessionId,
    calendarEventId,
    calendarSeriesId,
  ]);
}

export async function markSessionsBooked(sql: Sql, sessionIds: number[]): Promise<void> {
  await sql.query(
    `UPDATE sessions SET status = 'booked' WHERE id = ANY($1::bigint[]) AND status = 'planned'`,
    [sessionIds],
  );
}

export async function markSeriesDone(sql: Sql, seriesId: number): Promise<void> {
  await sql.query(`UPDATE booking_series SET status = 'done', updated_at = now() WHERE id = $1`, [
    seriesId,
  ]);
}
