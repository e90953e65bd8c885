/**
 * End to end, as a person uses it: `npm start`'s stack (PGlite, the Graph
 * emulator with the demo council, the bot, the Agents Playground) driven in
 * Debian's Chromium with playwright-core. The browser is the Playground's
 * current user, Sana Iqbal: a team manager who supervises eight people, two
 * of whom the roster leaves for her to book from Teams. Book answers "under
 * way" at once here (answerWithinMs 0), as it does in Teams when Outlook is
 * slow, so the booked card is seen arriving in its place.
 * Screenshots of each step are kept in test-results/e2e/.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../app/config.ts';
import { startEmbedded, type Embedded } from '../../app/embedded/stack.ts';
import { runAction } from '../../bot/turns.ts';
import { parseCardAction } from '../../cards/index.ts';
import { londonInstant, type IsoDate } from '../../rules/index.ts';
import { freePort } from '../support/ports.ts';

const SHOTS = join(process.cwd(), 'test-results', 'e2e');
let now = londonInstant('2026-11-23' as IsoDate, '09:00');
/** Fixed, and moved on only by the last test, to after the group's first meeting. */
const clock = { now: () => new Date(now) };
let embedded: Embedded;
/** The embedded data, kept when the last test starts the stack again as the supervisee. */
const dataDir = mkdtempSync(join(tmpdir(), 'cadence-e2e-'));
let browser: Browser;
let page: Page;
let step = 0;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  embedded = await startAs('supervisor');
  // The demo as a newcomer meets it a minute after npm start: the day's jobs have run, so everyone
  // the daily job books is booked, and only those the roster leaves to their supervisor are not.
  await embedded.stack.runJobs();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(embedded.playground!.url);
  await page.getByRole('treeitem', { name: 'Personal Chat' }).click({ timeout: 60_000 });
});

/** `npm start`'s stack over the same data, the Playground's current user the demo persona `as`. */
async function startAs(as: 'supervisor' | 'supervisee'): Promise<Embedded> {
  return startEmbedded({
    config: readConfig({ CADENCE_DATA_DIR: dataDir, PORT: '0' }),
    clock,
    playground: true,
    playgroundPort: await freePort(),
    log: () => {},
    background: false,
    answerWithinMs: 0,
    ...(as === 'supervisee' && { currentUser: 'supervisee' }),
  });
}

afterAll(async () => {
  await browser?.close();
  await embedded?.stop();
});

async function shot(name: string): Promise<void> {
  step += 1;
  await page.screenshot({
    path: join(SHOTS, `${String(step).padStart(2, '0')}-${name}.png`),
    fullPage: true,
  });
}

