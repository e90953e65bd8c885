/**
 * What can be overdue, and the one set of words for it: the `cadence overdue`
 * listing, the Teams cards (overdue, chase, digest) and docs/overdue.md all
 * say these, so a manager reading the CLI's output and a supervisor reading a
 * card are told the same thing.
 */
export const OVERDUE_KINDS = [
  'supervision-overdue',
  'not-booked',
  'unrecorded',
  'awaiting-sign-off',
  'observation-due',
  'agreement-missing',
  'agreement-review-overdue',
  'case-not-discussed',
  'no-supervisor',
  'setting-missing',
] as const;

export type OverdueKind = (typeof OVERDUE_KINDS)[number];

export const OVERDUE_LABELS: Readonly<Record<OverdueKind, string>> = {
  'supervision-overdue': 'Supervision overdue',
  'not-booked': 'Next supervision not booked',
  unrecorded: 'Session not recorded',
  'awaiting-sign-off': 'Record not signed off',
  'observation-due': 'Observation of practice due',
  'agreement-missing': 'Supervision agreement missing',
  'agreement-review-overdue': 'Agreement review overdue',
  'case-not-discussed': 'Child not discussed in supervision',
  'no-supervisor': 'No supervisor recorded',
  'setting-missing': 'Policy setting missing',
};
