/**
 * Check 3, permissions: the application permissions in the Graph token's
 * `roles`, against the one Cadence needs (Calendars.ReadWrite) and the way it
 * should be granted (scoped, through Exchange RBAC for Applications: see
 * scoping.ts). Whether a tenant-wide grant is a warning or a failure, and
 * whether a missing one is fine, depends on what the mailbox probes found.
 */
import { DOCS } from './deploy-docs.ts';
import { fail, ok, warn, type Finding } from './finding.ts';
import type { Probe } from './mailbox-probe.ts';
import { assignCommand, CALENDARS, RBAC_FAQ_UNSCOPED, testCommand } from './scoping.ts';

export interface Probes {
  inScope?: Probe;
  outside?: Probe;
}

export function checkPermissions(roles: string[], clientId: string, probes: Probes): Finding[] {
  const findings: Finding[] = [];
  const extras = roles.filter((role) => role !== CALENDARS).sort();
  if (extras.length > 0) {
    findings.push(
      warn(
        'permissions',
        `the token carries ${extras.join(', ')}: more than Cadence needs (Calendars.ReadWrite only)`,
        `remove ${extras.join(', ')} from the Cadence Graph app in Entra (App registrations → API permissions → Remove permission), then grant admin consent again (${DOCS.permissions})`,
      ),
    );
  }
  findings.push(
    roles.includes(CALENDARS) ? tenantWide(clientId, probes) : notInToken(clientId, probes),
  );
  return findings;
}

/** Calendars.ReadWrite in `roles`: granted in Entra, over every mailbox unless something narrows it. */
function tenantWide(clientId: string, { outside }: Probes): Finding {
  const fix = `grant it through Exchange RBAC for Applications instead (${assignCommand(clientId)}), then remove it from the app in Entra: an Entra grant adds to the scoped one (${RBAC_FAQ_UNSCOPED}) (${DOCS.scope})`;
  if (outside?.status === 200) {
    return fail(
      'permissions',
      `Calendars.ReadWrite is granted in Entra, tenant-wide, and reached ${outside.upn}, outside the supervision staff`,
      fix,
    );
  }
  if (outside?.status === 403) {
    return warn(
      'permissions',
      `Calendars.ReadWrite is granted in Entra, tenant-wide; ${outside.upn} was refused, so an application access policy must be narrowing it, which RBAC for Applications replaces`,
      fix,
    );
  }
  return warn(
    'permissions',
    'Calendars.ReadWrite is granted in Entra, tenant-wide: unless something narrows it, Cadence can reach every mailbox',
    `${fix}; run cadence doctor --outside <a UPN outside the supervision staff> to see`,
  );
}

/** Not in `roles`: right when Exchange RBAC for Applications grants it, which only a mailbox read shows. */
function notInToken(clientId: string, { inScope }: Probes): Finding {
  if (inScope?.status === 200) {
    return ok(
      'permissions',
      `Calendars.ReadWrite is not granted in Entra, and ${inScope.upn}'s calendar could be read: granted through Exchange RBAC for Applications, as it should be`,
    );
  }
  if (inScope?.status === 403) {
    return fail(
      'permissions',
      `Calendars.ReadWrite is not in the token (Entra) and Exchange RBAC for Applications does not grant it over ${inScope.upn}`,
      `${assignCommand(clientId)}; check with ${testCommand(clientId, inScope.upn)} (${DOCS.scope})`,
    );
  }
  return warn(
    'permissions',
    'Calendars.ReadWrite is not in the token: right only if Exchange RBAC for Applications grants it',
    `run cadence doctor --mailbox <a supervisor's UPN> to see, or ${testCommand(clientId, "<a supervisor's UPN>")} (${DOCS.scope})`,
  );
}
