/** Group meetings as the Teams bot reads them: to list those waiting for a record, and to build a meeting's record card. */
import type { GroupMeetingReader, GroupMeetingRow } from '../supervision/index.ts';
import type { Sql } from './database.ts';
import { groupMembersJson } from './group-sql.ts';

const MEETING = `
  SELECT s.id AS "sessionId", g.id AS "groupId", g.name AS "groupName", s.type, s.status,
         s.starts_at AS "startsAt", s.ends_at AS "endsAt", g.facilitator_id AS "facilitatorId",
         ${groupMembersJson('g')} AS members,
         ARRAY(SELECT a.person_id FROM session_attendance a WHERE a.session_id = s.id AND a.attended) AS "attendedIds"
    FROM sessions s
    JOIN supervision_groups g ON g.id = s.group_id`;

type RawMeeting = Omit<
  GroupMeetingRow,
  'sessionId' | 'groupId' | 'facilitatorId' | 'members' | 'attendedIds'
> & {
  sessionId: string;
  groupId: string;
  facilitatorId: string | null;
  members: { id: string; upn: string; name: string }[] | null;
  attendedIds: (string | number)[];
};

function meetingOf(row: RawMeeting): GroupMeetingRow {
  return {
    ...row,
    sessionId: Number(row.sessionId),
    groupId: Number(row.groupId),
    facilitatorId: row.facilitatorId === null ? null : Number(row.facilitatorId),
    startsAt: row.startsAt && new Date(row.startsAt),
    endsAt: row.endsAt && new Date(row.endsAt),
    members: (row.members ?? []).map((m) => ({ ...m, id: Number(m.id) })),
    attendedIds: row.attendedIds.map(Number),
  };
}

/** One group meeting; with `lock`, its row is locked until the transaction ends (recording it). */
export async function groupMeeting(
  sql: Sql,
  sessionId: number,
  lock = false,
): Promise<GroupMeetingRow | null> {
  const [row] = await sql.query<RawMeeting>(
    `${MEETING} WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`,
    [sessionId],
  );
  return row ? meetingOf(row) : null;
}

export function groupMeetingReader(sql: Sql): GroupMeetingReader {
  return {
    async groupMeetingsAwaitingRecord(personId, now) {
      const rows = await sql.query<RawMeeting>(
        `${MEETING}
          WHERE s.status IN ('planned', 'booked') AND s.ends_at < $2
            AND (g.facilitator_id = $1 OR (g.facilitator_id IS NULL AND EXISTS (
                  SELECT 1 FROM supervision_group_members m WHERE m.group_id = g.id AND m.person_id = $1)))
          ORDER BY s.starts_at`,
        [personId, now],
      );
      return rows.map(meetingOf);
    },
    async upcomingGroupMeetings(personId, now, to) {
      const rows = await sql.query<RawMeeting>(
        `${MEETING}
          WHERE s.status = 'booked' AND s.starts_at > $2 AND s.starts_at < $3
            AND (g.facilitator_id = $1 OR EXISTS (
                  SELECT 1 FROM supervision_group_members m WHERE m.group_id = g.id AND m.person_id = $1))
          ORDER BY s.starts_at`,
        [personId, now, to],
      );
      return rows.map(meetingOf);
    },
    groupMeeting: (sessionId) => groupMeeting(sql, sessionId),
  };
}
