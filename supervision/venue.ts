/**
 * Where a relationship's sessions are held, set by the roster's `venue`
 * column: `teams` (a Teams meeting link on each session) or `in-person`.
 * One rule for every route that books (the daily job, `cadence book`, the
 * Book button): the relationship's agreement, never the caller. Its own file
 * because roster import needs the words, not booking.
 */
export const VENUES = ['teams', 'in-person'] as const;
export type Venue = (typeof VENUES)[number];

/** An empty cell: Teams where the supervisee uses Teams, else in person (a foster carer often has no Teams). */
export function defaultVenue(usesTeams: boolean): Venue {
  return usesTeams ? 'teams' : 'in-person';
}
