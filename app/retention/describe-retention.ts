/** What a retention run did, in words for the command line. */
import { OPERATIONAL_DAYS, OUTSIDE_ROSTER_DAYS, type RetentionReport } from './run-retention.ts';

const SUPERVISION: Record<string, string> = {
  sessions: 'sessions',
  actions: 'actions',
  caseDiscussions: 'cases discussed (links to case references)',
  agendaItems: 'agenda items',
  auditRecordVersions: 'earlier record versions in the audit log',
  bookingSeries: 'booking series',
  relationships: 'ended supervisory relationships (with their agreement dates)',
  childCases: 'closed case references',
};

const OPERATIONAL: Record<string, string> = {
  outbox: 'outbox messages sent or settled',
  jobRuns: 'finished job runs',
  cardActions: 'used card-action nonces',
  snoozes: 'ended snoozes',
};

export function describeRetention(report: RetentionReport): string {
  const verb = report.dryRun ? 'would remove' : 'removed';
  const lines = (counts: Record<string, number>, labels: Record<string, string>) =>
    Object.entries(counts).map(
      ([table, n]) => `  ${String(n).padStart(7)}  ${labels[table] ?? table}`,
    );
  const outsideRoster = [
    `Teams conversation references of people not in the roster, unused since before ${report.outsideRoster.cutoff} (kept ${OUTSIDE_ROSTER_DAYS} days): ${verb}`,
    ...lines(
      { references: report.outsideRoster.references },
      { references: 'conversation references' },
    ),
  ];
  if (report.setting === 'unset') {
    return [
      'CADENCE_RETENTION_YEARS is not set: no supervision data is removed. Set it to the whole years the council keeps supervision records (docs/export.md).',
      `Operational rows from before ${report.operationalCutoff} (kept ${OPERATIONAL_DAYS} days): ${verb}`,
      ...lines({ ...report.pruned }, OPERATIONAL),
      ...outsideRoster,
    ].join('\n');
  }
  return [
    `Retention (${report.years} year${report.years === 1 ? '' : 's'})${report.dryRun ? ', dry run: nothing was removed' : ''}.`,
    `Supervision data that ended before ${report.cutoff}: ${verb}`,
    ...lines({ ...report.removed }, SUPERVISION),
    `Operational rows from before ${report.operationalCutoff} (kept ${OPERATIONAL_DAYS} days): ${verb}`,
    ...lines({ ...report.pruned }, OPERATIONAL),
    ...outsideRoster,
    report.dryRun
      ? 'Run it without --dry-run to remove them; that run is written to the audit log.'
      : 'Written to the audit log (cut-off and counts).',
  ].join('\n');
}
