/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument -- tests read Graph's JSON untyped, over HTTP; schemas.test.ts checks its shape. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from './index.ts';
import type { MailMessage } from './mail-log.ts';
import { client, london, PEOPLE, RELATIONSHIP_PROP } from '../../test/support/emulator-client.ts';

const ADA = 'ada@council.example';
const BEN = 'ben@council.example';
const SAM = '/users/sam@council.example';
const WINDOW = 'startDateTime=2027-01-01T00:00:00Z&endDateTime=2027-06-01T00:00:00Z&$top=50';
/** The calendars' clock: Friday 1 January 2027, before every occurrence below unless a test says otherwise. */
const NOW = Date.parse('2027-01-01T09:00:00Z');

const attendee = (address: string) => ({
  emailAddress: { address, name: address },
  type: 'required',
});
/** Fortnightly on Tuesdays, 5 January to 30 March 2027: seven occurrences. */
const series = (attendees: string[]) => ({
  subject: 'Supervision: Sam Lead / Ada Worker',
  start: london('2027-01-05T10:00:00'),
  end: london('2027-01-05T11:00:00'),
  recurrence: {
    pattern: { type: 'weekly', interval: 2, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
    range: { type: 'endDate', startDate: '2027-01-05', endDate: '2027-03-30' },
  },
  attendees: attendees.map(attendee),
  singleValueExtendedProperties: [{ id: RELATIONSHIP_PROP, value: 'rel-1' }],
});

/** What a person would see in her inbox: kind and occurrence, in order. */
const inbox = (messages: MailMessage[]) =>
  messages.map((m) => `${m.kind}${m.occurrence ? ` ${m.occurrence}` : ''}`);

describe('mail log: the meeting messages attendees receive', () => {
  let em: GraphEmulator;
  let call: ReturnType<typeof client>;
  let now: number;
  beforeEach(async () => {
    now = NOW;
    em = await startGraphEmulator({ https: false, now: () => now });
    em.seed(PEOPLE);
    call = client(em);
  });
  afterEach(() => em.close());

  /** Three occurrences moved a day later and one cancelled, as booking does. */
  async function placeExceptions(masterId: string): Promise<void> {
    const occurrences = (await call('GET', `${SAM}/events/${masterId}/instances?${WINDOW}`)).body
      .value as { id: string }[];
    expect(occurrences).toHaveLength(7);
    expect((await call('DELETE', `${SAM}/events/${occurrences[3]!.id}`)).status).toBe(204);
    for (const [i, day] of [
      [0, '2027-01-06'],
      [1, '2027-01-20'],
      [5, '2027-03-17'],
    ] as const) {
      expect(
        (
          await call('PATCH', `${SAM}/events/${occurrences[i]!.id}`, {
            start: london(`${day}T14:00:00`),
            end: london(`${day}T15:00:00`),
          })
        ).status,
      ).toBe(200);
    }
  }

  it('invites each attendee once on create, then sends an update per moved occurrence and a cancellation per deleted one; the organizer receives nothing', async () => {
    const master = await call('POST', `${SAM}/events`, series([ADA, BEN]));
    await placeExceptions(master.body.id);
    expect(inbox(em.mailFor('ADA@council.example'))).toEqual([
      'request',
      'cancellation 2027-02-16',
      'update 2027-01-05',
      'update 2027-01-19',
      'update 2027-03-16',
    ]);
    expect(em.mailFor(BEN)).toHaveLength(5);
    expect(em.mailFor('sam@council.example')).toEqual([]);
    expect(
      em
        .mailFor(ADA)
        .every(
          (m) => m.eventId === master.body.id && m.subject === 'Supervision: Sam Lead / Ada Worker',
        ),
    ).toBe(true);
    // Without attendees an event is an appointment: nobody is written to.
    em.resetLog();
    await call('POST', `${SAM}/events`, series([]));
    expect(em.mailLog()).toEqual([]);
  });

  it('an attendee added after the exceptions are placed receives the series, then each exception: as many messages as one invited first', async () => {
    const master = await call('POST', `${SAM}/events`, series([]));
    await placeExceptions(master.body.id);
    expect(em.mailLog()).toEqual([]);
    expect(
      (await call('PATCH', `${SAM}/events/${master.body.id}`, { attendees: [attendee(ADA)] }))
        .status,
    ).toBe(200);
    expect(inbox(em.mailFor(ADA))).toEqual([
      'request',
      'update 2027-01-05',
      'update 2027-01-19',
      'update 2027-03-16',
      'cancellation 2027-02-16',
    ]);
  });

  it('adding an attendee writes only to her; an exception already started is not sent again', async () => {
    const master = await call('POST', `${SAM}/events`, series([ADA]));
    await placeExceptions(master.body.id);
    now = Date.parse('2027-02-01T09:00:00Z');
    em.resetLog();
    await call('PATCH', `${SAM}/events/${master.body.id}`, {
      attendees: [attendee(ADA), attendee(BEN)],
    });
    expect(em.mailFor(ADA)).toEqual([]);
    expect(inbox(em.mailFor(BEN))).toEqual([
      'request',
      'update 2027-03-16',
      'cancellation 2027-02-16',
    ]);
  });

  it('a PATCH of the series sends an update for it and re-sends its exceptions; one attendees cannot see sends nothing', async () => {
    const master = await call('POST', `${SAM}/events`, series([ADA]));
    await placeExceptions(master.body.id);
    em.resetLog();
    await call('PATCH', `${SAM}/events/${master.body.id}`, {
      singleValueExtendedProperties: [{ id: RELATIONSHIP_PROP, value: 'rel-2' }],
    });
    expect(em.mailLog()).toEqual([]);
    const longer = series([]).recurrence;
    longer.range.endDate = '2027-04-27';
    await call('PATCH', `${SAM}/events/${master.body.id}`, { recurrence: longer });
    expect(inbox(em.mailFor(ADA))).toEqual([
      'update',
      'update 2027-01-05',
      'update 2027-01-19',
      'update 2027-03-16',
      'cancellation 2027-02-16',
    ]);
  });

  it('removing an attendee cancels for her alone; deleting the series cancels it and each moved occurrence, not the ones already cancelled', async () => {
    const master = await call('POST', `${SAM}/events`, series([ADA, BEN]));
    await placeExceptions(master.body.id);
    em.resetLog();
    await call('PATCH', `${SAM}/events/${master.body.id}`, { attendees: [attendee(ADA)] });
    expect(em.mailFor(ADA)).toEqual([]);
    expect(inbox(em.mailFor(BEN))).toEqual([
      'cancellation',
      'cancellation 2027-01-05',
      'cancellation 2027-01-19',
      'cancellation 2027-03-16',
    ]);
    em.resetLog();
    expect((await call('DELETE', `${SAM}/events/${master.body.id}`)).status).toBe(204);
    expect(inbox(em.mailFor(ADA))).toEqual([
      'cancellation',
      'cancellation 2027-01-05',
      'cancellation 2027-01-19',
      'cancellation 2027-03-16',
    ]);
    expect(em.mailFor(BEN)).toEqual([]);
  });

  it('a repeated create with the same transactionId invites nobody again', async () => {
    await call('POST', `${SAM}/events`, { ...series([ADA]), transactionId: 'tx-mail' });
    await call('POST', `${SAM}/events`, { ...series([ADA]), transactionId: 'tx-mail' });
    expect(inbox(em.mailFor(ADA))).toEqual(['request']);
  });
});
