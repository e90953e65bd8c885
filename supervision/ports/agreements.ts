/** Supervision agreements signed in Teams (supervision/agreement-signing.ts; `store/agreements.ts` implements it, migration 029). */
import type { AuditEntry } from './common.ts';
import type { PersonRef } from './recording.ts';

/** The agreement itself, its review when due, or its update after the agreed frequency changed. */
export type AgreementKind = 'agreement' | 'review' | 'update';

/** A relationship's open signing: who has signed so far. */
export interface OpenSigning {
  id: number;
  kind: AgreementKind;
  dueOn: string | null;
  supervisorSignedAt: Date | null;
  superviseeSignedAt: Date | null;
}

/** A supervisee's current supervisory relationship, as its agreement is signed. */
export interface AgreementRow {
  relationshipId: number;
  supervisor: PersonRef;
  supervisee: PersonRef;
  policy: string;
  fromOn: string;
  signedOn: string | null;
  reviewedOn: string | null;
  /** The day the agreed frequency changed, if it has (migration 031). */
  changedOn?: string | null;
  venue: string;
  open: OpenSigning | null;
}

export interface AgreementStore {
  /** The supervisee's current relationship (locked inside a transaction), or null. */
  currentAgreement(superviseeId: number): Promise<AgreementRow | null>;
  /** The relationship's open signing of this kind and deadline, started if there is none. */
  openSigning(
    relationshipId: number,
    kind: AgreementKind,
    dueOn: string | null,
  ): Promise<OpenSigning>;
  signSide(signingId: number, side: 'supervisor' | 'supervisee', at: Date): Promise<void>;
  /** Both signed: the signing is complete on `on`, and the relationship's signed (or reviewed) date is `on`. */
  completeSigning(
    signingId: number,
    relationshipId: number,
    kind: AgreementKind,
    on: string,
  ): Promise<void>;
  audit(entry: AuditEntry): Promise<void>;
}
