/**
 * Card actions as Teams sends them to the bot on a real port, from people
 * of the demo council (PGlite, Outlook emulated), pressed with data of
 * their own making: ids of sessions and supervision that are not theirs,
 * and markdown typed by one person for another to read.
 * Today is pinned to Monday 23 November 2026, 09:00 London.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import type { Database } from '../store/index.ts';
import { startBotWorld, type BotWorld } from './support/bot-world.ts';
import { cardButtons, cardText } from './support/card-reading.ts';
import { markdownOf, rendered } from './support/markdown-reading.ts';

const clock = fixedClock(londonInstant(parseIsoDate('2026-11-23'), '09:00'));
const NISHA = 'n.patel@northdale.example'; // an ASYE: supervises no one
const MISSING = 9_999_999;
const LINK = '[click](https://evil.example)';

let world: BotWorld;
let db: Database;
const people = new Map<string, { id: number; aad: string; name: string }>();

beforeAll(async () => {
  world = await startBotWorld({ clock });
  db = world.db;
  for (const p of await db.query<{ id: string; upn: string; aad: string; name: string }>(
    'SELECT id, upn, entra_object_id AS aad, name FROM people WHERE entra_object_id IS NOT NULL',
  )) {
    people.set(p.upn, { id: Number(p.id), aad: p.aad, name: p.name });
  }
}, 120_000);

afterAll(async () => world?.close());

let presses = 0;
/** `upn` presses a button whose data is `data`, as Teams sends it from their personal chat. */
async function press(upn: string, verb: string, data: Record<string, unknown>) {
  const who = people.get(upn)!;
  presses += 1;
  return world.connector.invoke(world.stack.server.url, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `press-${presses}`,
    from: { id: `29:${who.id}`, aadObjectId: who.aad },
    recipient: { id: '28:cadence' },
    conversation: { id: `chat-${who.id}`, conversationType: 'personal' },
    replyToId: `1:${presses}`,
    value: { trigger: 'manual', action: { type: 'Action.Execute', verb, data: { ...data, verb } } },
  });
}

const nonce = () => `nonce-${Math.random().toString(36).slice(2)}`;

describe('someone pressing buttons with ids that are not theirs', () => {
  it('is told one thing, naming no one, whether the session or supervisee exists or not; a bad record there is refused the same, never a 500', async () => {
    const nisha = people.get(NISHA)!.id;
    const others = await db.query<{ session: string; relationship: string }>(
      `SELECT DISTINCT ON (s.status) s.id AS session, r.id AS relationship FROM sessions s JOIN relationships r ON r.id = s.relationship_id
        WHERE r.supervisor_id <> $1 AND r.supervisee_id <> $1 AND r.to_on IS NULL AND s.status IN ('booked', 'held') ORDER BY s.status, s.id`,
      [nisha],
    );
    expect(others.map((o) => o.session)).toHaveLength(2); // one booked, one held
    const sessionIds = [...others.map((o) => Number(o.session)), MISSING];
    const relationshipIds = [Number(others[0]!.relationship), MISSING];
    const written = async () =>
      db.query(
        'SELECT (SELECT count(*) FROM card_actions) AS nonces, (SELECT count(*) FROM agenda_items) AS agenda, (SELECT count(*) FROM audit_log) AS audit',
      );
    const before = await written();

    const sessionPresses = (sessionId: number): [string, Record<string, unknown>][] => [
      ['openRecord', { sessionId }],
      ['refresh', { card: 'record', sessionId }],
      ['refresh', { card: 'preparation', sessionId }],
      ['prepare', { sessionId, nonce: nonce(), agenda: 'Workload', done1: 'true' }],
      // Every field wrong: its problems would name the session's people ("case … is not allocated to …").
      [
        'record',
        {
          sessionId,
          nonce: nonce(),
          held: 'yes',
          heldOn: 'soon',
          nextDate: '2026-02-30',
          parts: 'welfare',
          action1Text: 'Chase',
          action1Owner: 'nobody@northdale.example',
          cases: 'NDC-000001',
        },
      ],
    ];
    const relationshipPresses = (relationshipId: number): [string, Record<string, unknown>][] => [
      ['propose', { relationshipId }],
      ['book', { relationshipId, durationMinutes: 60, nonce: nonce() }],
      ['refresh', { card: 'proposal', relationshipId }],
      ['refresh', { card: 'booking', relationshipId }],
    ];
    const answers = async (
      ids: number[],
      pressesFor: (id: number) => [string, Record<string, unknown>][],
    ) => {
      const texts = new Set<string>();
      for (const id of ids) {
        for (const [verb, data] of pressesFor(id)) {
          const answer = await press(NISHA, verb, data);
          expect(answer.status, `${verb} ${JSON.stringify(data)}`).toBe(200);
          texts.add(cardText(answer.card));
        }
      }
      return [...texts];
    };

    const sessions = await answers(sessionIds, sessionPresses);
    expect(sessions).toEqual([
      expect.stringContaining('Cadence could not find that session among yours'),
    ]);
    const relationships = await answers(relationshipIds, relationshipPresses);
    expect(relationships).toEqual([
      expect.stringContaining(
        'Cadence could not find that person among the people you supervise now',
      ),
    ]);
    // Chasing someone not below her, or no one: the same.
    const chases = await answers([0, 1], (i) => [
      [
        'chase',
        {
          upn: ['f.ali@northdale.example', 'nobody@northdale.example'][i],
          kind: 'unrecorded',
          nonce: nonce(),
        },
      ],
    ]);
    expect(chases).toEqual([
      expect.stringContaining('nothing of that kind is overdue for that person below you'),
    ]);

    for (const text of [...sessions, ...relationships, ...chases]) {
      // No name, no date, no id: nothing she did not send.
      for (const { name } of people.values()) expect(text).not.toContain(name);
      expect(text).not.toMatch(/\d/);
    }
    expect(await written()).toEqual(before);
  }, 60_000);
});

