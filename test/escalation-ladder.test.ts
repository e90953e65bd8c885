/**
 * The escalation ladder (issue 16, item 5), on both databases, through the
 * daily `ladder` job: what stays overdue climbs, on its step days, each step
 * once. Solihull sets no ladder, so Cadence's default applies (the person and
 * supervisor on the due day, the supervisor's manager 5 working days after,
 * the next level up after 10). Sam was last supervised on 1 October 2026, so
 * his monthly one-to-one was due by Sunday 1 November; the overdue notice
 * tells Sam and Tom that day, Sue (Tom's manager) hears on Friday 6 November
 * and Dee (Sue's) on Friday 13 November.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../app/config.ts';
import { fixedClock } from '../app/clock.ts';
import { ladderJob } from '../app/job-list.ts';
import { cardForOutboxItem } from '../bot/outbox-cards.ts';
import { runAction } from '../bot/turns.ts';
import { parseCardAction, type Card } from '../cards/index.ts';
import type { Database } from '../store/index.ts';
import { button, cardText } from './support/card-reading.ts';
import { testDatabases } from './support/databases.ts';
import { teamsPerson } from './support/teams-person.ts';
import { SEED_HEADER, seedRoster } from './support/seed.ts';

describe.each(testDatabases)('the escalation ladder on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(
      db,
      [
        'dee@s.example,Dee Director,service-manager,solihull,2010-01-01,,Leads,,,2026-10-20,2026-01-05',
        'sm@s.example,Sue Manager,service-manager,solihull,2015-01-01,dee@s.example,Leads,,,2026-10-20,2026-01-05',
        'tm@s.example,Tom Lead,team-manager,solihull,2018-01-01,sm@s.example,Assessment,,,2026-10-20,2026-01-05',
        'sw@s.example,Sam Worker,social-worker,solihull,2019-01-01,tm@s.example,Assessment,,,2026-10-01,2026-01-05',
      ],
      '2026-10-20',
      `${SEED_HEADER},last_supervised,agreement_signed`,
    );
  }, 60_000);
  afterEach(async () => db.close());

  const ladder = () =>
    ladderJob({ db, clock: fixedClock(new Date('2026-11-01T00:00:00Z')), config: readConfig({}) });
  const runOn = async (iso: string) => ladder().run(new Date(iso));
  const idOf = async (upn: string) =>
    (await teamsPerson(db, upn, new Date('2026-11-06T10:00:00Z'))).actor.id;
  const ladderRows = () =>
    db.query<{ key: string; recipient: string; entries: string }>(
      "SELECT key, recipient_id AS recipient, payload->>'entries' AS entries FROM outbox WHERE kind = 'ladder' ORDER BY id",
    );
  const cardOf = async (key: string, at: string): Promise<Card> => {
    const { deps } = await teamsPerson(db, 'dee@s.example', new Date(at));
    return (await cardForOutboxItem(deps, (await deps.outbox.byKey(key))!))!;
  };

  it('runs once a working day from 09:00 London', () => {
    const job = ladder();
    expect(job.runKey(new Date('2026-11-06T08:59:00Z'))).toBeNull();
    expect(job.runKey(new Date('2026-11-06T09:00:00Z'))).toBe('2026-11-06');
    expect(job.runKey(new Date('2026-11-07T10:00:00Z'))).toBeNull(); // a Saturday
    expect(job.runKey(new Date('2026-12-28T10:00:00Z'))).toBeNull(); // the Boxing Day substitute bank holiday
  });

  it("climbs to the supervisor's manager after 5 working days and the next level after 10, each once", async () => {
    const [sam, sue, dee] = [
      await idOf('sw@s.example'),
      await idOf('sm@s.example'),
      await idOf('dee@s.example'),
    ];

    // The due day and the days after: the overdue notice has the person and supervisor; the ladder waits.
    expect(await runOn('2026-11-02T10:00:00Z')).toMatchObject({ due: 0 });
    expect(await runOn('2026-11-05T10:00:00Z')).toMatchObject({ due: 0 });

    // Friday 6 November, 5 working days after: Sue, once, however often the job runs that day.
    expect(await runOn('2026-11-06T10:00:00Z')).toMatchObject({ due: 1, added: 1, entries: 1 });
    expect(await runOn('2026-11-06T15:00:00Z')).toMatchObject({ due: 0, added: 0 });
    const [toSue] = await ladderRows();
    expect(Number(toSue!.recipient)).toBe(sue);
    expect(JSON.parse(toSue!.entries)).toEqual([
      expect.objectContaining({
        kind: 'supervision-overdue',
        personId: sam,
        type: 'one-to-one',
        dueOn: '2026-11-01',
        rung: 'manager',
        stepOn: '2026-11-06',
      }),
    ]);

    // Nothing new until the next step; then Dee, and Sue is not told again.
    expect(await runOn('2026-11-12T10:00:00Z')).toMatchObject({ due: 0 });
    expect(await runOn('2026-11-13T10:00:00Z')).toMatchObject({ due: 1, added: 1 });
    expect(await runOn('2026-11-16T10:00:00Z')).toMatchObject({ due: 0 });
    const rows = await ladderRows();
    expect(rows.map((r) => [Number(r.recipient), r.key])).toEqual([
      [sue, `ladder:${sue}:2026-11-06`],
      [dee, `ladder:${dee}:2026-11-13`],
    ]);
    expect((JSON.parse(rows[1]!.entries) as unknown[])[0]).toMatchObject({
      rung: 'next-level',
      personId: sam,
    });

    // The cards say why it reached each of them, and whom Remind reaches.
    const sueCard = await cardOf(rows[0]!.key, '2026-11-06T10:00:00Z');
    expect(cardText(sueCard)).toContain('Something overdue has reached you');
    expect(cardText(sueCard)).toContain(
      'Supervision overdue (one-to-one): due by Sun 1 Nov 2026. Tom Lead, who supervises Sam Worker, reports to you.',
    );
    const deeCard = await cardOf(rows[1]!.key, '2026-11-13T10:00:00Z');
    expect(cardText(deeCard)).toContain(
      'It has reached you two levels above Tom Lead, who supervises Sam Worker.',
    );

    // Sue presses Remind Tom Lead: the chase reaches Tom, who has to act.
    const { deps, actor } = await teamsPerson(db, 'sm@s.example', new Date('2026-11-06T11:00:00Z'));
    const parsed = parseCardAction(button(sueCard, 'Remind Tom Lead').data);
    if (!parsed.ok) throw new Error(parsed.fields.join());
    const chased = await runAction(deps, actor, parsed.action);
    expect(cardText(chased.card)).toContain('Chase sent to Tom Lead.');
    const [chase] = await db.query<{ recipient: string }>(
      "SELECT recipient_id AS recipient FROM outbox WHERE kind = 'chase'",
    );
    expect(Number(chase!.recipient)).toBe(await idOf('tm@s.example'));
  });

  it('holds an item for the person who snoozed it, while it still climbs past them', async () => {
    const sue = await idOf('sm@s.example');
    const { deps, actor } = await teamsPerson(db, 'sm@s.example', new Date('2026-11-05T10:00:00Z'));
    // Sue snoozes Sam's overdue supervision from his notice's subject the day before it would reach her.
    const sam = await idOf('sw@s.example');
    await runAction(deps, actor, {
      verb: 'snooze',
      subject: `overdue:${sam}:one-to-one`,
      days: 5,
      nonce: 'n-snooze-1',
    });
    expect(await runOn('2026-11-06T10:00:00Z')).toMatchObject({ due: 0, skipped: { snoozed: 1 } });
    // Dee hears on the 13th all the same; Sue hears once her snooze ends (Thursday 12th, 09:00).
    expect(await runOn('2026-11-12T10:00:00Z')).toMatchObject({ due: 1 });
    expect((await ladderRows()).map((r) => Number(r.recipient))).toEqual([sue]);
    expect(await runOn('2026-11-13T10:00:00Z')).toMatchObject({ due: 1 });
  });
});
