/** The `AssistantStore` port of `supervision/` over SQL (the Teams bot's reads and few writes). */
import type { AssistantStore } from '../supervision/index.ts';
import { addAgendaItem, listAgendaItems } from './agenda.ts';
import {
  actorByAadObjectId,
  actorById,
  awaitingRecord,
  currentSupervisees,
  personById,
  personByUpn,
  searchPeople,
  previousActions,
  recordOf,
  relationshipById,
  sessionById,
  setActionsDone,
  upcomingSessions,
} from './assistant-queries.ts';
import { writeAudit } from './audit.ts';
import { claimNonce, releaseNonce } from './card-actions.ts';
import { listWithoutApp } from './conversations.ts';
import type { Sql } from './database.ts';
import { outboxStore } from './outbox.ts';
import { signOffOf } from './sign-offs.ts';
import { snooze, snoozedUntil } from './snoozes.ts';
import { listOpenCases } from './team-queries.ts';

export function assistantStore(sql: Sql): AssistantStore {
  return {
    actorByAadObjectId: (aad) => actorByAadObjectId(sql, aad),
    actorById: (id) => actorById(sql, id),
    upcomingSessions: (personId, from, to) => upcomingSessions(sql, personId, from, to),
    awaitingRecord: (supervisorId, now) => awaitingRecord(sql, supervisorId, now),
    sessionById: (sessionId) => sessionById(sql, sessionId),
    currentSupervisees: (supervisorId, now) => currentSupervisees(sql, supervisorId, now),
    relationshipById: (relationshipId) => relationshipById(sql, relationshipId),
    previousActions: (sessionId) => previousActions(sql, sessionId),
    setActionsDone: (changes, on) => setActionsDone(sql, changes, on),
    personByUpn: (upn) => personByUpn(sql, upn),
    searchPeople: (text, limit, skip) => searchPeople(sql, text, limit, skip),
    personById: (id) => personById(sql, id),
    managerOf: async (personId) => {
      const [row] = await sql.query<{ id: string; upn: string; name: string }>(
        'SELECT m.id, m.upn, m.name FROM people p JOIN people m ON m.id = p.manager_id WHERE p.id = $1',
        [personId],
      );
      return row ? { ...row, id: Number(row.id) } : null;
    },
    recordOf: (sessionId) => recordOf(sql, sessionId),
    openCasesOf: (workerId) => listOpenCases(sql, [workerId]),
    signOffOf: (sessionId) => signOffOf(sql, sessionId, false),
    agendaOf: async (sessionId) => (await listAgendaItems(sql, sessionId)).map((i) => i.text),
    addAgendaItem: async (sessionId, authorId, text) => {
      await addAgendaItem(sql, { sessionId, authorId, text });
    },
    claimNonce: (nonce, verb, actorId) => claimNonce(sql, nonce, verb, actorId),
    releaseNonce: (nonce) => releaseNonce(sql, nonce),
    snooze: (personId, subject, until) => snooze(sql, personId, subject, until),
    listWithoutApp: () => listWithoutApp(sql),
    enqueue: (messages) => outboxStore(sql).enqueue(messages),
    audit: (entry) => writeAudit(sql, entry),
    snoozedUntil: (personId, subject, now) => snoozedUntil(sql, personId, subject, now),
  };
}
