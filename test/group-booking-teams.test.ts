/**
 * A group booked and recorded from Teams (issue 15, item 1): the bot on a
 * real port, Teams played by the stand-in connector, Outlook by the Graph
 * emulator over HTTP, the demo council in PGlite, today Monday 23 November
 * 2026, 09:00 London.
 *
 * Sana Iqbal facilitates her team's group supervision, which the demo's
 * groups file leaves to her (`booking = by-supervisor`): she finds it under
 * `book`, sees the proposal with its quorum, books it (a failed Outlook write
 * is finished from the card, a replayed Book books nothing twice), and after
 * the first meeting records who came.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoWeekday, londonDateTime, londonInstant, parseIsoDate } from '../rules/index.ts';
import type { Clock } from '../supervision/index.ts';
import { cardPresser, failingCreates, startBotWorld, type BotWorld } from './support/bot-world.ts';
import { button, cardText } from './support/card-reading.ts';
import { waitFor } from './support/instances.ts';

let now = londonInstant(parseIsoDate('2026-11-23'), '09:00');
const clock: Clock = { now: () => new Date(now) };
const SANA = { aadObjectId: 'd5113366-fcb5-4beb-be32-2dbf6173dbe4', id: '29:sana-iqbal' };
const GARETH = { aadObjectId: 'bc6c7232-6941-49cb-be1b-74819fc79a55', id: '29:gareth-turner' };
const GROUP = 'Assessment team group supervision';
const SUBJECT = 'Group supervision: Sana Iqbal';
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

let failCreates = false;
let world: BotWorld;
let press: ReturnType<typeof cardPresser>;

beforeAll(async () => {
  world = await startBotWorld({ clock, calendar: failingCreates(() => failCreates) });
  press = cardPresser(world);
}, 120_000);

afterAll(async () => world?.close());

/** The card a Book ends with: its answer, or the card that replaced "under way". */
async function settled(messageId: string, answer: { card: Record<string, unknown> | null }) {
  if (!/Booking the group/.test(cardText(answer.card))) return answer.card;
  const seen = world.connector.updated.length;
  const update = await waitFor(
    'the card to be replaced',
    () => world.connector.updated.slice(seen).find((u) => u.activityId === messageId) ?? null,
    30_000,
    100,
  );
  return update.card;
}

/** The group's series in Sana's Outlook calendar. */
function groupSeries() {
  const sana = world.emulator.state.directory.require('s.iqbal@northdale.example').id;
  return world.emulator.state.store.events(sana).filter((e) => e.input.subject === SUBJECT);
}

