/**
 * When a session's record is due: the policy's deadline, or, where the
 * policy sets none, the council's default number of working days
 * (CADENCE_DEFAULT_RECORD_WORKING_DAYS). One place, so the overdue view,
 * the reminders and the cards always agree.
 */
import { addWorkingDays, loadShippedPack, recordDueOn, type IsoDate } from '../rules/index.ts';

export function recordDeadline(
  policy: string,
  heldOn: IsoDate,
  defaultRecordWorkingDays: number,
): IsoDate {
  return (
    recordDueOn(loadShippedPack(policy), heldOn) ?? addWorkingDays(heldOn, defaultRecordWorkingDays)
  );
}
