/** The roster port over SQL: what `supervision/roster-import.ts` writes with. */
import { writeAudit, type AuditEntry } from './audit.ts';
import type { Sql } from './database.ts';
import {
  endRelationship,
  insertPerson,
  listPeople,
  recordPastSession,
  setAgreementSigned,
  setManager,
  startRelationship,
  updatePerson,
  updateRelationshipTerms,
  type PersonFields,
  type RelationshipTerms,
} from './people.ts';
import { queueEnding } from './relationship-endings.ts';

export function rosterWriter(sql: Sql) {
  return {
    listPeople: () => listPeople(sql),
    insertPerson: (person: PersonFields) => insertPerson(sql, person),
    updatePerson: (id: number, person: PersonFields) => updatePerson(sql, id, person),
    setManager: (personId: number, managerId: number | null) =>
      setManager(sql, personId, managerId),
    startRelationship: (
      supervisorId: number,
      superviseeId: number,
      fromOn: string,
      terms: RelationshipTerms,
    ) => startRelationship(sql, supervisorId, superviseeId, fromOn, terms),
    endRelationship: (relationshipId: number, toOn: string) =>
      endRelationship(sql, relationshipId, toOn),
    queueEnding: (relationshipId: number, successorId: number | null, actor: string) =>
      queueEnding(sql, relationshipId, successorId, actor),
    updateRelationshipTerms: (relationshipId: number, terms: RelationshipTerms) =>
      updateRelationshipTerms(sql, relationshipId, terms),
    recordPastSession: (relationshipId: number, types: string[], heldOn: string) =>
      recordPastSession(sql, relationshipId, types, heldOn),
    setAgreementSigned: (relationshipId: number, signedOn: string) =>
      setAgreementSigned(sql, relationshipId, signedOn),
    audit: (entry: AuditEntry) => writeAudit(sql, entry),
  };
}
