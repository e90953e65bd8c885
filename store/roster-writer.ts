/** The roster port over SQL: what `supervision/roster-import.ts` writes with. */
import type { RosterWriter } from '../supervision/index.ts';
import { writeAudit } from './audit.ts';
import type { Sql } from './database.ts';
import {
  endRelationship,
  insertPerson,
  listPeople,
  recordPastSession,
  setAgreementSigned,
  setAgreementChanged,
  setManager,
  startRelationship,
  updatePerson,
  updateRelationshipTerms,
} from './people.ts';
import { queueEnding } from './relationship-endings.ts';

export function rosterWriter(sql: Sql): RosterWriter {
  return {
    listPeople: () => listPeople(sql),
    insertPerson: (person) => insertPerson(sql, person),
    updatePerson: (id, person) => updatePerson(sql, id, person),
    setManager: (personId, managerId) => setManager(sql, personId, managerId),
    startRelationship: (supervisorId, superviseeId, fromOn, terms) =>
      startRelationship(sql, supervisorId, superviseeId, fromOn, terms),
    endRelationship: (relationshipId, toOn) => endRelationship(sql, relationshipId, toOn),
    queueEnding: (relationshipId, successorId, actor) =>
      queueEnding(sql, relationshipId, successorId, actor),
    updateRelationshipTerms: (relationshipId, terms) =>
      updateRelationshipTerms(sql, relationshipId, terms),
    recordPastSession: (relationshipId, types, heldOn) =>
      recordPastSession(sql, relationshipId, types, heldOn),
    setAgreementSigned: (relationshipId, signedOn) =>
      setAgreementSigned(sql, relationshipId, signedOn),
    setAgreementChanged: (relationshipId, on) => setAgreementChanged(sql, relationshipId, on),
    audit: (entry) => writeAudit(sql, entry),
  };
}