/** Types a message in the chat box and sends it. */
async function say(text: string): Promise<void> {
  const box = page.locator('[data-lexical-editor="true"]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** Picks `option` in a compact choice set: a <select> or a Fluent combobox, depending on the renderer. */
async function choose(card: Locator, label: string, option: string): Promise<void> {
  const input = card.getByLabel(label).first();
  if ((await input.evaluate((element) => element.tagName)) === 'SELECT') {
    await input.selectOption({ label: option });
  } else {
    await input.click();
    await page.getByRole('option', { name: option }).click();
  }
}

/** The regular slot a proposal card shows, e.g. "Every 4 weeks on Tuesday at 14:30". */
function slotOf(text: string): { day: string; time: string; both: string } {
  const match = /Every .*? on (\w+) at (\d\d:\d\d)/.exec(text);
  if (!match) throw new Error(`no slot in the proposal: ${text.slice(0, 300)}`);
  return { day: match[1]!, time: match[2]!, both: `${match[1]} ${match[2]}` };
}

/** The newest card in the chat that shows `text`. */
function cardWith(text: string | RegExp): Locator {
  return page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
}

describe('in Teams (the Agents Playground in Chromium)', () => {
  it('a supervisor proposes times for someone left for her to book, asks for another time, and books it', async () => {
    await say('book');
    const picker = cardWith('Propose times for Gareth Turner');
    await expect.poll(() => picker.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await picker.innerText()).toMatch(/Gareth Turner[^\n]*nothing booked/);
    await shot('picker');
    await picker.getByRole('button', { name: 'Propose times for Gareth Turner' }).click();
    const proposal = cardWith(/Gareth Turner[\s\S]*Every .* at \d\d:\d\d/);
    await expect.poll(() => proposal.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const first = slotOf(await proposal.innerText());
    await shot('proposal');
    await proposal.getByRole('button', { name: 'Another time' }).click();
    // Teams puts the answer in place of the card: the slot changes.
    await expect
      .poll(
        async () =>
          slotOf(await cardWith(/Gareth Turner[\s\S]*Every .* at \d\d:\d\d/).innerText()).both,
        { timeout: 30_000 },
      )
      .not.toBe(first.both);
    const another = cardWith(/Gareth Turner[\s\S]*Every .* at \d\d:\d\d/);
    const chosen = slotOf(await another.innerText());
    await shot('another-time');
    await another.getByRole('button', { name: /^Book/ }).click();
    // At once: booking is under way; then, in the same place, what was booked.
    await expect
      .poll(() => cardWith('Booking supervision').count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await shot('booking-under-way');
    const booked = cardWith(/Supervision booked: \d+ sessions/);
    await expect.poll(() => booked.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await cardWith('Booking supervision').count()).toBe(0);
    await shot('booked');
    // Outlook holds the series at the time chosen, in Sana's calendar with Gareth invited.
    const series = embedded.emulator.state.store
      .events(embedded.emulator.state.directory.require('s.iqbal@northdale.example').id)
      .filter(
        (e) =>
          e.input.recurrence &&
          e.input.attendees?.some((a) => a.emailAddress.address === 'g.turner@northdale.example'),
      );
    expect(series.length).toBeGreaterThan(0);
    expect(series.map((e) => e.input.start.dateTime.slice(11, 16))).toContain(chosen.time);
    const [row] = await embedded.db.query<{ n: string }>(
      `SELECT count(*) AS n FROM sessions s JOIN relationships r ON r.id = s.relationship_id JOIN people p ON p.id = r.supervisee_id
        WHERE p.upn = 'g.turner@northdale.example' AND s.status = 'booked' AND s.calendar_event_id IS NOT NULL`,
    );
    expect(Number(row!.n)).toBeGreaterThan(0);
  });

  it('a manager asks who is overdue and gets the card', async () => {
    await say('who is overdue?');
    const overdue = cardWith(/Farah Ali/);
    await expect.poll(() => overdue.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot('overdue-before');
    expect(await overdue.innerText()).toMatch(/not recorded/);
  });

  it('a record card is filled in and the overdue list changes', async () => {
    await say('record');
    const list = cardWith('Record the session with Farah Ali');
    await list.getByRole('button', { name: 'Record the session with Farah Ali' }).click();
    const form = cardWith(/Save record/);
    await expect
      .poll(() => form.getByRole('button', { name: 'Save record' }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await choose(form, 'Was the session held?', 'Yes, it was held');
    await form.getByRole('checkbox', { name: /welfare/i }).check();
    await form.getByRole('checkbox', { name: /practice/i }).check();
    await form.getByLabel('Where the full record is kept').fill('Mosaic, supervision episode');
    // Three action rows, and a fourth revealed in the client by "Add another action" (nothing typed is lost).
    const fourth = form.getByLabel('Action 4', { exact: true });
    expect(await fourth.isVisible()).toBe(false);
    await form.getByRole('button', { name: 'Add another action' }).click();
    await expect.poll(() => fourth.isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await form.getByLabel('Where the full record is kept').inputValue()).toBe(
      'Mosaic, supervision episode',
    );
    await shot('record-form');
    await form.getByRole('button', { name: 'Save record' }).click();
    await expect
      .poll(
        async () =>
          (await embedded.db.query('SELECT 1 FROM sessions WHERE recorded_by IS NOT NULL')).length,
        { timeout: 30_000 },
      )
      .toBe(1);
    // The saved record waits for Farah's sign-off (docs/bot.md#sign-off), and says by when.
    await expect
      .poll(() => cardWith(/Waiting for Farah Ali to sign this record off \(due by/).count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await shot('recorded');
    await say('overdue');
    await expect
      .poll(
        async () =>
          /Farah Ali[\s\S]{0,200}not recorded/.test(await cardWith(/overdue/i).innerText()),
        { timeout: 30_000 },
      )
      .toBe(false);
    await shot('overdue-after');
  });

  it('the facilitator books her team’s group from its proposal card, and after the meeting records who came', async () => {
    const group = 'Assessment team group supervision';
    await say('book');
    const picker = cardWith(`Propose times for ${group}`);
    await expect.poll(() => picker.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await picker.innerText()).toMatch(/group for 7 members: nothing booked/);
    await picker.getByRole('button', { name: `Propose times for ${group}` }).click();
    const proposal = cardWith(`Proposed meetings for ${group}`);
    await expect
      .poll(() => proposal.getByRole('button', { name: 'Book' }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    expect(await proposal.innerText()).toMatch(/at least 4 of the 7 members are free/);
    const slot = slotOf(await proposal.innerText());
    await shot('group-proposal');
    await proposal.getByRole('button', { name: 'Book' }).click();
    const booked = cardWith(/Group meetings booked: \d+ meetings/);
    await expect.poll(() => booked.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await shot('group-booked');
    // One series in Sana's Outlook at the time proposed, her seven members invited.
    const series = embedded.emulator.state.store
      .events(embedded.emulator.state.directory.require('s.iqbal@northdale.example').id)
      .filter((e) => e.input.subject === 'Group supervision: Sana Iqbal');
    expect(series).toHaveLength(1);
    expect(series[0]!.input.attendees).toHaveLength(7);
    expect(series[0]!.input.start.dateTime.slice(11, 16)).toBe(slot.time);

    // An hour after the first meeting ends, Sana records it: Gareth Turner was not there.
    const [first] = await embedded.db.query<{ id: string; ends_at: Date }>(
      `SELECT id, ends_at FROM sessions WHERE group_id IS NOT NULL AND status = 'booked' ORDER BY starts_at LIMIT 1`,
    );
    now = new Date(first!.ends_at.getTime() + 60 * 60_000);
    await say('record');
    const list = cardWith(`Record ${group}`);
    await expect.poll(() => list.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await list
      .getByRole('button', { name: new RegExp(`^Record ${group}`) })
      .first()
      .click();
    const form = cardWith('Who was there?');
    await expect
      .poll(() => form.getByRole('button', { name: 'Save record' }).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await form.getByRole('checkbox', { name: 'Gareth Turner' }).uncheck();
    await shot('group-record-form');
    await form.getByRole('button', { name: 'Save record' }).click();
    await expect
      .poll(
        async () =>
          (
            await embedded.db.query<{ upn: string; attended: boolean }>(
              `SELECT p.upn, a.attended FROM session_attendance a JOIN people p ON p.id = a.person_id WHERE a.session_id = $1`,
              [first!.id],
            )
          )
            .filter((a) => !a.attended)
            .map((a) => a.upn)
            .join(','),
        { timeout: 30_000 },
      )
      .toBe('g.turner@northdale.example');
    await expect
      .poll(() => cardWith(/Recorded: 6 of 7 there/).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await shot('group-recorded');
  });

  it('the supervisee is sent the record her supervisor saved, and agrees from her own chat', async () => {
    // Sana records Nisha's session of yesterday (from Teams, as the record test above does for Farah)...
    const [session] = await embedded.db.query<{ id: string }>(
      `INSERT INTO sessions (relationship_id, type, status, starts_at, ends_at)
       SELECT r.id, 'one-to-one', 'booked', $2::timestamptz - interval '1 day', $2::timestamptz - interval '23 hours'
         FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = $1 AND r.to_on IS NULL RETURNING id`,
      ['n.patel@northdale.example', now],
    );
    const sana = (await embedded.stack.deps.store.personByUpn('s.iqbal@northdale.example'))!;
    const parsed = parseCardAction({
      verb: 'record',
      sessionId: Number(session!.id),
      nonce: 'e2e-record-nisha',
      held: 'yes',
      summary: 'Reflective case discussion; court skills training booked.',
    });
    if (!parsed.ok) throw new Error(parsed.fields.join());
    const actor = (await embedded.stack.deps.store.actorById(sana.id))!;
    expect((await runAction(embedded.stack.deps, actor, parsed.action)).outcome).toBe(
      'record:held',
    );

    // ...and Nisha has Teams open: the Playground now plays her, and the record card arrives in her chat.
    await embedded.stop();
    embedded = await startAs('supervisee');
    // A browser of her own: nothing of Sana's Playground session carries over.
    await page.close();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(embedded.playground!.url);
    await page.getByRole('treeitem', { name: 'Personal Chat' }).click({ timeout: 60_000 });
    await expect
      .poll(() => cardWith(/Hello Nisha Patel/).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    // With her chat open, the outbox is sent (the timer does this every few seconds in npm start).
    expect(await embedded.stack.drainNow()).toBeGreaterThan(0);
    const record = cardWith(/Reflective case discussion; court skills training booked\./);
    await expect
      .poll(() => record.getByRole('button', { name: /^\s*Agree\s*$/ }).count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await shot('sign-off-asked');
    await record.getByRole('button', { name: /^\s*Agree\s*$/ }).click();
    await expect
      .poll(
        async () =>
          (
            await embedded.db.query<{ outcome: string | null }>(
              'SELECT outcome FROM record_sign_offs WHERE session_id = $1',
              [session!.id],
            )
          )[0]?.outcome,
        { timeout: 30_000 },
      )
      .toBe('agreed');
    await expect
      .poll(() => cardWith(/You agreed with this record/).count(), { timeout: 30_000 })
      .toBeGreaterThan(0);
    await shot('signed-off');
  });
});
