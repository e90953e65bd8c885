/**
 * The supervision agreement signed by both people in Teams (issue 16, item
 * 2), on both databases, through the prompt scan, the cards as sent and the
 * bot's turns. Solihull: signed "within four weeks of starting a supervisory
 * relationship", reviewed yearly (000). Sam starts (and so does his supervision) on Monday
 * 23 November 2026 (the roster import), so the agreement is due by Monday
 * 21 December 2026.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cardForOutboxItem } from '../bot/outbox-cards.ts';
import { runAction } from '../bot/turns.ts';
import { parseCardAction, type Card } from '../cards/index.ts';
import { listAudit, promptReader, teamReader, type Database } from '../store/index.ts';
import { overdueFor, type OutboxMessage } from '../supervision/index.ts';
import { promptsDue } from '../supervision/prompts.ts';
import { button, cardText } from './support/card-reading.ts';
import { testDatabases } from './support/databases.ts';
import { teamsPerson } from './support/teams-person.ts';
import { seedRoster } from './support/seed.ts';

describe.each(testDatabases)('the supervision agreement on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(db, [
      'sm@s.example,Sue Manager,service-manager,solihull,2015-01-01,,Leads,,',
      'tm@s.example,Tom Lead,team-manager,solihull,2018-01-01,sm@s.example,Assessment,,',
      'sw@s.example,Sam Worker,social-worker,solihull,2026-11-23,tm@s.example,Assessment,,',
    ]);
  }, 60_000);
  afterEach(async () => db.close());

  const idOf = async (upn: string) => (await teamsPerson(db, upn, new Date())).actor.id;
  const agreementPrompts = async (at: string) =>
    (
      await promptsDue(promptReader(db), new Date(at), { defaultRecordWorkingDays: 5 })
    ).messages.filter((m) => m.kind === 'agreement');
  const cardFor = async (message: OutboxMessage, at: string) => {
    const { deps } = await teamsPerson(db, 'sm@s.example', new Date(at));
    return (await cardForOutboxItem(deps, { ...message, id: 1, attempts: 0 }))!;
  };
  const press = async (upn: string, card: Card, at: string) => {
    const { deps, actor } = await teamsPerson(db, upn, new Date(at));
    const parsed = parseCardAction(button(card, 'Sign').data);
    if (!parsed.ok) throw new Error(parsed.fields.join());
    return runAction(deps, actor, parsed.action);
  };
  const missing = async (on: string) =>
    (
      await overdueFor(
        teamReader(db),
        'sm@s.example',
        { on: on as never, now: new Date(`${on}T17:00:00Z`) },
        { defaultRecordWorkingDays: 5 },
      )
    ).items.filter((i) => i.upn === 'sw@s.example' && i.kind.startsWith('agreement'));
  const dates = async () =>
    (
      await db.query<{ signed: string | null; reviewed: string | null }>(
        `SELECT to_char(agreement_signed_on, 'YYYY-MM-DD') AS signed, to_char(agreement_reviewed_on, 'YYYY-MM-DD') AS reviewed
           FROM relationships r JOIN people p ON p.id = r.supervisee_id WHERE p.upn = 'sw@s.example'`,
      )
    )[0];

  it('is sent to both at the start, signed by each, written when the second signs; its review comes ten working days before it is due', async () => {
    const [sam, tom] = [await idOf('sw@s.example'), await idOf('tm@s.example')];
    const messages = await agreementPrompts('2026-11-24T10:00:00Z');
    expect(messages.map((m) => [m.recipientId, m.payload])).toEqual(
      expect.arrayContaining([
        [sam, { superviseeId: sam, kind: 'agreement', dueOn: '2026-12-21' }],
        [tom, { superviseeId: sam, kind: 'agreement', dueOn: '2026-12-21' }],
      ]),
    );
    const toSam = await cardFor(
      messages.find((m) => m.recipientId === sam)!,
      '2026-11-24T10:00:00Z',
    );
    const toTom = await cardFor(
      messages.find((m) => m.recipientId === tom)!,
      '2026-11-24T10:00:00Z',
    );
    expect(cardText(toSam)).toContain('Supervision agreement: Sam Worker with Tom Lead');
    expect(cardText(toSam)).toContain('To sign by Mon 21 Dec 2026, by both of you.');
    expect(cardText(toSam)).toContain('One-to-one monthly');
    // Unsigned past its four weeks, it is overdue (the control for what signing clears).
    expect((await missing('2026-12-22')).map((i) => i.kind)).toEqual(['agreement-missing']);

    // Sam signs: his signature is shown, Tom's awaited, nothing is written to the relationship yet.
    const samSigned = await press('sw@s.example', toSam, '2026-11-24T10:05:00Z');
    expect(samSigned.outcome).toBe('agreement:signed');
    expect(cardText(samSigned.card)).toContain('Sam Worker signed Tue 24 Nov 2026');
    expect(cardText(samSigned.card)).toContain('Tom Lead not yet');
    expect(() => button(samSigned.card, 'Sign')).toThrow();
    expect(await dates()).toEqual({ signed: null, reviewed: null });
    // Sue is not a party to it: the refusal names no one.
    expect((await press('sm@s.example', toTom, '2026-11-24T10:06:00Z')).outcome).toBe(
      'refused:not-found:supervisee',
    );

    // Tom signs: complete, the day written, the overdue item gone, the review a year on.
    const tomSigned = await press('tm@s.example', toTom, '2026-11-25T09:30:00Z');
    expect(tomSigned.outcome).toBe('agreement:completed');
    expect(cardText(tomSigned.card)).toContain(
      'Signed by both on Wed 25 Nov 2026. Next review due by Thu 25 Nov 2027.',
    );
    expect(await dates()).toEqual({ signed: '2026-11-25', reviewed: null });
    expect(await missing('2026-12-22')).toEqual([]);
    expect(
      (await listAudit(db, 'relationship'))
        .filter((e) => e.action.startsWith('agreement.'))
        .map((e) => e.action),
    ).toEqual(['agreement.signed-by-one', 'agreement.signed']);
    // Sam's old card pressed again: nothing more to sign, said on the card.
    const stale = await press('sw@s.example', toSam, '2026-11-26T10:00:00Z');
    expect(stale.outcome).toBe('agreement:changed');
    expect(cardText(stale.card)).toContain('Signed by both on Wed 25 Nov 2026.');

    // The review: sent from ten working days before Thu 25 Nov 2027 (Thu 11 Nov), not the day before that.
    expect(await agreementPrompts('2027-11-10T10:00:00Z')).toEqual([]);
    const review = await agreementPrompts('2027-11-11T10:00:00Z');
    expect(review.map((m) => m.payload)).toEqual([
      { superviseeId: sam, kind: 'review', dueOn: '2027-11-25' },
      { superviseeId: sam, kind: 'review', dueOn: '2027-11-25' },
    ]);
    const reviewCard = await cardFor(
      review.find((m) => m.recipientId === sam)!,
      '2027-11-11T10:00:00Z',
    );
    expect(cardText(reviewCard)).toContain(
      'Supervision agreement review: Sam Worker with Tom Lead',
    );
    await press('sw@s.example', reviewCard, '2027-11-12T10:00:00Z');
    await press(
      'tm@s.example',
      await cardFor(
        review.find((m) => m.recipientId === tom)!,
        '2027-11-12T10:00:00Z',
      ),
      '2027-11-15T10:00:00Z',
    );
    expect(await dates()).toEqual({ signed: '2026-11-25', reviewed: '2027-11-15' });
    expect(await missing('2027-12-01')).toEqual([]);
  });

  it('asks both to update it when a roster import changes the agreed frequency, and is overdue if they do not', async () => {
    const sam = await idOf('sw@s.example');
    await db.query(
      `UPDATE relationships r SET agreement_signed_on = '2026-11-25' FROM people p
        WHERE p.id = r.supervisee_id AND p.upn = 'sw@s.example'`,
    );
    // Tuesday 1 December: the roster now says Sam is supervised every 2 weeks.
    await seedRoster(
      db,
      [
        'sm@s.example,Sue Manager,service-manager,solihull,2015-01-01,,Leads,,',
        'tm@s.example,Tom Lead,team-manager,solihull,2018-01-01,sm@s.example,Assessment,,',
        'sw@s.example,Sam Worker,social-worker,solihull,2026-11-23,tm@s.example,Assessment,2w,',
      ],
      '2026-12-01',
    );
    expect(
      (await listAudit(db, 'relationship')).filter((e) => e.action === 'agreement.update-asked'),
    ).toHaveLength(1);
    const update = await agreementPrompts('2026-12-01T10:00:00Z');
    // Due ten working days after the change (no policy gives a time): Tuesday 15 December.
    expect(update.map((m) => m.payload)).toEqual([
      { superviseeId: sam, kind: 'update', dueOn: '2026-12-15' },
      { superviseeId: sam, kind: 'update', dueOn: '2026-12-15' },
    ]);
    const toSam = await cardFor(
      update.find((m) => m.recipientId === sam)!,
      '2026-12-01T10:00:00Z',
    );
    const text = cardText(toSam);
    expect(text).toContain('Supervision agreement to update: Sam Worker with Tom Lead');
    expect(text).toContain('The agreed frequency changed on Tue 1 Dec 2026');
    expect(text).toContain('One-to-one every 2 weeks');
    // Not signed by the 15th: overdue from the 16th.
    expect(await missing('2026-12-15')).toEqual([]);
    expect((await missing('2026-12-16')).map((i) => [i.kind, i.dueOn])).toEqual([
      ['agreement-review-overdue', '2026-12-15'],
    ]);

    // Both sign the update: written as the agreement's review, and nothing more is asked.
    await press('sw@s.example', toSam, '2026-12-02T10:00:00Z');
    const tomCard = await cardFor(
      update.find((m) => m.recipientId !== sam)!,
      '2026-12-02T10:00:00Z',
    );
    expect((await press('tm@s.example', tomCard, '2026-12-03T10:00:00Z')).outcome).toBe(
      'agreement:completed',
    );
    expect(await dates()).toEqual({ signed: '2026-11-25', reviewed: '2026-12-03' });
    expect(await missing('2026-12-16')).toEqual([]);
    expect(await agreementPrompts('2026-12-04T10:00:00Z')).toEqual([]);
    expect(
      (await listAudit(db, 'relationship')).filter((e) => e.action === 'agreement.updated'),
    ).toHaveLength(1);
  });
});
