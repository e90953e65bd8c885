/** What roster import writes with, inside one transaction (`supervision/roster-import.ts`; `store/roster-writer.ts` implements it). */
import type { Duration, Interval, IsoDate } from '../../rules/index.ts';
import type { BookingMode } from '../booking-mode.ts';
import type { StoredPerson } from '../roster-plan.ts';
import type { Venue } from '../venue.ts';
import type { AuditEntry } from './common.ts';

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
  booking: BookingMode;
  /** Where the sessions are held (venue.ts). */
  venue: Venue;
  /** A session per type, never one for several (docs/booking.md item 8). */
  separateSessions: boolean;
  /** The alternate supervisor (by UPN, in Cadence by the time the relationship is written) and the types that alternate. */
  alternate: { upn: string; types: string[] } | null;
  /** Types supervised by someone other than the supervisor, type → UPN (in Cadence by the time the relationship is written). */
  typeSupervisors: Record<string, string>;
}

/** What roster import needs, inside one transaction. */
export interface RosterWriter {
  listPeople(): Promise<StoredPerson[]>;
  insertPerson(person: PersonFields): Promise<number>;
  updatePerson(id: number, person: PersonFields): Promise<void>;
  setManager(personId: number, managerId: number | null): Promise<void>;
  startRelationship(
    supervisorId: number,
    superviseeId: number,
    fromOn: IsoDate,
    terms: RelationshipTerms,
  ): Promise<number>;
  endRelationship(relationshipId: number, toOn: IsoDate): Promise<void>;
  /**
   * After `endRelationship`: cancels its sessions after its last day (reason
   * `relationship-ended`, an audit row each) and queues the ending of its
   * Outlook series, done later by `endRelationshipsInOutlook`. Returns how many
   * sessions were withdrawn.
   */
  queueEnding(relationshipId: number, successorId: number | null, actor: string): Promise<number>;
  updateRelationshipTerms(relationshipId: number, terms: RelationshipTerms): Promise<void>;
  /** Records a session held before Cadence kept records, one per type, on `heldOn`. */
  recordPastSession(relationshipId: number, types: string[], heldOn: IsoDate): Promise<void>;
  setAgreementSigned(relationshipId: number, signedOn: IsoDate): Promise<void>;
  /** The agreed frequency changed on `on`: the agreement is to be updated (migration 031). */
  setAgreementChanged(relationshipId: number, on: IsoDate): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}
