/**
 * What the prompt scan reads (the `PromptReader` port of `supervision/`):
 * booked sessions in two time windows (starting soon; ended lately and not
 * recorded), everyone with someone below them, everyone with a current
 * supervisor, and the snoozes in force. Set-based queries; the session scans
 * are bounded by time and use the partial index on booked sessions' start
 * (migration 007), so a council of 10,000 people and 400,000 sessions reads
 * only the few thousand sessions near today.
 */
import type {
  GroupPromptMeeting,
  PromptMember,
  PromptReader,
  PromptSession,
  Recipient,
  Snooze,
} from '../supervision/index.ts';
import type { Sql } from './database.ts';
import { groupOrganiserId } from './group-sql.ts';
import {
  MEMBER_GROUPS,
  MEMBER_SUPERVISION,
  listAwaitingSignOff,
  summariseSessions,
} from './team-queries.ts';
import { escalationManagerId, sessionSupervisorId } from './organiser-sql.ts';

interface RawSession {
  sessionId: string;
  type: string;
  startsAt: Date;
  endsAt: Date;
  policy: string;
  superviseeId: string;
  superviseeUsesTeams: boolean;
  supervisorId: string;
  supervisorUsesTeams: boolean;
  managerId: string | null;
  managerUsesTeams: boolean | null;
}

const SESSION_COLUMNS = `
  s.id AS "sessionId", s.type, s.starts_at AS "startsAt", s.ends_at AS "endsAt", ee.policy,
  ee.id AS "superviseeId", ee.uses_teams AS "superviseeUsesTeams",
  sr.id AS "supervisorId", sr.uses_teams AS "supervisorUsesTeams",
  m.id AS "managerId", m.uses_teams AS "managerUsesTeams"
  FROM sessions s
  JOIN relationships r ON r.id = s.relationship_id
  JOIN people ee ON ee.id = r.supervisee_id
  JOIN people sr ON sr.id = ${sessionSupervisorId('s', 'r')}
  LEFT JOIN people m ON m.id = ${escalationManagerId('sr', 's')}`;

function toSession(row: RawSession): PromptSession {
  return {
    sessionId: Number(row.sessionId),
    type: row.type,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    policy: row.policy,
    supervisee: { id: Number(row.superviseeId), usesTeams: row.superviseeUsesTeams },
    supervisor: { id: Number(row.supervisorId), usesTeams: row.supervisorUsesTeams },
    supervisorManager:
      row.managerId === null
        ? null
        : { id: Number(row.managerId), usesTeams: row.managerUsesTeams === true },
  };
}

/** Booked sessions starting after `now` and before `before`. */
export async function listUpcomingSessions(
  sql: Sql,
  now: Date,
  before: Date,
): Promise<PromptSession[]> {
  const rows = await sql.query<RawSession>(
    `SELECT ${SESSION_COLUMNS}
      WHERE s.status = 'booked' AND s.starts_at > $1 AND s.starts_at < $2
      ORDER BY s.starts_at, s.id`,
    [now, before],
  );
  return rows.map(toSession);
}

/** Booked sessions that started on or after `since` and ended by `now`: ended and not recorded. */
export async function listEndedSessions(
  sql: Sql,
  since: Date,
  now: Date,
): Promise<PromptSession[]> {
  const rows = await sql.query<RawSession>(
    `SELECT ${SESSION_COLUMNS}
      WHERE s.status = 'booked' AND s.starts_at >= $1 AND s.starts_at <= $2 AND s.ends_at <= $2
      ORDER BY s.starts_at, s.id`,
    [since, now],
  );
  return rows.map(toSession);
}

/** Everyone with a direct report or a current supervisee. */
export async function listLeaders(sql: Sql): Promise<Recipient[]> {
  const rows = await sql.query<{ id: string; usesTeams: boolean }>(
    `SELECT p.id, p.uses_teams AS "usesTeams"
       FROM people p
      WHERE EXISTS (SELECT 1 FROM people d WHERE d.manager_id = p.id)
         OR EXISTS (SELECT 1 FROM relationships r WHERE r.supervisor_id = p.id AND r.to_on IS NULL)
      ORDER BY p.id`,
  );
  return rows.map((row) => ({ id: Number(row.id), usesTeams: row.usesTeams }));
}

/**
 * Everyone with a current supervisor, as "who is overdue?" reads them, and who
 * their overdue notices go to on `on`: the supervisor, or whoever covers the
 * supervisor that day (the latest cover set, as for a session's record,
 * organiser-sql.ts) unless that is the person themselves.
 */
