/**
 * Check 4, mailboxes: a supervisor's calendar (--mailbox) must be readable,
 * and a calendar outside the supervision staff (--outside) must be refused
 * with 403 ErrorAccessDenied. Without them, the scoping is not tested, and
 * the doctor says how to test it.
 */
import { DOCS } from './deploy-docs.ts';
import { fail, ok, warn, type Finding } from './finding.ts';
import type { Probes } from './permissions-check.ts';
import { testCommand } from './scoping.ts';

/** Exchange caches an app's permissions for 30 minutes to 2 hours (application-rbac, "Limitations"). */
const CACHE_NOTE = 'a change to a role assignment or scope can take up to 2 hours to apply';

export function checkMailboxes(clientId: string, { inScope, outside }: Probes): Finding[] {
  const findings: Finding[] = [];
  if (!inScope && !outside) {
    return [
      warn(
        'mailbox',
        'scoping not tested: no --mailbox or --outside given',
        `run cadence doctor --mailbox <a supervisor's UPN> --outside <a UPN outside the supervision staff> (${DOCS.scope})`,
      ),
    ];
  }
  if (!inScope)
    findings.push(
      warn(
        'mailbox',
        "no --mailbox given: not tested that a supervisor's calendar can be read",
        "add --mailbox <a supervisor's UPN>",
      ),
    );
  else findings.push(inScopeFinding(clientId, inScope));
  if (!outside)
    findings.push(
      warn(
        'mailbox',
        'no --outside given: not tested that a mailbox outside the scope is refused',
        'add --outside <a UPN outside the supervision staff>',
      ),
    );
  else findings.push(outsideFinding(outside));
  return findings;
}

function inScopeFinding(
  clientId: string,
  { upn, status, code }: NonNullable<Probes['inScope']>,
): Finding {
  if (status === 200)
    return ok(
      'mailbox',
      `${upn}: calendar read, as Cadence needs (the doctor writes nothing, so writing was not tried)`,
    );
  if (status === 403) {
    return fail(
      'mailbox',
      `${upn}: calendar refused (403 ${code}): Cadence could not book for this supervisor`,
      `put the mailbox in the management scope of the role assignment (or the group it filters on), then ${testCommand(clientId, upn)}; ${CACHE_NOTE} (${DOCS.scope})`,
    );
  }
  if (status === 404)
    return fail(
      'mailbox',
      `${upn}: no such mailbox (404 ${code})`,
      'give --mailbox the UPN of a supervisor with an Exchange Online mailbox',
    );
  return warn(
    'mailbox',
    `${upn}: could not tell (${status || 'no answer'} ${code})`,
    'run cadence doctor again',
  );
}

function outsideFinding({ upn, status, code }: NonNullable<Probes['outside']>): Finding {
  if (status === 403)
    return ok('mailbox', `${upn}: refused (403 ${code}), as a mailbox outside the scope should be`);
  if (status === 200) {
    return fail(
      'mailbox',
      `${upn}: calendar read, though outside the scope: Calendars.ReadWrite is not scoped, every mailbox is reachable`,
      `apply the RBAC for Applications scope and remove the Entra grant of Calendars.ReadWrite; ${CACHE_NOTE} (${DOCS.scope})`,
    );
  }
  if (status === 404)
    return warn(
      'mailbox',
      `${upn}: no such mailbox (404 ${code}), so the scope was not tested`,
      'give --outside the UPN of a real mailbox outside the supervision staff',
    );
  return warn(
    'mailbox',
    `${upn}: could not tell (${status || 'no answer'} ${code})`,
    'run cadence doctor again',
  );
}
