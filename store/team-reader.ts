/** The `TeamReader` port of `supervision/` over SQL. */
import type { Sql } from './database.ts';
import {
  findPersonByUpn,
  listHeldSince,
  listOpenCases,
  listTeamBelow,
  listUnrecorded,
  summariseSessions,
} from './team-queries.ts';

export function teamReader(sql: Sql) {
  return {
    findPersonByUpn: (upn: string) => findPersonByUpn(sql, upn),
    listTeamBelow: (managerId: number) => listTeamBelow(sql, managerId),
    summariseSessions: (personIds: number[], now: Date) => summariseSessions(sql, personIds, now),
    listUnrecorded: (personIds: number[], now: Date) => listUnrecorded(sql, personIds, now),
    listOpenCases: (workerIds: number[]) => listOpenCases(sql, workerIds),
    listHeldSince: (personIds: number[], from: string) => listHeldSince(sql, personIds, from),
  };
}
