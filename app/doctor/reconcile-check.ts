/**
 * Check 5b, reconcile: the supervisors' calendars the daily job could not
 * reconcile at its last try (calendar_sync), each with what Outlook said and
 * since when. A calendar Outlook refuses (403: outside the Exchange RBAC
 * scope) is a FAIL — Cadence can neither watch nor book it until an
 * administrator acts; another failure is a warn, tried again at the next run.
 */
import { londonDateTime } from '../../rules/index.ts';
import { mailboxProblems, type Database } from '../../store/index.ts';
import { DOCS } from './deploy-docs.ts';
import { fail, ok, warn, type Finding } from './finding.ts';

export async function checkReconcile(
  db: Database,
  graphClientId: string | null,
  now: Date,
): Promise<Finding[]> {
  const problems = await mailboxProblems(db, now);
  if (problems.length === 0)
    return [ok('reconcile', "every supervisor's calendar was reconciled at its last try")];
  const day = (at: Date) => londonDateTime(at).slice(0, 10);
  const refused = problems.filter((p) => p.kind === 'no-access');
  const failing = problems.filter((p) => p.kind === 'failed');
  const findings: Finding[] = [];
  if (refused.length > 0) {
    const who = refused
      .map(
        (p) =>
          `${p.mailbox} (${p.detail} since ${day(p.since)}${p.retryAfter ? `, next try ${day(p.retryAfter)}` : ''})`,
      )
      .join(', ');
    const test = graphClientId
      ? `; check with Test-ServicePrincipalAuthorization -Identity ${graphClientId} -Resource <mailbox>`
      : '';
    findings.push(
      fail(
        'reconcile',
        `${refused.length} supervisor calendar${refused.length === 1 ? '' : 's'} refused by Outlook, so neither watched nor booked: ${who}`,
        `add them to the Exchange RBAC scope of the Cadence Graph app${test} (${DOCS.scope}); the daily job tries each again by itself`,
      ),
    );
  }
  if (failing.length > 0) {
    const who = failing.map((p) => `${p.mailbox} (${p.detail} since ${day(p.since)})`).join(', ');
    findings.push(
      warn(
        'reconcile',
        `${failing.length} supervisor calendar${failing.length === 1 ? '' : 's'} could not be read at the last run: ${who}`,
        'tried again at the next daily run; if it lasts, look for the same mailbox in the daily-booking job log',
      ),
    );
  }
  return findings;
}
