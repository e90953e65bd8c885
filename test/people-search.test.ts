/**
 * The record card's owner typeahead (issue 16, item 6: an action's owner may
 * be anyone in the roster): Teams sends the bot an `application/search`
 * invoke as an owner is typed, shaped as Microsoft documents it ("Typeahead
 * search in Adaptive Cards", learn.microsoft.com/microsoftteams/platform/
 * task-modules-and-cards/cards/dynamic-search), and shows what the bot
 * answers. The bot on a real port with the demo council, through the
 * stand-in Teams connector.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import { startBotWorld, type BotWorld } from './support/bot-world.ts';

const clock = fixedClock(londonInstant(parseIsoDate('2026-11-23'), '09:00'));
/** Sana Iqbal, a team manager in the demo council. */
const SANA = { aadObjectId: 'd5113366-fcb5-4beb-be32-2dbf6173dbe4', id: '29:sana-iqbal' };
const STRANGER = { aadObjectId: '00000000-0000-0000-0000-00000000dead', id: '29:stranger' };

let world: BotWorld;
beforeAll(async () => {
  world = await startBotWorld({ clock });
}, 120_000);
afterAll(async () => world?.close());

let sent = 0;
async function search(
  queryText: string,
  options: { dataset?: string; top?: number; skip?: number; from?: typeof SANA } = {},
) {
  sent += 1;
  const answer = await world.connector.invoke(world.stack.server.url, {
    type: 'invoke',
    name: 'application/search',
    id: `search-${sent}`,
    from: options.from ?? SANA,
    recipient: { id: '28:cadence' },
    conversation: { id: 'a:sana-personal', conversationType: 'personal', tenantId: 'tenant' },
    value: {
      queryText,
      queryOptions: { skip: options.skip ?? 0, top: options.top ?? 15 },
      dataset: options.dataset ?? 'people',
    },
  });
  expect(answer.status).toBe(200);
  const body = answer.body as {
    type?: string;
    value?: { results: { title: string; value: string }[] };
  };
  expect(body.type).toBe('application/vnd.microsoft.search.searchResponse');
  return body.value!.results;
}

describe('the owner typeahead', () => {
  it('finds people in the roster by any part of their name, names starting with it first, as title and UPN', async () => {
    const [someone] = await world.db.query<{ name: string; upn: string; team: string | null }>(
      "SELECT name, upn, team FROM people WHERE name LIKE '% %' ORDER BY id LIMIT 1",
    );
    const surname = someone!.name.split(' ').at(-1)!;
    const results = await search(surname.slice(0, 4).toUpperCase());
    expect(results).toContainEqual({
      title: someone!.team ? `${someone!.name} (${someone!.team})` : someone!.name,
      value: someone!.upn,
    });
    expect(results.length).toBeLessThanOrEqual(15);
    // By the first name's start: those whose name starts with it come before those who only contain it.
    const first = someone!.name.slice(0, 3);
    const byName = await search(first);
    const starts = byName.map((r) => r.title.toLowerCase().startsWith(first.toLowerCase()));
    expect(starts.indexOf(false) === -1 || starts.lastIndexOf(true) < starts.indexOf(false)).toBe(
      true,
    );
  });

  it('pages as Teams asks, and never answers more than the dropdown shows', async () => {
    const all = await search('a', {}); // too short: nothing
    expect(all).toEqual([]);
    const firstTwo = await search('an', { top: 2 });
    const nextTwo = await search('an', { top: 2, skip: 2 });
    expect(firstTwo).toHaveLength(2);
    expect(nextTwo.map((r) => r.value)).not.toContain(firstTwo[0]!.value);
    // Everyone's UPN holds the council's domain: more people match than the dropdown shows.
    const [{ upn } = { upn: '' }] = await world.db.query<{ upn: string }>(
      'SELECT upn FROM people LIMIT 1',
    );
    const domain = upn.split('@')[1]!;
    const [{ n } = { n: 0 }] = await world.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM people WHERE upn ILIKE $1',
      [`%@${domain}`],
    );
    expect(n).toBeGreaterThan(15);
    expect(await search(domain, { top: 500 })).toHaveLength(15);
  });

  it('answers nothing to someone not in the roster, for another dataset, or for LIKE patterns typed', async () => {
    expect(await search('an', { from: STRANGER })).toEqual([]);
    expect(await search('an', { dataset: 'cases' })).toEqual([]);
    expect(await search('%%')).toEqual([]);
    expect(await search('__')).toEqual([]);
  });
});
