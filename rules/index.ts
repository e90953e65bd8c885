/**
 * rules/: council policies as data, and the pure functions that answer "how
 * often, and when next?" from them. No I/O beyond reading pack files, and no
 * clock: every date is a parameter.
 */
export {
  addDays,
  addMonths,
  daysBetween,
  isoWeekday,
  isIsoDate,
  isoDateSchema,
  parseIsoDate,
  type IsoDate,
} from './calendar-date.ts';
export { bankHolidays, isBankHoliday } from './bank-holidays.ts';
export {
  COUNCIL_TIME_ZONE,
  endOfLondonDay,
  fromLondonDateTime,
  londonDate,
  londonDateTime,
  londonInstant,
} from './london-time.ts';
export { addWorkingDays, isWorkingDay } from './working-days.ts';
export {
  isoDayFromJs,
  isoDayOf,
  WEEKDAY_NAMES,
  weekdayLabel,
  weekdayName,
  type WeekdayName,
} from './weekdays.ts';
export { CadenceError, InputError, PolicyFileError } from './errors.ts';
export { CASE_STATUSES, STAFF_ROLES, SUPERVISION_TYPES, describeId } from './ids.ts';
export {
  loadPackFile,
  loadPolicy,
  loadShippedPack,
  parsePack,
  shippedPolicyIds,
} from './load-pack.ts';
export { findCaseStatus, findRole, findRoleType } from './lookup.ts';
export {
  addDuration,
  addInterval,
  describeDuration,
  describeInterval,
  describeRatio,
  isMoreFrequent,
} from './intervals.ts';
export {
  dueDates,
  frequenciesOn,
  frequencyOn,
  nextDue,
  roleFor,
  type FrequencyInForce,
  type Supervisee,
} from './staff-frequency.ts';
export {
  caseDueDates,
  caseFrequencyOn,
  caseNextDue,
  type CaseFrequencyInForce,
  type ChildCase,
} from './case-frequency.ts';
export { agreementDueOn, bookingHorizonFrom, recordDueOn, signOffDueOn } from './deadlines.ts';
export { combinedTypes } from './combined-types.ts';
export type { AgreedPeriods } from './phases.ts';
export { durationSchema, intervalSchema } from './schema.ts';
export type {
  CaseRule,
  Duration,
  Interval,
  Phase,
  PolicyPack,
  RoleRule,
  RoleTypeRule,
  SupervisorLoadRule,
  Source,
  Unit,
} from './schema.ts';
