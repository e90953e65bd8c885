/**
 * supervision/: the domain — roster import, recording, overdue and
 * compliance — written against ports (store, clock), never against a database.
 */
export { readCsv, type CsvColumns, type CsvRow } from './csv.ts';
export {
  decodeFileBytes,
  encodingNote,
  type DecodedFile,
  type FileEncoding,
} from './file-bytes.ts';
export { FileProblemsError, type LineProblem } from './problems.ts';
export { ROSTER_COLUMNS, readRosterFile, type RosterEntry } from './roster-file.ts';
export {
  planRoster,
  planIsEmpty,
  type RosterPlan,
  type RosterSnapshot,
  type StoredPerson,
} from './roster-plan.ts';
export { describeRosterPlan, importRoster, type RosterImportResult } from './roster-import.ts';
export {
  findOverdue,
  overdueFor,
  UnknownManagerError,
  type OverdueItem,
  type OverdueOptions,
} from './overdue.ts';
export { OVERDUE_KINDS, OVERDUE_LABELS, type OverdueKind } from './overdue-labels.ts';
export {
  complianceFor,
  withinPolicy,
  COMPLIANCE_PERIODS,
  type ComplianceReport,
  type ComplianceRow,
} from './compliance.ts';
export { describeLoad, type SupervisorLoad } from './supervisor-load.ts';
export { CASES_COLUMNS, readCasesFile, referenceProblem, type CaseEntry } from './cases-file.ts';
export {
  casesPlanIsEmpty,
  planCases,
  type CasesPlan,
  type CasesSnapshot,
  type CaseWorker,
  type StoredCase,
} from './cases-plan.ts';
export { describeCasesPlan, importCases, type CasesImportResult } from './cases-import.ts';
export type { FileChanges } from './file-changes.ts';
export { GROUPS_COLUMNS, PEERS, defaultQuorum, type GroupEntry } from './groups-file.ts';
export {
  bookedBy,
  describeGroupsPlan,
  importGroups,
  type GroupsImportResult,
} from './groups-import.ts';
export { removeCover, setCover, type CoverRequest } from './cover.ts';
export { describeCoverPlan, importCovers } from './cover-file.ts';
export { coverState, removeCoverFromTeams, setCoverFromTeams } from './cover-assistant.ts';
export { type ObservationStanding } from './observation.ts';
export { tellManager } from './tell-manager.ts';
export {
  MEASURES,
  MEASURE_COLUMNS,
  MEASURE_LABELS,
  type Measure,
  type Measures,
} from './compliance-measures.ts';
export { type TrendPoint } from './compliance-trend.ts';
export {
  DEFAULT_LADDER,
  ladderDue,
  ladderSubject,
  readLadderEntries,
  type LadderEntry,
} from './escalation-ladder.ts';
export {
  agreementState,
  signAgreementFromTeams,
  type AgreementState,
} from './agreement-assistant.ts';
export {
  AGREEMENT_NOTICE_WORKING_DAYS,
  AgreementChangedError,
  agreementDue,
} from './agreement-signing.ts';
export {
  keepLostReason,
  lostSessionState,
  rebookLost,
  type LostSessionState,
} from './lost-sessions.ts';
export {
  recordsToSignOff,
  signOffFromTeams,
  signOffStateOf,
  type SignOffState,
} from './sign-off-assistant.ts';
export {
  AlreadySignedError,
  DEFAULT_SIGN_OFF_WORKING_DAYS,
  SignOffStaleError,
  signOffDeadline,
} from './sign-off.ts';
export { partiesOf, type GroupProposal } from './group-proposal.ts';
export {
  groupMeetingsToRecord,
  groupRecordState,
  saveGroupRecord,
  type GroupRecordInputs,
} from './group-assistant.ts';
export {
  claimGroupBooking,
  finishGroupBooking,
  groupBookingState,
  groupsToBook,
  proposeGroup,
} from './group-booking.ts';
export {
  recordGroupSession,
  type GroupRecordingRequest,
  type GroupRecordingResult,
} from './group-recording.ts';
export { NotAllowedError, notFoundOrNotYours, type Unseen } from './not-allowed.ts';
export { RecordingRefusedError, recordSession, type RecordingResult } from './recording.ts';
export {
  NOT_HELD_REASONS,
  parseRecordingRequest,
  RecordingInputError,
  recordingRequestSchema,
  type CheckedRecordingRequest,
  type FieldProblem,
  type RecordingDraft,
  type RecordingRequest,
} from './recording-input.ts';
export {
  planSessions,
  weeksWithin,
  type Availability,
  type PlanInput,
  type PlannedOccurrence,
  type PlannedSeries,
  type TypePlan,
  type WorkingHours,
} from './planner.ts';
export { seriesRequestFor } from './series-request.ts';
export { VENUES, type Venue } from './venue.ts';
export { book, type BookingOptions, type BookingReport } from './booking.ts';
export { BOOKING_MODES, type BookingMode } from './booking-mode.ts';
export {
  endRelationshipsInOutlook,
  endingMessages,
  type EndingReport,
} from './relationship-ending.ts';
export {
  reconcile,
  type LostSession,
  type ReconcileReport,
  type UnreconciledMailbox,
} from './reconcile.ts';
export { proposeSlot } from './planner.ts';
export * as assistant from './assistant.ts';
export {
  AlreadyDoneError,
  NotFoundError,
  RECORD_FIELD_OF,
  recordDueOf,
  type AssistantDeps,
  type RecordInputs,
} from './assistant.ts';
export { OverdueCache } from './overdue-cache.ts';
export { recordDeadline } from './record-deadline.ts';
export * from './ports/index.ts';
