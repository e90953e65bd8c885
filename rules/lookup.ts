/**
 * Finding a role, supervision type or case status in a pack, with errors that
 * tell an unknown id apart from one the chosen policy does not cover, and
 * list what is accepted.
 */
import { InputError } from './errors.ts';
import { CASE_STATUSES, STAFF_ROLES, SUPERVISION_TYPES } from './ids.ts';
import type { CaseRule, PolicyPack, RoleRule, RoleTypeRule } from './schema.ts';

export function findRole(pack: PolicyPack, role: string): RoleRule {
  const rule = pack.roles.find((candidate) => candidate.role === role);
  if (rule) return rule;
  const accepted = pack.roles.map((candidate) => candidate.role).join(', ');
  throw new InputError(
    role in STAFF_ROLES
      ? `policy ${pack.id} does not cover role '${role}' (its document sets no supervision frequency for it); roles it covers: ${accepted}`
      : `unknown role '${role}'; roles in policy ${pack.id}: ${accepted}`,
  );
}

/** The role's rule for `type`; with no type given, the role must have exactly one. */
export function findRoleType(pack: PolicyPack, rule: RoleRule, type?: string): RoleTypeRule {
  const accepted = rule.types.map((candidate) => candidate.type).join(', ');
  if (type === undefined) {
    if (rule.types.length === 1) return rule.types[0]!;
    throw new InputError(
      `role '${rule.role}' in policy ${pack.id} has several supervision types; choose one of: ${accepted}`,
    );
  }
  const found = rule.types.find((candidate) => candidate.type === type);
  if (found) return found;
  throw new InputError(
    type in SUPERVISION_TYPES
      ? `policy ${pack.id} sets no '${type}' supervision for role '${rule.role}'; its types for that role: ${accepted}`
      : `unknown supervision type '${type}'; types for role '${rule.role}' in policy ${pack.id}: ${accepted}`,
  );
}

export function findCaseStatus(pack: PolicyPack, status: string): CaseRule {
  const rule = pack.cases.find((candidate) => candidate.status === status);
  if (rule) return rule;
  const accepted = pack.cases.map((candidate) => candidate.status).join(', ') || '(none)';
  throw new InputError(
    status in CASE_STATUSES
      ? `policy ${pack.id} does not cover case status '${status}' (its document sets no discussion frequency for it); statuses it covers: ${accepted}`
      : `unknown case status '${status}'; case statuses in policy ${pack.id}: ${accepted}`,
  );
}
