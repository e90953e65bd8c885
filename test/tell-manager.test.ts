/**
 * "Tell my manager" (issue 16, item 5, in part), on both databases: a
 * supervisee's own overdue-supervision notice offers it, and pressing it
 * sends their supervisor's manager a card, once per due date, audited; their
 * supervisor's copy of the notice does not offer it; once a session is held
 * it sends nothing. Solihull, Sam last supervised on 1 October 2026, so his
 * monthly one-to-one was due by 1 November.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardForOutboxItem } from '../bot/outbox-cards.ts';
import { runAction } from '../bot/turns.ts';
import { parseCardAction, type Card } from '../cards/index.ts';
import { listAudit, promptReader, type Database } from '../store/index.ts';
import type { OutboxMessage } from '../supervision/index.ts';
import { promptsDue } from '../supervision/prompts.ts';
import { button, cardText } from './support/card-reading.ts';
import { testDatabases } from './support/databases.ts';
import { teamsPerson } from './support/teams-person.ts';
import { SEED_HEADER, seedRoster, seedSession } from './support/seed.ts';

const NOW = '2026-12-02T10:00:00Z';

describe.each(testDatabases)('tell my manager on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(
      db,
      [
        'sm@s.example,Sue Manager,service-manager,solihull,2015-01-01,,Leads,,,',
        'tm@s.example,Tom Lead,team-manager,solihull,2018-01-01,sm@s.example,Assessment,,,2026-11-20',
        'sw@s.example,Sam Worker,social-worker,solihull,2019-01-01,tm@s.example,Assessment,,,2026-10-01',
      ],
      '2026-11-23',
      `${SEED_HEADER},last_supervised`,
    );
  }, 60_000);
  afterEach(async () => db.close());

  const idOf = async (upn: string) => (await teamsPerson(db, upn, new Date(NOW))).actor.id;
  const cardOf = async (message: OutboxMessage) => {
    const { deps } = await teamsPerson(db, 'sm@s.example', new Date(NOW));
    return (await cardForOutboxItem(deps, { ...message, id: 1, attempts: 0 }))!;
  };
  const press = async (upn: string, card: Card, label: string) => {
    const { deps, actor } = await teamsPerson(db, upn, new Date(NOW));
    const parsed = parseCardAction(button(card, label).data);
    if (!parsed.ok) throw new Error(parsed.fields.join());
    return runAction(deps, actor, parsed.action);
  };

  it("sends the supervisor's manager a card, once, audited; only on the supervisee's own notice, and only while overdue", async () => {
    const [sam, tom, sue] = [
      await idOf('sw@s.example'),
      await idOf('tm@s.example'),
      await idOf('sm@s.example'),
    ];
    const prompts = await promptsDue(promptReader(db), new Date(NOW), {
      defaultRecordWorkingDays: 5,
    });
    const notices = prompts.messages.filter(
      (m) => m.kind === 'overdue-notice' && m.payload.superviseeId === sam,
    );
    const toSam = await cardOf(notices.find((m) => m.recipientId === sam)!);
    const toTom = await cardOf(notices.find((m) => m.recipientId === tom)!);
    expect(() => button(toTom, 'Tell my manager')).toThrow();

    const told = await press('sw@s.example', toSam, 'Tell my manager');
    expect(told.outcome).toBe('tell-manager:sent');
    expect(cardText(told.card)).toContain(
      "Sue Manager, Tom Lead's manager, has been sent that your one-to-one supervision is overdue.",
    );
    const [toSue] = await db.query<{ key: string; recipient: string }>(
      "SELECT key, recipient_id AS recipient FROM outbox WHERE kind = 'told-manager'",
    );
    expect(Number(toSue!.recipient)).toBe(sue);
    const { deps } = await teamsPerson(db, 'sm@s.example', new Date(NOW));
    const sueCard = cardText(await cardForOutboxItem(deps, (await deps.outbox.byKey(toSue!.key))!));
    expect(sueCard).toContain(
      'Sam Worker says their one-to-one supervision with Tom Lead (who reports to you) is not happening: it was due by Sun 1 Nov 2026 and has not been held.',
    );
    expect(
      (await listAudit(db, 'person')).filter((e) => e.action === 'overdue.told-manager'),
    ).toHaveLength(1);

    // Pressed again: nothing more is sent.
    expect((await press('sw@s.example', toSam, 'Tell my manager')).outcome).toBe(
      'tell-manager:already',
    );
    expect(await db.query("SELECT 1 FROM outbox WHERE kind = 'told-manager'")).toHaveLength(1);

    // A session held since: no longer overdue, so nothing is sent.
    await seedSession(db, 'sw@s.example', '2026-12-01', 'held');
    const late = await press(
      'sw@s.example',
      await cardOf(notices.find((m) => m.recipientId === sam)!),
      'Tell my manager',
    );
    expect(late.outcome).toBe('already-done');
    expect(await db.query("SELECT 1 FROM outbox WHERE kind = 'told-manager'")).toHaveLength(1);
  });
});
