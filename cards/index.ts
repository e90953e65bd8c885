/**
 * cards/: pure builders from the view models in types.ts to Adaptive Card
 * JSON (schema 1.5, Universal Actions with an Action.Submit fallback), the
 * zod schemas every card action's data is parsed with, and the size limit
 * the builders keep to.
 */
export * from './types.ts';
export * from './actions.ts';
export {
  adaptiveCard,
  factSet,
  textBlock,
  CARD_SCHEMA,
  CARD_VERSION,
  type Card,
  type CardElement,
} from './card.ts';
export {
  executeAction,
  MAX_REFRESH_USERS,
  USER_MRI,
  type ActionData,
  type RefreshFor,
} from './buttons.ts';
export {
  ADAPTIVE_CARD_CONTENT_TYPE,
  MAX_CARD_BYTES,
  attachmentOf,
  cardBytes,
  largestFitting,
  type CardAttachment,
} from './size.ts';
export { formatDate } from './format.ts';
export { helpCard, COMMAND_DESCRIPTIONS } from './help.ts';
export { noticeCard } from './notice.ts';
export { mySessionsCard } from './my-sessions.ts';
export { awaitingRecordCard } from './awaiting-record.ts';
export { MAX_LISTED_SESSIONS } from './session-lines.ts';
export { superviseePickerCard, MAX_PICKER_ROWS } from './supervisee-picker.ts';
export { proposalCard, seriesHeadline, DURATION_CHOICES, MAX_PROPOSAL_ROWS } from './proposal.ts';
export { bookedCard, MAX_BOOKED_ROWS } from './booked.ts';
export { relationshipEndedCard, MAX_ENDED_ROWS } from './relationship-ended.ts';
export { signOffDisagreementCard } from './sign-off-disagreement.ts';
export { lostSessionCard, MAX_AVOIDED } from './lost-session.ts';
export { ladderCard, LADDER_CARD_ENTRIES } from './ladder.ts';
export { agreementCard } from './agreement.ts';
export { bookingCard } from './booking.ts';
export { coverCard, MAX_COVER_ROWS } from './cover.ts';
export { groupBookedCard, groupProposalCard } from './group-booking.ts';
export { preparationCard, MAX_PREPARATION_ROWS } from './preparation.ts';
export { recordCard } from './record.ts';
export { groupRecordCard } from './group-record.ts';
export { groupEscalationCard } from './group-escalation.ts';
export { MAX_RECORD_CASES, PEOPLE_DATASET } from './record-form.ts';
export { overdueCard, OVERDUE_PAGE_SIZE } from './overdue.ts';
export { complianceCard, MAX_COMPLIANCE_ROWS } from './compliance.ts';
export { teamCard, MAX_TEAM_ROWS } from './team.ts';
export { chaseCard } from './chase.ts';
export { escalationCard } from './escalation.ts';
export { digestCard, DIGEST_WORST_ITEMS } from './digest.ts';
