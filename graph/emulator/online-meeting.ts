/**
 * Teams meeting links only where the organiser's calendar allows Teams.
 *
 * A calendar lists the providers it supports in `allowedOnlineMeetingProviders`
 * and its `defaultOnlineMeetingProvider`
 * (https://learn.microsoft.com/graph/api/resources/calendar,
 * https://learn.microsoft.com/graph/outlook-calendar-online-meetings). A create
 * asking for a provider the calendar does not allow is not refused: Graph
 * answers 201 with `isOnlineMeeting: false`, `onlineMeetingProvider: "unknown"`
 * and no `onlineMeeting` (microsoft-graph-docs-contrib issue 4625,
 * https://github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/4625).
 */
import type { EventInput, User } from './types.ts';

export const TEAMS = 'teamsForBusiness';

/** The providers a user's default calendar allows; a mailbox seeded without a list has Teams, as a Microsoft 365 business mailbox does. */
export function allowedProviders(user: Pick<User, 'onlineMeetingProviders'>): string[] {
  return user.onlineMeetingProviders ?? [TEAMS];
}

/** The calendar's own properties, as GET /calendar shows them. */
export function calendarProviders(user: Pick<User, 'onlineMeetingProviders'>): {
  allowedOnlineMeetingProviders: string[];
  defaultOnlineMeetingProvider: string;
} {
  const allowed = allowedProviders(user);
  return {
    allowedOnlineMeetingProviders: allowed.length > 0 ? allowed : ['unknown'],
    defaultOnlineMeetingProvider: allowed[0] ?? 'unknown',
  };
}

/** The event as the organiser's mailbox keeps it: an online meeting only with a provider it allows, else quietly none. */
export function withAllowedMeeting(input: EventInput, allowed: readonly string[]): EventInput {
  if (!input.isOnlineMeeting) return input;
  const provider = input.onlineMeetingProvider ?? allowed[0] ?? 'unknown';
  if (allowed.includes(provider)) return { ...input, onlineMeetingProvider: provider };
  return { ...input, isOnlineMeeting: false, onlineMeetingProvider: 'unknown' };
}
