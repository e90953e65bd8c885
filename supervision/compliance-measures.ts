/**
 * Compliance beyond staff supervision (issue 16, item 7): five shares a
 * manager's monthly performance meeting looks at (City of London's
 * performance reporting, 003; Lambeth's case supervision audit, 002 section
 * 4), each "done of due", judged as "who is overdue?" judges them:
 *
 * - children discussed on time: open cases not past their discussion date on
 *   the day (`caseItems`); a case whose status the policy sets no frequency
 *   for is not counted either way;
 * - records on time: held sessions in the last 12 months whose record was
 *   written by its deadline (the policy's, or Cadence's default), and those
 *   still unrecorded past it (counted as late); the roster's history is not
 *   a record and is not counted;
 * - records signed off: records asked for sign-off in the last 12 months that
 *   the supervisee answered (agreed, commented or disagreed), out of those
 *   answered or past their sign-off deadline;
 * - agreements in date: people whose policy asks for an agreement and who
 *   have one signed, and reviewed when due (`agreementItems`);
 * - observations done: each type a policy counts observations of, for each
 *   person it applies to, not overdue for one (`observationItems`).
 */
import { loadShippedPack, type IsoDate } from '../rules/index.ts';
import { agreementItems, caseItems, observationItems } from './overdue.ts';
import { recordDeadline } from './record-deadline.ts';
import { signOffDeadline } from './sign-off.ts';
import type {
  ObservationStreak,
  RecordedSession,
  SignOffAsked,
  TeamMember,
  TeamSnapshot,
  UnrecordedSession,
} from './ports/index.ts';

export const MEASURES = [
  'childrenOnTime',
  'recordsOnTime',
  'recordsSignedOff',
  'agreementsInDate',
  'observationsDone',
] as const;
export type Measure = (typeof MEASURES)[number];

/** What a card or the CLI calls each measure. */
export const MEASURE_LABELS: Readonly<Record<Measure, string>> = {
  childrenOnTime: 'Children discussed on time',
  recordsOnTime: 'Records written on time',
  recordsSignedOff: 'Records signed off',
  agreementsInDate: 'Agreements in date',
  observationsDone: 'Observations of practice done',
};

/** The same, short, as a column's heading. */
export const MEASURE_COLUMNS: Readonly<Record<Measure, string>> = {
  childrenOnTime: 'Children',
  recordsOnTime: 'Records',
  recordsSignedOff: 'Signed off',
  agreementsInDate: 'Agreements',
  observationsDone: 'Observed',
};

/** `done` of `of`; nothing to judge when `of` is 0. */
export interface Share {
  done: number;
  of: number;
}
export type Measures = Record<Measure, Share>;

export const noMeasures = (): Measures =>
  Object.fromEntries(MEASURES.map((m) => [m, { done: 0, of: 0 }])) as Measures;

export function addMeasures(into: Measures, more: Measures): Measures {
  for (const m of MEASURES) {
    into[m].done += more[m].done;
    into[m].of += more[m].of;
  }
  return into;
}

/** What one person's measures are judged from. */
export interface MemberEvidence {
  cases: TeamSnapshot['cases'];
  recorded: readonly RecordedSession[];
  unrecorded: readonly UnrecordedSession[];
  signOffs: readonly SignOffAsked[];
  streaks: readonly ObservationStreak[];
}

export function memberMeasures(
  member: TeamMember,
  evidence: MemberEvidence,
  on: IsoDate,
  options: { defaultRecordWorkingDays: number },
): Measures {
  const measures = noMeasures();
  const count = (m: Measure, done: boolean) => {
    measures[m].of += 1;
    if (done) measures[m].done += 1;
  };
  const pack = loadShippedPack(member.policy);

  const caseJudged = caseItems(member, evidence.cases, on);
  const undated = caseJudged.filter((i) => i.kind === 'setting-missing').length;
  const late = caseJudged.filter((i) => i.kind === 'case-not-discussed').length;
  measures.childrenOnTime = {
    of: evidence.cases.length - undated,
    done: evidence.cases.length - undated - late,
  };

  const deadline = (heldOn: string) =>
    recordDeadline(member.policy, heldOn as IsoDate, options.defaultRecordWorkingDays);
  for (const row of evidence.recorded)
    count('recordsOnTime', row.recordedOn <= deadline(row.heldOn));
  for (const row of evidence.unrecorded)
    if (deadline(row.heldOn) < on) count('recordsOnTime', false);

  for (const row of evidence.signOffs) {
    if (row.answered) count('recordsSignedOff', true);
    else if (signOffDeadline(member.policy, row.requestedOn as IsoDate).dueOn < on)
      count('recordsSignedOff', false);
  }

  const agreementAsked =
    member.relationshipFrom !== null &&
    !!(pack.agreement?.signWithin ?? pack.agreement?.required ?? pack.agreement?.review);
  if (agreementAsked) count('agreementsInDate', agreementItems(member, on).length === 0);

  const observed = observationItems(member, evidence.streaks, on);
  for (const rule of pack.observations) {
    if (member.typesOnly && !member.types?.includes(rule.type)) continue;
    if (!(member.types ?? []).includes(rule.type)) continue;
    count('observationsDone', !observed.some((i) => i.type === rule.type));
  }
  return measures;
}
