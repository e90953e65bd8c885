/** The `AssistantStore` port of `supervision/` over SQL (the Teams bot's reads and few writes). */
import type { Sql } from './database.ts';
import {
  actorByAadObjectId,
  actorById,
  awaitingRecord,
  currentSupervisees,
  isInLineOf,
  managerOf,
  personById,
  personByUpn,
  previousActions,
  relationshipById,
  sessionById,
  setActionsDone,
  superviseesAsMembers,
  upcomingSessions,
} from './assistant-queries.ts';
import { listWithoutApp } from './conversations.ts';
import { outboxStore } from './outbox.ts';
import { listOpenCases } from './team-queries.ts';

export function assistantStore(sql: Sql) {
  return {
    actorByAadObjectId: (aad: string) => actorByAadObjectId(sql, aad),
    actorById: (id: number) => actorById(sql, id),
    upcomingSessions: (personId: number, from: Date, to: Date) =>
      upcomingSessions(sql, personId, from, to),
    awaitingRecord: (supervisorId: number, now: Date) => awaitingRecord(sql, supervisorId, now),
    sessionById: (sessionId: number) => sessionById(sql, sessionId),
    currentSupervisees: (supervisorId: number, now: Date) =>
      currentSupervisees(sql, supervisorId, now),
    relationshipById: (relationshipId: number) => relationshipById(sql, relationshipId),
    superviseesAsMembers: (supervisorId: number) => superviseesAsMembers(sql, supervisorId),
    previousActions: (sessionId: number) => previousActions(sql, sessionId),
    setActionsDone: (changes: readonly { actionId: number; done: boolean }[], on: string) =>
      setActionsDone(sql, changes, on),
    isInLineOf: (managerId: number, personId: number) => isInLineOf(sql, managerId, personId),
    personByUpn: (upn: string) => personByUpn(sql, upn),
    personById: (id: number) => personById(sql, id),
    managerOf: (personId: number) => managerOf(sql, personId),
    recordOf: (sessionId: number) => recordOf(sql, sessionId),
    openCasesOf: async (workerId: number) => listOpenCases(sql, [workerId]),
    agendaOf: async (sessionId: number) =>
      (
        await sql.query<{ text: string }>(
          'SELECT text FROM agenda_items WHERE session_id = $1 ORDER BY id',
          [sessionId],
        )
      ).map((r) => r.text),
    addAgendaItem: async (sessionId: number, authorId: number, text: string) => {
      await sql.query(
        'INSERT INTO agenda_items (session_id, author_id, text) VALUES ($1, $2, $3)',
        [sessionId, authorId, text],
      );
    },
    claimNonce: async (nonce: string, verb: string, actorId: number) =>
      (
        await sql.query(
          'INSERT INTO card_actions (nonce, verb, actor_id) VALUES ($1, $2, $3) ON CONFLICT (nonce) DO NOTHING RETURNING nonce',
          [nonce, verb, actorId],
        )
      ).length === 1,
    releaseNonce: async (nonce: string) => {
      await sql.query('DELETE FROM card_actions WHERE nonce = $1', [nonce]);
    },
    snooze: async (personId: number, subject: string, until: Date) => {
      await sql.query(
        `INSERT INTO snoozes (person_id, subject, until_at) VALUES ($1, $2, $3)
         ON CONFLICT (person_id, subject) DO UPDATE SET until_at = EXCLUDED.until_at`,
        [personId, subject, until],
      );
    },
    listWithoutApp: () => listWithoutApp(sql),
    enqueue: (messages: Parameters<ReturnType<typeof outboxStore>['enqueue']>[0]) =>
      outboxStore(sql).enqueue(messages),
    snoozedUntil: async (personId: number, subject: string, now: Date) => {
      const [row] = await sql.query<{ until: Date }>(
        'SELECT until_at AS until FROM snoozes WHERE person_id = $1 AND subject = $2 AND until_at > $3',
        [personId, subject, now],
      );
      return row ? new Date(row.until) : null;
    },
  };
}

async function recordOf(sql: Sql, sessionId: number) {
  const [row] = await sql.query<{
    notHeldReason: string | null;
    record: Record<string, unknown> | null;
    recordLocation: string | null;
    recordedBy: { id: string; upn: string; name: string } | null;
    actions: {
      text: string;
      dueOn: string | null;
      owner: { id: string; upn: string; name: string };
    }[];
  }>(
    `SELECT s.not_held_reason AS "notHeldReason", s.record, s.record_location AS "recordLocation",
            CASE WHEN rec.id IS NULL THEN NULL ELSE json_build_object('id', rec.id, 'upn', rec.upn, 'name', rec.name) END AS "recordedBy",
            COALESCE((SELECT json_agg(json_build_object('text', a.text, 'dueOn', a.due_on,
                        'owner', json_build_object('id', o.id, 'upn', o.upn, 'name', o.name)) ORDER BY a.id)
                        FROM actions a JOIN people o ON o.id = a.owner_id WHERE a.session_id = s.id), '[]') AS actions
       FROM sessions s LEFT JOIN people rec ON rec.id = s.recorded_by WHERE s.id = $1`,
    [sessionId],
  );
  if (!row) return null;
  const person = (p: { id: string; upn: string; name: string }) => ({
    id: Number(p.id),
    upn: p.upn,
    name: p.name,
  });
  return {
    ...row,
    recordedBy: row.recordedBy && person(row.recordedBy),
    actions: row.actions.map((a) => ({ text: a.text, dueOn: a.dueOn, owner: person(a.owner) })),
  };
}
