/** The `LadderReader` port of `supervision/` over SQL: the prompt and team queries, line managers, and what the ladder has sent. */
import type { LadderReader, LadderTold, LineManager } from '../supervision/index.ts';
import type { Sql } from './database.ts';
import { listSnoozes, listSupervised } from './prompt-queries.ts';
import {
  listAwaitingSignOff,
  listObservationStreaks,
  listOpenCases,
  listUnrecorded,
  summariseSessions,
} from './team-queries.ts';

async function listLineManagers(sql: Sql): Promise<LineManager[]> {
  const rows = await sql.query<{ id: string; managerId: string | null; usesTeams: boolean | null }>(
    `SELECT p.id, m.id AS "managerId", m.uses_teams AS "usesTeams"
       FROM people p LEFT JOIN people m ON m.id = p.manager_id`,
  );
  return rows.map((row) => ({
    id: Number(row.id),
    manager:
      row.managerId === null
        ? null
        : { id: Number(row.managerId), usesTeams: row.usesTeams === true },
  }));
}

/** Ladder messages queued since `since` (by when they were due to go, which the clock set). */
async function listLadderTold(sql: Sql, since: Date): Promise<LadderTold[]> {
  const rows = await sql.query<{ recipientId: string; on: string; entries: string }>(
    `SELECT recipient_id AS "recipientId", payload->>'on' AS "on", payload->>'entries' AS entries
       FROM outbox WHERE kind = 'ladder' AND not_before >= $1`,
    [since],
  );
  return rows.map((row) => ({
    recipientId: Number(row.recipientId),
    on: row.on,
    keys: (JSON.parse(row.entries) as { key: string }[]).map((entry) => entry.key),
  }));
}

export function ladderReader(sql: Sql): LadderReader {
  return {
    listSupervised: (on) => listSupervised(sql, on),
    summariseSessions: (personIds, now) => summariseSessions(sql, personIds, now),
    listUnrecorded: (personIds, now) => listUnrecorded(sql, personIds, now),
    listOpenCases: (personIds) => listOpenCases(sql, personIds),
    listAwaitingSignOff: (personIds) => listAwaitingSignOff(sql, personIds),
    listObservationStreaks: (personIds, types) => listObservationStreaks(sql, personIds, types),
    listLineManagers: () => listLineManagers(sql),
    listSnoozes: (now) => listSnoozes(sql, now),
    listLadderTold: (since) => listLadderTold(sql, since),
  };
}
