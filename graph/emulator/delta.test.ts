/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- tests read Graph's JSON untyped, over HTTP. */
/**
 * calendarView/delta as strict as Graph: bare occurrences and no master
 * (microsoft-graph-docs-contrib issue 5602), and tokens that expire — after
 * newer rounds, by age, or on demand — answered 410 Gone (or 400) with
 * `syncStateNotFound` (https://learn.microsoft.com/graph/delta-query-overview).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGraphEmulator, type EmulatorOptions, type GraphEmulator } from './index.ts';
import { client, london, PEOPLE } from '../../test/support/emulator-client.ts';

const WINDOW = 'startDateTime=2026-11-01T00:00:00Z&endDateTime=2027-04-01T00:00:00Z';
const SERIES = {
  subject: 'Supervision: Sam Lead / Ada Worker',
  start: london('2026-12-01T10:00:00'),
  end: london('2026-12-01T11:00:00'),
  recurrence: {
    pattern: { type: 'weekly', interval: 2, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
    range: { type: 'endDate', startDate: '2026-12-01', endDate: '2027-03-01' },
  },
  attendees: [
    { emailAddress: { address: 'ada@council.example', name: 'Ada Worker' }, type: 'required' },
  ],
};

let em: GraphEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

async function start(options: EmulatorOptions = {}) {
  em = await startGraphEmulator({ https: false, ...options });
  em.seed(PEOPLE);
  const call = client(em);
  await call('POST', '/users/sam@council.example/events', SERIES);
  return call;
}

describe('calendarView/delta', () => {
  it('returns occurrences bare — id, type, seriesMasterId, start, end — and never the series master', async () => {
    const call = await start();
    const round = await call('GET', `/users/sam@council.example/calendarView/delta?${WINDOW}`);
    expect(round.status).toBe(200);
    expect(round.body.value).toHaveLength(7);
    for (const item of round.body.value) {
      expect(
        Object.keys(item)
          .filter((key) => !key.startsWith('@odata.'))
          .sort(),
      ).toEqual(['end', 'id', 'seriesMasterId', 'start', 'type']);
      expect(item.type).toBe('occurrence');
    }
    // The same occurrences outside a delta carry subject and attendees: only the delta is bare.
    const view = await call('GET', `/users/sam@council.example/calendarView?${WINDOW}`);
    expect(view.body.value[0]).toMatchObject({
      subject: SERIES.subject,
      attendees: [
        expect.objectContaining({
          emailAddress: expect.objectContaining({ address: 'ada@council.example' }),
        }),
      ],
    });
  });

  it('expires a token after as many newer rounds as configured, with 410 syncStateNotFound and the initial query as Location', async () => {
    const call = await start({ deltaTokens: { tokensPerMailbox: 2 } });
    const links: string[] = [];
    for (let round = 0; round < 3; round++)
      links.push(
        (
          await call(
            'GET',
            links.at(-1) ?? `/users/sam@council.example/calendarView/delta?${WINDOW}`,
          )
        ).body['@odata.deltaLink'],
      );
    const oldest = await call('GET', links[0]!);
    expect(oldest.status).toBe(410);
    expect(oldest.body.error.code).toBe('syncStateNotFound');
    const location = new URL(oldest.headers.get('location')!);
    expect(location.pathname).toMatch(/\/calendarView\/delta$/);
    expect(location.searchParams.get('startDateTime')).toBe('2026-11-01T00:00:00.000Z');
    expect(location.searchParams.get('$deltatoken')).toBe('');
    expect((await call('GET', links[1]!)).status).toBe(200);
  });

  it('expires a token older than maxAgeMs', async () => {
    const call = await start({ deltaTokens: { maxAgeMs: 1000 } });
    const link = (await call('GET', `/users/sam@council.example/calendarView/delta?${WINDOW}`))
      .body['@odata.deltaLink'];
    expect((await call('GET', link)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const old = await call('GET', link);
    expect(old.status).toBe(410);
    expect(old.body.error.code).toBe('syncStateNotFound');
  });

  it("expires one mailbox's tokens on demand, the others' left alone, and can answer 400 instead of 410", async () => {
    const call = await start({ deltaTokens: { status: 400 } });
    const sams = (await call('GET', `/users/sam@council.example/calendarView/delta?${WINDOW}`))
      .body['@odata.deltaLink'];
    const adas = (await call('GET', `/users/ada@council.example/calendarView/delta?${WINDOW}`))
      .body['@odata.deltaLink'];
    expect(em!.expireDeltaTokens('sam@council.example')).toBe(1);
    const expired = await call('GET', sams);
    expect(expired.status).toBe(400);
    expect(expired.body.error.code).toBe('syncStateNotFound');
    expect((await call('GET', adas)).status).toBe(200);
  });
});
