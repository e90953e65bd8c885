/**
 * Records both people own, through the bot on a real port (issue 16, "end to
 * end in the Playground API tests"): card actions as Teams sends them, from
 * people of the demo council. Sana Iqbal records her session with Farah Ali;
 * Farah opens the record, agrees, and the export shows her signature. A second
 * record she disagrees with, saying why: her supervisor is told, and so is
 * her supervisor's manager, Paula Nowak, by a card with the reason (never the
 * record's own words). Today is pinned to Monday 23 November 2026, 09:00 London.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { cardForOutboxItem } from '../bot/outbox-cards.ts';
import { londonInstant, parseIsoDate } from '../rules/index.ts';
import { cardPresser, startBotWorld, type BotWorld } from './support/bot-world.ts';
import { cardButtons, cardText } from './support/card-reading.ts';
import { exportedSessions } from './support/exported-sessions.ts';
import { teamsPerson } from './support/teams-person.ts';

const NOW = londonInstant(parseIsoDate('2026-11-23'), '09:00');
const clock = fixedClock(NOW);
const SANA = 's.iqbal@northdale.example';
const FARAH = 'f.ali@northdale.example';
const PAULA = 'p.nowak@northdale.example';

let world: BotWorld;
const people = new Map<string, { id: number; aad: string }>();

beforeAll(async () => {
  world = await startBotWorld({ clock });
  for (const p of await world.db.query<{ id: string; upn: string; aad: string }>(
    'SELECT id, upn, entra_object_id AS aad FROM people WHERE entra_object_id IS NOT NULL',
  ))
    people.set(p.upn, { id: Number(p.id), aad: p.aad });
}, 120_000);
afterAll(async () => world?.close());

let presses = 0;
async function press(upn: string, data: Record<string, unknown>) {
  const who = people.get(upn)!;
  presses += 1;
  const answer = await cardPresser(world)(
    { id: `29:${who.id}`, aadObjectId: who.aad },
    `1:${presses}`,
    {
      verb: String(data.verb),
      data,
    },
  );
  expect(answer.status).toBe(200);
  return answer.card!;
}
/** The data of the card's button titled `title`, as Teams would send it back. */
const buttonData = (card: Record<string, unknown>, title: string) => {
  const found = cardButtons(card).find((b) => b.title === title);
  if (!found)
    throw new Error(
      `no ${title} on the card: ${cardButtons(card)
        .map((b) => b.title)
        .join(', ')}`,
    );
  return found.data as Record<string, unknown>;
};

const unrecordedWithFarah = async () =>
  (
    await world.db.query<{ id: string }>(
      `SELECT s.id FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisee_id
        WHERE p.upn = $1 AND s.status = 'booked' AND s.ends_at < $2 ORDER BY s.starts_at`,
      [FARAH, NOW],
    )
  ).map((r) => Number(r.id));

describe("the supervisee's sign-off, through the bot", () => {
  it('Sana records, Farah agrees from the record card, and the export shows it', async () => {
    const [sessionId] = await unrecordedWithFarah();
    const saved = await press(SANA, {
      verb: 'record',
      sessionId,
      nonce: 'record-farah-1',
      held: 'yes',
      summary: 'Workload and the court timetable.',
      recordLocation: 'Mosaic, supervision episode',
    });
    expect(cardText(saved)).toMatch(/Waiting for Farah Ali to sign this record off \(due by/);

    // The sign-off card waits in the outbox for Farah; she opens the record and agrees.
    const [asked] = await world.db.query<{ recipient: string }>(
      "SELECT recipient_id AS recipient FROM outbox WHERE kind = 'sign-off'",
    );
    expect(Number(asked!.recipient)).toBe(people.get(FARAH)!.id);
    const opened = await press(FARAH, { verb: 'openRecord', sessionId });
    expect(cardText(opened)).toContain('Workload and the court timetable.');
    const agreed = await press(FARAH, buttonData(opened, 'Agree'));
    expect(cardText(agreed)).toMatch(/You agreed with this record on Mon 23 Nov 2026/);

    const exported = await exportedSessions(world.db, clock, {
      from: '2026-11-01',
      to: '2026-11-23',
    });
    const row = exported.find((r) => r['session id'] === String(sessionId))!;
    expect(row['signed off by supervisee']).toBe('agreed');
    expect(row['signed off at']).toMatch(/^2026-11-23/);
  });

  it('a disagreement, with its reason, reaches her supervisor and her supervisor’s manager', async () => {
    // A second session with Farah, held last Wednesday and not yet recorded.
    const [{ id } = { id: '0' }] = await world.db.query<{ id: string }>(
      `INSERT INTO sessions (relationship_id, type, status, starts_at, ends_at)
       SELECT r.id, 'one-to-one', 'booked', '2026-11-18T10:00:00Z', '2026-11-18T11:00:00Z'
         FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = $1 AND r.to_on IS NULL RETURNING id`,
      [FARAH],
    );
    const sessionId = Number(id);
    await press(SANA, {
      verb: 'record',
      sessionId,
      nonce: 'record-farah-2',
      held: 'yes',
      summary: 'Caseload reduced to 18.',
    });
    const opened = await press(FARAH, { verb: 'openRecord', sessionId });
    const refused = await press(FARAH, { ...buttonData(opened, 'Disagree') });
    expect(cardText(refused)).toMatch(/say why/i);
    const disagreed = await press(FARAH, {
      ...buttonData(opened, 'Disagree'),
      comment: 'We agreed 16, not 18.',
    });
    expect(cardText(disagreed)).toContain(
      'Your supervisor and Paula Nowak, their manager, have been told.',
    );

    const sent = await world.db.query<{ kind: string; recipient: string; key: string }>(
      "SELECT kind, recipient_id AS recipient, key FROM outbox WHERE kind IN ('sign-off-answer', 'sign-off-disagreement') ORDER BY kind",
    );
    expect(sent.map((s) => [s.kind, Number(s.recipient)])).toEqual([
      ['sign-off-answer', people.get(SANA)!.id],
      ['sign-off-disagreement', people.get(PAULA)!.id],
    ]);
    const { deps } = await teamsPerson(world.db, PAULA, NOW);
    const toPaula = cardText(
      await cardForOutboxItem(deps, (await deps.outbox.byKey(sent[1]!.key))!),
    );
    expect(toPaula).toContain('We agreed 16, not 18.');
    expect(toPaula).toContain('Farah Ali');
    expect(toPaula).not.toContain('Caseload reduced to 18.');
  });
});
