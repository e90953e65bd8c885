/**
 * The Teams bot on a real port, through a real client: the Microsoft 365
 * Agents Playground's HTTP and WebSocket API, sending as the demo council's
 * people (their Entra object ids come from the Playground's configuration).
 * The embedded stack as `npm start` runs it — PGlite, the Graph emulator with
 * the demo council — on a pinned clock: Monday 23 November 2026, 09:00 London.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../app/clock.ts';
import { readConfig } from '../app/config.ts';
import { startEmbedded, type Embedded } from '../app/embedded/stack.ts';
import { londonInstant, type IsoDate } from '../rules/index.ts';
import { listAudit } from '../store/index.ts';
import { button, cardButtons, cardInputs, cardOf, cardText } from './support/card-reading.ts';
import { connectPlayground, type PlaygroundClient } from './support/playground-client.ts';
import { freePort } from './support/ports.ts';

const clock = fixedClock(londonInstant('2026-11-23' as IsoDate, '09:00'));
let embedded: Embedded;
let client: PlaygroundClient;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cadence-bot-'));
  embedded = await startEmbedded({
    config: readConfig({ CADENCE_DATA_DIR: dir, PORT: '0' }),
    clock,
    playground: true,
    playgroundPort: await freePort(),
    log: () => {},
    background: false,
    answerWithinMs: 0,
  });
  client = await connectPlayground(embedded.playground!.url, { personas: embedded.personas });
  // On start the browser's person is installed in her chat, as in Teams, and greeted with the help card.
  await client.nextMessage((m) => m.card !== null && m.userId === client.currentUserId);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await embedded?.stop();
}, 60_000);

interface Shown {
  /** The Playground's id of the message the card is in: what a button press replies to. */
  id: string;
  card: Record<string, unknown>;
}

/** Says `text` as `persona` and returns the card the bot answers with. */
async function ask(persona: string, text: string): Promise<Shown> {
  const userId = client.userId(persona);
  const reply = client.nextMessage(
    (m) => m.card !== null && (m.userId === null || m.userId === userId),
  );
  await client.say(persona, text);
  const message = await reply;
  return { id: message.id, card: cardOf(message) };
}

/** Presses a card's button (Action.Execute) as `persona`; Teams replaces the card in place with the answer. */
async function press(
  persona: string,
  on: Shown,
  pressed: { verb: string; data: Record<string, unknown> },
  inputs: Record<string, unknown> = {},
): Promise<Shown> {
  const result = await client.invoke(persona, on.id, pressed.verb, { ...pressed.data, ...inputs });
  if (!result.card)
    throw new Error(
      `the bot answered ${pressed.verb} without a card: ${JSON.stringify(result).slice(0, 300)}`,
    );
  return { id: on.id, card: result.card };
}

/** The list's Record button for one session. */
function recordButton(card: unknown, sessionId: number) {
  const found = cardButtons(card).find(
    (b) => b.verb === 'openRecord' && b.data.sessionId === sessionId,
  );
  if (!found) throw new Error(`no Record button for session ${sessionId}`);
  return found;
}

async function sessionIdOf(superviseeUpn: string, status = 'booked'): Promise<number> {
  const [row] = await embedded.db.query<{ id: string }>(
    `SELECT s.id FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisee_id
      WHERE p.upn = $1 AND s.status = $2 ORDER BY s.starts_at LIMIT 1`,
    [superviseeUpn, status],
  );
  return Number(row!.id);
}

describe('commands in personal chat', () => {
  it('answers help with the commands that person can use', async () => {
    const supervisor = cardText((await ask('supervisor', 'help')).card);
    expect(supervisor).toMatch(/book/i);
    expect(supervisor).toMatch(/record/i);
    const supervisee = cardText((await ask('supervisee', 'help')).card);
    expect(supervisee).toMatch(/my sessions/i);
    expect(supervisee).not.toMatch(/\bbook\b/i);
  });

  it('answers a typo with the help card, saying it did not understand', async () => {
    const text = cardText((await ask('manager', 'overdew')).card);
    expect(text).toMatch(/understand/i);
    expect(text).toMatch(/overdue/i);
  });

  it('lists the supervisee’s next session under "my sessions"', async () => {
    expect(cardText((await ask('supervisee', 'my sessions')).card)).toMatch(/Sana Iqbal/);
  });

  it('shows a supervisor their supervisees under "team", and a manager the compliance of their service', async () => {
    expect(cardText((await ask('supervisor', 'team')).card)).toMatch(/Nisha Patel/);
    expect(cardText((await ask('manager', 'compliance')).card)).toMatch(/%/);
  });
});

