/**
 * The stable identifiers of `policy-ids.md`. Councils map HR job titles and
 * case-management statuses onto these, so they never change once shipped.
 * A pack may add ids of its own; these are the ones every reader knows.
 */
export const STAFF_ROLES = {
  student: 'social work student on placement',
  asye: 'newly qualified social worker in the Assessed and Supported Year in Employment',
  'returning-social-worker': 'social worker returning to practice or after a major change of role',
  'social-worker': 'qualified social worker past ASYE',
  'supervising-social-worker': 'supervising fostering social worker',
  iro: 'Independent Reviewing Officer or Child Protection Chair',
  'personal-adviser': 'personal adviser or other practitioner without a social work qualification',
  'early-help': 'early help practitioner',
  'residential-staff': "residential children's home staff",
  'registered-manager': "registered manager of a children's home",
  'team-manager': 'team manager / area lead',
  'service-manager': 'service manager',
  'head-of-service': 'head of service',
  'assistant-director': 'assistant director',
  'business-support-manager': 'business support manager',
  'business-support': 'business support / administrative staff',
  'foster-carer': 'approved foster carer (supervised by a supervising social worker)',
} as const satisfies Record<string, string>;

export const SUPERVISION_TYPES = {
  'one-to-one': 'one-to-one supervision (welfare, performance, development and practice)',
  'case-management': 'case management supervision',
  professional: 'professional supervision',
  'reflective-case-discussion': 'reflective team case discussion (group)',
  'peer-reflection': 'peer reflection',
  group: 'team group supervision',
} as const satisfies Record<string, string>;

export const CASE_STATUSES = {
  'early-help': 'open to early help / family support',
  'child-in-need': 'child in need plan',
  'child-protection': 'child protection plan',
  'looked-after': 'looked after / cared for, not long-term matched',
  'looked-after-under-1-year': 'looked after less than a year, or in care proceedings',
  'looked-after-matched': 'looked after and long-term matched, placement stable',
  'youth-offending': 'open to the youth offending service',
  'exploitation-risk': 'known exploitation concerns or repeat missing episodes',
  'unregulated-placement': 'under 16 in an unregulated placement',
  'disabled-children': 'children with disabilities team (direct payments / short breaks)',
  'care-leaver-16-17': '16+ service',
  'care-leaver-18-21': 'care experienced young person aged 18–21',
  'care-leaver-18-21-risk': 'care experienced 18–21 with exploitation or homelessness concerns',
  'care-leaver-21-25': 'care experienced young person aged 21–25',
  'foster-carer-review': 'discussion of an individual foster carer after approval',
} as const satisfies Record<string, string>;

/** Pack ids shipped with Cadence, one per source document. */
export const SHIPPED_POLICIES = [
  'solihull',
  'knowsley',
  'lambeth',
  'city-of-london',
  'somerset',
] as const;

export function describeId(kind: 'role' | 'type' | 'case-status', id: string): string | undefined {
  const table: Record<string, string> =
    kind === 'role' ? STAFF_ROLES : kind === 'type' ? SUPERVISION_TYPES : CASE_STATUSES;
  return table[id];
}
