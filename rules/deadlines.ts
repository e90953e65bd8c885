/**
 * Deadlines that follow from a pack beyond the frequency itself: when a
 * session's record is due, when a supervision agreement must be signed and
 * reviewed, how far ahead sessions must be booked.
 */
import type { IsoDate } from './calendar-date.ts';
import { addDuration, addInterval, addUnits } from './intervals.ts';
import type { PolicyPack } from './schema.ts';

/** The last day to record a session held on `heldOn`, if the policy sets one. */
export function recordDueOn(pack: PolicyPack, heldOn: IsoDate): IsoDate | undefined {
  return pack.recordDeadline && addInterval(heldOn, pack.recordDeadline.within);
}

/** The last day to sign off a record asked on `requestedOn`, if the policy sets one. */
export function signOffDueOn(pack: PolicyPack, requestedOn: IsoDate): IsoDate | undefined {
  return pack.signOffDeadline && addInterval(requestedOn, pack.signOffDeadline.within);
}

/**
 * When the supervision agreement is next due: signed within the policy's time
 * of the relationship starting, then reviewed at its interval after the last
 * signature or review. Undefined when the policy sets neither.
 */
export function agreementDueOn(
  pack: PolicyPack,
  relationshipStarted: IsoDate,
  lastSignedOrReviewed?: IsoDate,
): IsoDate | undefined {
  const { signWithin, review } = pack.agreement ?? {};
  if (!lastSignedOrReviewed)
    return signWithin && addDuration(relationshipStarted, signWithin.within);
  return review && addUnits(lastSignedOrReviewed, review.every, review.unit);
}

/** The last date sessions must be booked through on `today`, if the policy sets a horizon. */
export function bookingHorizonFrom(pack: PolicyPack, today: IsoDate): IsoDate | undefined {
  return pack.bookingHorizon && addDuration(today, pack.bookingHorizon.atLeast);
}
