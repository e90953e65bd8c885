/**
 * Directory endpoints: GET /users/{id}, /users/{id}/manager and
 * /users/{id}/directReports (https://learn.microsoft.com/graph/api/user-list-directreports?view=graph-rest-1.0).
 */
import type { Directory } from './directory.ts';
import { GraphError } from './errors.ts';
import { json, type GraphResponse } from './http-types.ts';
import { page } from './paging.ts';
import type { User } from './types.ts';

const DEFAULT_FIELDS = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];

export function userJson(u: User, select?: string[]): Record<string, unknown> {
  const [given, ...rest] = u.displayName.split(' ');
  const all: Record<string, unknown> = {
    businessPhones: [],
    displayName: u.displayName,
    givenName: given ?? null,
    jobTitle: u.jobTitle,
    mail: u.mail,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: 'en-GB',
    surname: rest.join(' ') || null,
    userPrincipalName: u.userPrincipalName,
    id: u.id,
  };
  const fields = select && select.length > 0 ? select : DEFAULT_FIELDS;
  return Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]]));
}

export function usersRoute(
  directory: Directory,
  parts: string[],
  q: URLSearchParams,
  base: string,
): GraphResponse {
  const user = directory.require(parts[1] ?? '');
  const select = q
    .get('$select')
    ?.split(',')
    .map((s) => s.trim());
  if (parts.length === 2)
    return json(200, {
      '@odata.context': `${base}/$metadata#users/$entity`,
      ...userJson(user, select),
    });
  if (parts[2] === 'manager' && parts.length === 3) {
    const m = user.managerId ? directory.find(user.managerId) : undefined;
    if (!m)
      throw new GraphError(
        404,
        'Request_ResourceNotFound',
        `Resource 'manager' does not exist or one of its queried reference-property objects are not present.`,
      );
    return json(200, {
      '@odata.context': `${base}/$metadata#directoryObjects/$entity`,
      '@odata.type': '#microsoft.graph.user',
      ...userJson(m, select),
    });
  }
  if (parts[2] === 'directReports' && parts.length === 3) {
    const reports = directory
      .directReports(user.id)
      .map((r) => ({ '@odata.type': '#microsoft.graph.user', ...userJson(r, select) }));
    return json(200, {
      '@odata.context': `${base}/$metadata#directoryObjects`,
      ...page(reports, q, `${base}/users/${user.id}/directReports`),
    });
  }
  throw new GraphError(
    400,
    'BadRequest',
    `Resource not found for the segment '${parts[2] ?? ''}'.`,
  );
}