describe('what one person typed, in the other person’s card', () => {
  it('a record action "[click](https://evil.example)" is literal text, not a link, in the record the supervisee opens', async () => {
    const [row] = await db.query<{ id: string }>(
      `SELECT s.id FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisee_id
        WHERE p.upn = 'f.ali@northdale.example' AND s.status = 'booked' AND s.ends_at < $1 ORDER BY s.starts_at LIMIT 1`,
      [clock.now()],
    );
    const sessionId = Number(row!.id);
    const saved = await press('s.iqbal@northdale.example', 'record', {
      sessionId,
      nonce: nonce(),
      held: 'yes',
      parts: 'welfare',
      action1Text: LINK,
      action1Owner: 'f.ali@northdale.example',
      recordLocation: '**Mosaic** <https://evil.example/login>',
    });
    expect(cardText(saved.card)).toMatch(/Recorded by Sana Iqbal/);

    const opened = await press('f.ali@northdale.example', 'openRecord', { sessionId });
    const shown = markdownOf(opened.card).map(rendered);
    const actions = shown.find((r) => r.text.includes('click'));
    expect(actions?.text).toBe(`- ${LINK} (Farah Ali, due any time)`);
    expect(shown.map((r) => r.text)).toContain('**Mosaic** <https://evil.example/login>');
    expect(shown.flatMap((r) => [...r.links, ...r.autolinks])).toEqual([]);
  }, 30_000);
});

describe('buttons on one card', () => {
  it('each Chase on the overdue card chases its own person: the second is not taken for a replay of the first', async () => {
    const overdue = await press('p.nowak@northdale.example', 'command', { command: 'overdue' });
    const chases = cardButtons(overdue.card)
      .filter(
        (b) =>
          b.verb === 'chase' && !['no-supervisor', 'setting-missing'].includes(String(b.data.kind)),
      )
      .slice(0, 2);
    expect(chases).toHaveLength(2);
    for (const chase of chases)
      expect(
        cardText((await press('p.nowak@northdale.example', 'chase', chase.data)).card),
      ).toMatch(/Chase sent to/);
    // The same button pressed again (a double click, a second device) is still a replay.
    expect(
      cardText((await press('p.nowak@northdale.example', 'chase', chases[0]!.data)).card),
    ).toMatch(/Already chased/);
    expect(await db.query("SELECT 1 FROM outbox WHERE kind = 'chase'")).toHaveLength(2);
  }, 30_000);
});