describe('for administrators', () => {
  it('lists who has not installed the app, and only to an administrator', async () => {
    const list = cardText((await ask('admin', 'not installed')).card);
    expect(list).toMatch(/have not installed Cadence/);
    expect(list).toMatch(/Farah Ali/); // a demo person who has never talked to the bot
    expect(list).not.toMatch(/Lucy Baker/); // she just did
    expect(cardText((await ask('supervisor', 'not installed')).card)).toMatch(
      /only Cadence administrators/,
    );
  });
});

describe('booking from the proposal card', () => {
  it('proposes, offers another time, books once, and answers a replayed Book with what is booked', async () => {
    const picker = await ask('supervisor', 'book');
    const proposal = await press('supervisor', picker, button(picker.card, /Nisha Patel/));
    const slot = (card: unknown) => cardText(card).match(/Every [^*\n]+? at \d\d:\d\d/)?.[0];
    expect(slot(proposal.card)).toBeDefined();

    const another = await press('supervisor', proposal, button(proposal.card, /Another time/i));
    expect(slot(another.card)).toBeDefined();
    expect(slot(another.card)).not.toBe(slot(proposal.card));

    const mailbox = embedded.emulator.state.directory.find('s.iqbal@northdale.example')!.id;
    const events = () => embedded.emulator.state.store.events(mailbox).length;
    const before = events();
    const bookButton = button(another.card, /^Book/);
    const replaced = client.nextMessage(
      (m) => m.kind === 'update' && m.id === another.id && m.card !== null,
      30_000,
    );
    const underWay = await press('supervisor', another, bookButton);
    expect(cardText(underWay.card)).toMatch(/Booking supervision/);
    // Teams' client puts the booked card in place of the one pressed, when booking ends.
    expect(cardText((await replaced).card)).toMatch(/Supervision booked: \d+ sessions/);
    const after = events();
    expect(after).toBeGreaterThan(before);

    const replay = await press('supervisor', another, bookButton);
    expect(cardText(replay.card)).toMatch(/booked/i);
    expect(events()).toBe(after);
  });

  it('refuses a proposal for someone else’s supervisee', async () => {
    // The manager sends the supervisor's button's data from a card in their own chat.
    const picker = await ask('supervisor', 'book');
    const own = await ask('manager', 'help');
    const answer = await press('manager', own, button(picker.card, /Nisha Patel/));
    expect(cardText(answer.card)).toMatch(
      /could not find that person among the people you supervise/,
    );
    expect(cardText(answer.card)).not.toMatch(/Sana Iqbal|Nisha Patel/);
  });
});

