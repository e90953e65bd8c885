/** The `TeamReader` port of `supervision/` over SQL. */
import type { TeamReader } from '../supervision/index.ts';
import type { Sql } from './database.ts';
import {
  findPersonByUpn,
  listHeldSince,
  listRecordedSince,
  listSignOffsSince,
  listOpenCases,
  listSupervisedBy,
  listTeamBelow,
  listUnrecorded,
  listAwaitingSignOff,
  listObservationStreaks,
  summariseSessions,
} from './team-queries.ts';

export function teamReader(sql: Sql): TeamReader {
  return {
    findPersonByUpn: (upn) => findPersonByUpn(sql, upn),
    listTeamBelow: (managerId) => listTeamBelow(sql, managerId),
    listSupervisedBy: (supervisorId, on) => listSupervisedBy(sql, supervisorId, on),
    summariseSessions: (personIds, now) => summariseSessions(sql, personIds, now),
    listUnrecorded: (personIds, now) => listUnrecorded(sql, personIds, now),
    listAwaitingSignOff: (personIds) => listAwaitingSignOff(sql, personIds),
    listObservationStreaks: (personIds, types) => listObservationStreaks(sql, personIds, types),
    listOpenCases: (workerIds) => listOpenCases(sql, workerIds),
    listHeldSince: (personIds, from) => listHeldSince(sql, personIds, from),
    listRecordedSince: (personIds, from) => listRecordedSince(sql, personIds, from),
    listSignOffsSince: (personIds, from) => listSignOffsSince(sql, personIds, from),
  };
}