export async function listSupervised(sql: Sql, on: string): Promise<PromptMember[]> {
  const rows = await sql.query<
    Omit<PromptMember, 'supervisor'> & {
      id: string;
      supervisorId: string;
      supervisorUsesTeams: boolean;
    }
  >(
    `SELECT p.id, p.upn, p.name, p.role, p.policy, p.team, p.uses_teams AS "usesTeams",
            told.id AS "supervisorId", told.uses_teams AS "supervisorUsesTeams", ${MEMBER_SUPERVISION},
            ${MEMBER_GROUPS}
       FROM relationships r
       JOIN people p ON p.id = r.supervisee_id
       JOIN people s ON s.id = r.supervisor_id
       JOIN people told ON told.id = coalesce(
              (SELECT cp.cover_id FROM cover_periods cp
                WHERE cp.supervisor_id = r.supervisor_id AND $1::date BETWEEN cp.from_on AND cp.to_on
                  AND cp.cover_id <> p.id
                ORDER BY cp.id DESC LIMIT 1),
              r.supervisor_id)
      WHERE r.to_on IS NULL
      ORDER BY p.id`,
    [on],
  );
  return rows.map(({ supervisorId, supervisorUsesTeams, ...row }) => ({
    ...row,
    id: Number(row.id),
    supervisor: { id: Number(supervisorId), usesTeams: supervisorUsesTeams },
  }));
}

/** Booked group meetings that started on or after `since` and ended by `now`, with who records each. */
async function listEndedGroupMeetings(
  sql: Sql,
  since: Date,
  now: Date,
): Promise<GroupPromptMeeting[]> {
  const rows = await sql.query<{
    sessionId: string;
    startsAt: Date;
    endsAt: Date;
    organiserId: string | null;
    usesTeams: boolean | null;
    policy: string;
    managerId: string | null;
    managerUsesTeams: boolean | null;
  }>(
    `SELECT s.id AS "sessionId", s.starts_at AS "startsAt", s.ends_at AS "endsAt", o.id AS "organiserId", o.uses_teams AS "usesTeams",
            o.policy, m.id AS "managerId", m.uses_teams AS "managerUsesTeams"
       FROM sessions s
       JOIN supervision_groups g ON g.id = s.group_id
       LEFT JOIN people o ON o.id = ${groupOrganiserId('g')}
       LEFT JOIN people m ON m.id = ${escalationManagerId('o', 's')}
      WHERE s.group_id IS NOT NULL AND s.status = 'booked' AND s.starts_at >= $1 AND s.ends_at <= $2`,
    [since, now],
  );
  return rows.flatMap((row) =>
    row.organiserId === null
      ? []
      : [
          {
            sessionId: Number(row.sessionId),
            startsAt: new Date(row.startsAt),
            endsAt: new Date(row.endsAt),
            organiser: { id: Number(row.organiserId), usesTeams: row.usesTeams === true },
            policy: row.policy,
            organiserManager:
              row.managerId === null
                ? null
                : { id: Number(row.managerId), usesTeams: row.managerUsesTeams === true },
          },
        ],
  );
}

/** Snoozes still in force at `now`. */
export async function listSnoozes(sql: Sql, now: Date): Promise<Snooze[]> {
  const rows = await sql.query<{ personId: string; subject: string; untilAt: Date }>(
    'SELECT person_id AS "personId", subject, until_at AS "untilAt" FROM snoozes WHERE until_at > $1',
    [now],
  );
  return rows.map((row) => ({ ...row, personId: Number(row.personId) }));
}

/** The `PromptReader` port of `supervision/` over SQL. */
export function promptReader(sql: Sql): PromptReader {
  return {
    listUpcomingSessions: (now: Date, before: Date) => listUpcomingSessions(sql, now, before),
    listEndedSessions: (since: Date, now: Date) => listEndedSessions(sql, since, now),
    listEndedGroupMeetings: (since: Date, now: Date) => listEndedGroupMeetings(sql, since, now),
    listLeaders: () => listLeaders(sql),
    listSupervised: (on) => listSupervised(sql, on),
    summariseSessions: (personIds: number[], now: Date) => summariseSessions(sql, personIds, now),
    listAwaitingSignOff: (personIds: number[]) => listAwaitingSignOff(sql, personIds),
    listSnoozes: (now: Date) => listSnoozes(sql, now),
  };
}