describe('recording from the record card', () => {
  it('shows the problems of a bad record, saves a good one, answers a replay with the record, and the overdue list changes', async () => {
    const unrecorded = /Farah Ali[\s\S]{0,200}not recorded/;
    expect(cardText((await ask('manager', 'overdue')).card)).toMatch(unrecorded);

    const list = await ask('supervisor', 'record');
    const form = await press(
      'supervisor',
      list,
      recordButton(list.card, await sessionIdOf('f.ali@northdale.example')),
    );
    expect(cardInputs(form.card)).toEqual(
      expect.arrayContaining([
        'held',
        'heldOn',
        'parts',
        'action1Text',
        'nextDate',
        'recordLocation',
      ]),
    );
    const save = button(form.card, /Save/i);

    const bad = await press('supervisor', form, save, {
      held: 'yes',
      nextDate: '2026-11-01',
      action1Text: 'Chase the school',
      action1Owner: 'nobody@northdale.example',
    });
    expect(cardText(bad.card)).toMatch(/not after this session/);
    expect(cardText(bad.card)).toMatch(/not a person in Cadence/);
    expect(
      await embedded.db.query(
        "SELECT 1 FROM sessions WHERE status = 'held' AND recorded_by IS NOT NULL",
      ),
    ).toHaveLength(0);

    const good = await press('supervisor', bad, button(bad.card, /Save/i), {
      held: 'yes',
      parts: 'welfare,practice',
      durationMinutes: '60',
      action1Text: 'Chase the school',
      action1Owner: 'f.ali@northdale.example',
      action1Due: '2026-12-04',
      nextDate: '2026-12-10',
      recordLocation: 'Mosaic, supervision episode',
    });
    expect(cardText(good.card)).toMatch(/Sana Iqbal/);
    expect(cardInputs(good.card)).toEqual([]);

    const replay = await press('supervisor', good, save, { held: 'no', reason: 'sickness' });
    expect(cardInputs(replay.card)).toEqual([]);
    const recorded = (await listAudit(embedded.db, 'session')).filter(
      (e) => e.action === 'session.recorded',
    );
    expect(recorded).toHaveLength(1);
    const [row] = await embedded.db.query<{ status: string; record: Record<string, unknown> }>(
      'SELECT status, record FROM sessions WHERE recorded_by IS NOT NULL',
    );
    expect(row).toMatchObject({
      status: 'held',
      record: { parts: ['welfare', 'practice'], nextDate: '2026-12-10' },
    });

    expect(cardText((await ask('manager', 'overdue')).card)).not.toMatch(unrecorded);
  });

  it('will not open a record card for someone who is not the supervisor', async () => {
    const list = await ask('supervisor', 'record');
    const own = await ask('supervisee', 'help');
    const answer = await press(
      'supervisee',
      own,
      recordButton(list.card, await sessionIdOf('c.evans@northdale.example')),
    );
    expect(cardText(answer.card)).toMatch(/could not find that session among yours/);
    expect(cardText(answer.card)).not.toMatch(/Sana Iqbal|Carys Evans/);
  });

  it('answers tampered card data with a clear message and changes nothing', async () => {
    const list = await ask('supervisor', 'record');
    const audit = (await listAudit(embedded.db)).length;
    const answer = await client.invoke('supervisor', list.id, 'record', {
      sessionId: 'one; DROP TABLE sessions',
      nonce: 'x',
    });
    expect(cardText(answer.card)).toMatch(/could not be read/i);
    expect((await listAudit(embedded.db)).length).toBe(audit);
  });
});

describe('who is overdue', () => {
  it('groups what is wrong, worst first, and chases a person once', async () => {
    const overdue = await ask('manager', 'overdue');
    expect(cardText(overdue.card)).toMatch(/overdue/i);
    // The button names who receives the reminder (issue 18: "Chase Gareth Turner" reached someone else), and that is who does.
    const chase = button(overdue.card, /^Remind .+ about /);
    const recipient = /^Remind (.+) about /.exec(chase.title)![1]!;
    const chased = await press('manager', overdue, chase);
    expect(cardText(chased.card)).toContain(`Chase sent to ${recipient}.`);
    const again = await press('manager', overdue, chase);
    expect(cardText(again.card)).toMatch(/Already chased/);
    expect(await embedded.db.query("SELECT 1 FROM outbox WHERE kind = 'chase'")).toHaveLength(1);
  });

  it('works from the Action.Submit fallback too', async () => {
    const help = await ask('manager', 'help');
    const reply = client.nextMessage((m) => m.card !== null && /overdue/i.test(cardText(m.card)));
    await client.submit('manager', help.id, { verb: 'command', command: 'overdue' });
    expect(cardText((await reply).card)).toMatch(/people/i);
  });
});

describe('proactive messages', () => {
  it('sends the supervisee a preparation card, and saves their ticks and agenda item', async () => {
    await ask('supervisee', 'help'); // the conversation reference is kept on every message
    await embedded.stack.runJobs();
    const preparation = client.nextMessage(
      (m) => m.card !== null && /threshold guidance/.test(cardText(m.card)),
      30_000,
    );
    await embedded.stack.drainNow();
    const message = await preparation;
    const shown = { id: message.id, card: cardOf(message) };
    const toggle = cardInputs(shown.card).find((id) => id.startsWith('done'))!;
    const saved = await press('supervisee', shown, button(shown.card, /Save/i), {
      [toggle]: 'true',
      agenda: 'Caseload weighting',
    });
    expect(cardText(saved.card)).toMatch(/Caseload weighting/);
    const [action] = await embedded.db.query<{ done_on: string | null }>(
      'SELECT done_on FROM actions WHERE id = $1',
      [Number(toggle.slice(4))],
    );
    expect(action!.done_on).toBe('2026-11-23');
  });
});
