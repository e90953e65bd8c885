/**
 * The record card's owner typeahead: Teams asks the bot for people as an
 * owner is typed (an `application/search` invoke for the card's
 * `choices.data` dataset). Microsoft's documented request and answer
 * ("Typeahead search in Adaptive Cards",
 * learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/dynamic-search):
 * `value: { queryText, queryOptions: { skip, top }, dataset }` in, and
 * `{ type: 'application/vnd.microsoft.search.searchResponse', value: { results: [{ title, value }] } }`
 * out; the dropdown shows at most 15.
 *
 * Only someone in the roster is answered, only for the people dataset, and
 * only people (names, UPNs, teams) — what Teams' own people picker shows
 * everyone in the tenant. What was typed is never logged.
 */
import { PEOPLE_DATASET } from '../cards/index.ts';
import type { Actor, AssistantDeps } from '../supervision/index.ts';

/** Teams shows at most this many choices in the dropdown. */
export const SEARCH_RESULTS_MAX = 15;
/** Fewer characters than this match too many people to be worth a query. */
const MIN_QUERY = 2;

export interface SearchInvoke {
  queryText?: unknown;
  dataset?: unknown;
  queryOptions?: { skip?: unknown; top?: unknown } | undefined;
}

export interface SearchChoice {
  title: string;
  value: string;
}

const count = (value: unknown, fallback: number, max: number) =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0
    ? Math.min(value, max)
    : fallback;

export async function peopleSearch(
  deps: AssistantDeps,
  actor: Actor | null,
  invoke: SearchInvoke,
): Promise<SearchChoice[]> {
  const text = typeof invoke.queryText === 'string' ? invoke.queryText.trim().slice(0, 100) : '';
  if (!actor || invoke.dataset !== PEOPLE_DATASET || text.length < MIN_QUERY) return [];
  const top =
    count(invoke.queryOptions?.top, SEARCH_RESULTS_MAX, SEARCH_RESULTS_MAX) || SEARCH_RESULTS_MAX;
  const skip = count(invoke.queryOptions?.skip, 0, 10_000);
  const people = await deps.store.searchPeople(text, top, skip);
  return people.map((p) => ({ title: p.team ? `${p.name} (${p.team})` : p.name, value: p.upn }));
}
