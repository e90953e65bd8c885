/**
 * Routes one Graph request (top-level or inside a $batch) to its handler,
 * after the checks Graph makes first: the app's permissions on the mailbox.
 *
 * Exchange RBAC for Applications adds to what Entra grants; it never narrows
 * it. A role in the token (granted in Entra, tenant-wide) reaches every
 * mailbox; a role assigned in Exchange, which no token carries, reaches the
 * mailboxes of its scope only. So an app is refused a mailbox only when
 * neither grants it there
 * (https://learn.microsoft.com/exchange/permissions-exo/application-rbac,
 * "Why does my application still have access to mailboxes that aren't granted
 * by the scope": "the assigned permissions are a union operation on the
 * permissions from Microsoft Entra ID and the permissions assigned in Exchange
 * Online RBAC"; and, for a vendor's reading,
 * https://help.sendent.com/nextcloud-exchange-connector-1/restricting-app-access-using-rbac-for-applications:
 * they "work in addition to, not instead of, existing permissions").
 */
import type { TokenClaims } from './auth.ts';
import type { CalendarStore } from './calendar-store.ts';
import type { DeltaTracker } from './delta.ts';
import type { Directory } from './directory.ts';
import { GraphError } from './errors.ts';
import { outputZone } from './event-json.ts';
import { calendarRoute } from './events-routes.ts';
import type { GraphRequest, GraphResponse } from './http-types.ts';
import { ianaZone } from './time.ts';
import { usersRoute } from './users-routes.ts';

const CALENDAR_SEGMENTS = new Set(['events', 'calendar', 'calendarView']);
const DIRECTORY_READ = [
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'Directory.ReadWrite.All',
];
const CALENDAR_READ = ['Calendars.Read', 'Calendars.ReadWrite'];
const CALENDAR_WRITE = ['Calendars.ReadWrite'];
const SCHEDULE_READ = ['Calendars.ReadBasic', ...CALENDAR_READ];

export interface Target {
  /** Segments after /v1.0, e.g. ['users', 'a@b', 'events']. */
  parts: string[];
  query: URLSearchParams;
  /** Lower-case UPN of the user addressed (or the raw segment if unknown). */
  mailbox?: string;
  /** Set when the request reaches an Exchange mailbox, which Outlook's concurrency limit counts. */
  mailboxKey?: string;
}

export class Router {
  constructor(
    private readonly directory: Directory,
    private readonly store: CalendarStore,
    private readonly delta: DeltaTracker,
    private readonly calendarScope: () => Set<string> | undefined,
    /** An app's roles from Exchange RBAC for Applications (not in its token). */
    private readonly exchangeRoles: (appId: string) => readonly string[] = () => [],
  ) {}

  target(url: string): Target {
    const u = new URL(url.startsWith('/') ? url : `/${url}`, 'http://emulator');
    const parts = u.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    if (parts[0] === 'v1.0') parts.shift();
    if (parts[0] !== 'users' || !parts[1]) return { parts, query: u.searchParams };
    const user = this.directory.find(parts[1]);
    const mailbox = (user?.userPrincipalName ?? parts[1]).toLowerCase();
    return {
      parts,
      query: u.searchParams,
      mailbox,
      mailboxKey: CALENDAR_SEGMENTS.has(parts[2] ?? '') ? mailbox : undefined,
    };
  }

  inScope = (upn: string): boolean => {
    const scope = this.calendarScope();
    return !scope || scope.has(upn.toLowerCase());
  };

  /** Whether the app holds one of `anyOf` on the mailbox: from Entra anywhere, or from Exchange inside its scope. No token (requireToken off): always. */
  private reaches(
    claims: TokenClaims | undefined,
    upn: string | undefined,
    anyOf: string[],
  ): boolean {
    if (!claims) return true;
    if (claims.roles.some((r) => anyOf.includes(r))) return true;
    return (
      upn !== undefined &&
      this.inScope(upn) &&
      this.exchangeRoles(claims.appid).some((r) => anyOf.includes(r))
    );
  }

  handle(
    req: GraphRequest,
    t: Target,
    claims: TokenClaims | undefined,
    base: string,
  ): GraphResponse {
    const { parts, query } = t;
    if (parts[0] !== 'users' || !parts[1])
      throw new GraphError(
        400,
        'BadRequest',
        `Resource not found for the segment '${parts[0] ?? ''}'.`,
      );
    const method = req.method.toUpperCase();
    if (!t.mailboxKey) {
      need(
        claims?.roles,
        DIRECTORY_READ,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation.',
      );
      return usersRoute(this.directory, parts, query, base);
    }
    const schedule = parts[2] === 'calendar' && parts[3] === 'getSchedule';
    const user = this.directory.find(parts[1]);
    const needed = schedule ? SCHEDULE_READ : method === 'GET' ? CALENDAR_READ : CALENDAR_WRITE;
    if (!this.reaches(claims, user?.userPrincipalName, needed)) {
      // Granted nowhere (no role in Entra, none in Exchange) or granted in Exchange for other mailboxes only.
      const anywhere =
        claims &&
        [...claims.roles, ...this.exchangeRoles(claims.appid)].some((r) => needed.includes(r));
      if (anywhere && user)
        throw new GraphError(
          403,
          'ErrorAccessDenied',
          'Access to OData is disabled: [RAOP] : Blocked by tenant configured AppOnly AccessPolicy settings.',
        );
      throw new GraphError(
        403,
        'ErrorAccessDenied',
        'Access is denied. Check credentials and try again.',
      );
    }
    if (!user)
      throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${parts[1]}' is invalid.`);
    const prefer = req.headers['prefer'] ?? '';
    // getSchedule answers each schedule it may not read with its own ErrorAccessDenied.
    const readable = (upn: string): boolean => this.reaches(claims, upn, SCHEDULE_READ);
    const ctx = {
      store: this.store,
      directory: this.directory,
      delta: this.delta,
      out: outputZone(prefer, ianaZone),
      base,
      inScope: readable,
      prefer,
    };
    return calendarRoute(ctx, user, method, parts.slice(2), query, req.body);
  }
}

/** `roles` undefined: the emulator runs without tokens, and lets everything through. */
function need(
  roles: readonly string[] | undefined,
  anyOf: string[],
  code: string,
  message: string,
): void {
  if (roles && !anyOf.some((r) => roles.includes(r))) throw new GraphError(403, code, message);
}