describe('a group booked from Teams by its facilitator', () => {
  it('is offered under book, proposed with its quorum, and booked as one series with every member invited, once', async () => {
    const picker = await press(SANA, 'card-1', {
      verb: 'command',
      data: { command: 'book' },
    });
    expect(cardText(picker.card)).toMatch(
      /Assessment team group supervision\**, group for 7 members: nothing booked/,
    );
    const proposal = await press(SANA, 'card-1', button(picker.card, `Propose times for ${GROUP}`));
    const text = cardText(proposal.card);
    expect(text).toContain(`Proposed meetings for ${GROUP}`);
    expect(text).toMatch(
      /Organised by Sana Iqbal with 7 members invited; each time is one at which Sana Iqbal and at least 4 of the 7 members are free/,
    );
    // Solihull: "at least one group supervision per calendar month" (000), booked every 4 weeks.
    const first = text.match(/Every 4 weeks on (\w+) at (\d\d:\d\d)/);
    expect(first).not.toBeNull();
    expect(groupSeries()).toHaveLength(0);

    // Another time: the time shown is turned down, and the proposal placed elsewhere.
    const other = await press(SANA, 'card-1', button(proposal.card, 'Another time'));
    const second = cardText(other.card).match(/Every 4 weeks on (\w+) at (\d\d:\d\d)/);
    expect(second).not.toBeNull();
    expect(second![0]).not.toBe(first![0]);

    // Outlook fails the write: what failed, Try again; reopened, Finish booking.
    failCreates = true;
    let failed;
    try {
      failed = await settled('card-1', await press(SANA, 'card-1', button(other.card, 'Book')));
    } finally {
      failCreates = false;
    }
    expect(cardText(failed)).toMatch(/Not everything was booked/);
    button(failed, 'Try again');
    const reopened = await press(SANA, 'card-1', {
      verb: 'refresh',
      data: {
        verb: 'refresh',
        card: 'group-booking',
        groupId: button(proposal.card, 'Book').data.groupId,
      },
    });
    expect(cardText(reopened.card)).toMatch(/Booking did not finish/);
    // Asking for a proposal meanwhile offers to finish, not a second series.
    const proposedAgain = await press(
      SANA,
      'card-1',
      button(picker.card, `Propose times for ${GROUP}`),
    );
    expect(cardText(proposedAgain.card)).toMatch(/Booking did not finish/);
    const finish = button(reopened.card, 'Finish booking');

    const booked = await settled('card-1', await press(SANA, 'card-1', finish));
    expect(cardText(booked)).toMatch(/Group meetings booked: \d+ meetings/);
    const series = groupSeries();
    expect(series).toHaveLength(1);
    expect(series[0]!.input.attendees).toHaveLength(7);
    // Booked at the time the second proposal showed, not the one turned down.
    const [firstMeeting] = await world.db.query<{ startsAt: Date }>(
      `SELECT starts_at AS "startsAt" FROM sessions WHERE group_id IS NOT NULL ORDER BY starts_at LIMIT 1`,
    );
    const at = londonDateTime(firstMeeting!.startsAt);
    expect(at.slice(11, 16)).toBe(second![2]);
    expect(WEEKDAYS[isoWeekday(parseIsoDate(at.slice(0, 10))) - 1]).toBe(second![1]);

    // The old Book pressed again: what is booked, and nothing new in Outlook.
    const replay = await press(SANA, 'card-1', finish);
    expect(cardText(replay.card)).toMatch(/Group meetings booked/);
    expect(groupSeries()).toHaveLength(1);
    const [count] = await world.db.query<{ sessions: string; events: string }>(
      `SELECT count(*) AS sessions, count(DISTINCT calendar_event_id) AS events
         FROM sessions WHERE group_id IS NOT NULL AND status = 'booked'`,
    );
    expect(Number(count!.sessions)).toBeGreaterThan(0);
    expect(count!.events).toBe(count!.sessions);

    // The picker now says how far it is booked.
    const again = await press(SANA, 'card-2', { verb: 'command', data: { command: 'book' } });
    expect(cardText(again.card)).toMatch(
      /group for 7 members: booked through \w{3} \d+ \w{3} 2027/,
    );
    expect(world.connector.refreshProblems).toEqual([]);
  }, 90_000);

  it('is refused to a member, in the words used for a group that does not exist', async () => {
    const [row] = await world.db.query<{ id: string }>(`SELECT id FROM supervision_groups`);
    for (const groupId of [Number(row!.id), 999_999]) {
      const answer = await press(GARETH, 'card-3', { verb: 'proposeGroup', data: { groupId } });
      expect(cardText(answer.card)).toContain(
        'Cadence could not find that group among the groups whose meetings you organise.',
      );
    }
    expect(groupSeries()).toHaveLength(1);
  });

  it('after the first meeting, the facilitator records who came, member by member', async () => {
    const [first] = await world.db.query<{ id: string; ends_at: Date }>(
      `SELECT id, ends_at FROM sessions WHERE group_id IS NOT NULL AND status = 'booked' ORDER BY starts_at LIMIT 1`,
    );
    now = new Date(first!.ends_at.getTime() + 60 * 60_000);
    const list = await press(SANA, 'card-4', { verb: 'command', data: { command: 'record' } });
    const open = button(list.card, new RegExp(`^Record ${GROUP}`));
    const form = await press(SANA, 'card-4', open);
    expect(cardText(form.card)).toContain('Who was there?');
    const save = button(form.card, 'Save record');
    const members = await world.db.query<{ id: string; upn: string }>(
      `SELECT p.id, p.upn FROM supervision_group_members m JOIN people p ON p.id = m.person_id`,
    );
    // Everyone but Gareth Turner was there.
    const toggles = Object.fromEntries(
      members.map((m) => [
        `attended${m.id}`,
        m.upn === 'g.turner@northdale.example' ? 'false' : 'true',
      ]),
    );
    const saved = await press(SANA, 'card-4', {
      verb: save.verb,
      data: { ...save.data, ...toggles, summary: 'Team discussion' },
    });
    expect(cardText(saved.card)).toMatch(/Recorded: 6 of 7 there/);
    const attendance = await world.db.query<{ upn: string; attended: boolean }>(
      `SELECT p.upn, a.attended FROM session_attendance a JOIN people p ON p.id = a.person_id
        WHERE a.session_id = $1 ORDER BY p.upn`,
      [first!.id],
    );
    expect(attendance.filter((a) => !a.attended).map((a) => a.upn)).toEqual([
      'g.turner@northdale.example',
    ]);
  });
});
