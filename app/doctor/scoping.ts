/**
 * How Cadence's calendar access should be granted, and Microsoft's words for
 * it. Cadence needs one Graph application permission, Calendars.ReadWrite,
 * and only over the supervision staff's mailboxes. Exchange Online's RBAC for
 * Applications grants it with a scope; that grant lives in Exchange, so the
 * token's `roles` claim does not carry it. A grant in Entra is tenant-wide, and
 * adds to the scoped one rather than being limited by it ("the assigned
 * permissions are a union operation on the permissions from Microsoft Entra ID
 * and the permissions assigned in Exchange Online RBAC"): it must be removed.
 */
export const RBAC_FOR_APPLICATIONS =
  'https://learn.microsoft.com/exchange/permissions-exo/application-rbac';
export const RBAC_FAQ_UNSCOPED = `${RBAC_FOR_APPLICATIONS}#why-does-my-application-still-have-access-to-mailboxes-that-arent-granted-by-the-scope-i-used-in-exchange-online-application-rbac`;

export const CALENDARS = 'Calendars.ReadWrite';

export function assignCommand(clientId: string): string {
  return `New-ManagementRoleAssignment -App ${clientId} -Role "Application Calendars.ReadWrite" -CustomResourceScope "<the supervision staff scope>"`;
}

export function testCommand(clientId: string, upn: string): string {
  return `Test-ServicePrincipalAuthorization -Identity ${clientId} -Resource ${upn}`;
}
