/**
 * The ports the domain is written against. `store/` provides them over
 * PostgreSQL; `app/` wires them. Structural types, so `store/` need not import
 * from here.
 */
import type { Duration, Interval, IsoDate } from '../rules/index.ts';
import type { StoredPerson } from './roster-plan.ts';

export interface PersonFields {
  upn: string;
  name: string;
  role: string;
  policy: string;
  startedOn: IsoDate | null;
  approvedOn: IsoDate | null;
  entraObjectId: string | null;
  jobTitle: string | null;
  team: string | null;
  usesTeams: boolean;
}

export interface RelationshipTerms {
  types: string[];
  agreedPeriods: Record<string, Duration>;
  agreedFrequency: Record<string, Interval>;
}

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string | number | null;
  detail?: Record<string, unknown>;
}

/** What roster import needs, inside one transaction. */
export interface RosterWriter {
  listPeople(): Promise<StoredPerson[]>;
  insertPerson(person: PersonFields): Promise<number>;
  updatePerson(id: number, person: PersonFields): Promise<void>;
  setManager(personId: number, managerId: number | null): Promise<void>;
  startRelationship(supervisorId: number, superviseeId: number, fromOn: IsoDate, terms: RelationshipTerms): Promise<number>;
  endRelationship(relationshipId: number, toOn: IsoDate): Promise<void>;
  updateRelationshipTerms(relationshipId: number, terms: RelationshipTerms): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}

/** Runs `work` in one transaction: all of it is written, or none. */
export type InTransaction<Port> = <T>(work: (port: Port) => Promise<T>) => Promise<T>;
