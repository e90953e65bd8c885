/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- tests read Graph's JSON untyped, over HTTP. */
/**
 * The emulator's model of Exchange RBAC for Applications: roles assigned in
 * Exchange are not in the token and reach only the scoped mailboxes; a mailbox's
 * calendar can be read (GET /users/{id}/calendar); a token for another API is
 * refused by Graph.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from './index.ts';
import { client, london, PEOPLE } from '../../test/support/emulator-client.ts';

const APP = '3c1d2a50-7f6e-4d4c-9b1a-6e5f4d3c2b1a';
let em: GraphEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

describe('RBAC for Applications', () => {
  it('grants Exchange-assigned roles, which the token does not carry, over the scoped mailboxes only', async () => {
    em = await startGraphEmulator({
      https: false,
      apps: [
        { clientId: APP, clientSecret: 's', roles: [], exchangeRoles: ['Calendars.ReadWrite'] },
      ],
      calendarScope: ['ada@council.example'],
    });
    em.seed(PEOPLE);
    const call = client(em, em.issueToken(undefined, APP));
    const inScope = await call('GET', '/users/ada@council.example/calendar');
    expect(inScope.status).toBe(200);
    expect(inScope.body).toMatchObject({
      name: 'Calendar',
      isDefaultCalendar: true,
      owner: { address: 'ada@council.example' },
    });
    const outside = await call('GET', '/users/ben@council.example/calendar');
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('ErrorAccessDenied');
    // Without the Exchange assignment, the same app reaches nothing.
    const bare = client(em, em.issueToken([], 'another-app'));
    expect((await bare('GET', '/users/ada@council.example/calendar')).status).toBe(403);
  });

  it('issues a token for the API the scope names, and Graph refuses one for another API', async () => {
    em = await startGraphEmulator({
      https: false,
      apps: [{ clientId: APP, clientSecret: 's', roles: ['Calendars.ReadWrite'] }],
    });
    em.seed(PEOPLE);
    const token = async (scope: string): Promise<string> => {
      const form = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: APP,
        client_secret: 's',
        scope,
      });
      const res = await fetch(`${em!.url}/${em!.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: form,
      });
      return ((await res.json()) as { access_token: string }).access_token;
    };
    const claims = (jwt: string) =>
      JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as {
        aud: string;
        roles: string[];
      };
    const bot = await token('https://api.botframework.com/.default');
    expect(claims(bot)).toMatchObject({ aud: 'https://api.botframework.com', roles: [] });
    const refused = await client(em, bot)('GET', '/users/ada@council.example/calendar');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('InvalidAuthenticationToken');
    const graph = await token('https://graph.microsoft.com/.default');
    expect(claims(graph)).toMatchObject({
      aud: 'https://graph.microsoft.com',
      roles: ['Calendars.ReadWrite'],
    });
    expect((await client(em, graph)('GET', '/users/ada@council.example/calendar')).status).toBe(
      200,
    );
  });
});

describe('RBAC for Applications adds to an Entra grant, never narrows it', () => {
  it('lets a tenant-wide Entra role reach mailboxes outside the scope; the scope limits Exchange-assigned roles only', async () => {
    em = await startGraphEmulator({
      https: false,
      apps: [
        { clientId: APP, clientSecret: 's', roles: ['Calendars.ReadWrite'] },
        {
          clientId: 'scoped-app',
          clientSecret: 's',
          roles: [],
          exchangeRoles: ['Calendars.ReadWrite'],
        },
      ],
      calendarScope: ['ada@council.example'],
    });
    em.seed(PEOPLE);
    const entra = client(em, em.issueToken(undefined, APP));
    expect((await entra('GET', '/users/ben@council.example/calendar')).status).toBe(200);
    expect(
      (
        await entra('POST', '/users/ben@council.example/events', {
          start: london('2026-06-01T10:00:00'),
          end: london('2026-06-01T11:00:00'),
        })
      ).status,
    ).toBe(201);
    const schedule = await entra('POST', '/users/sam@council.example/calendar/getSchedule', {
      schedules: ['ada@council.example', 'ben@council.example'],
      startTime: london('2026-06-01T00:00:00'),
      endTime: london('2026-06-02T00:00:00'),
    });
    expect(schedule.body.value.map((s: { error?: unknown }) => s.error ?? null)).toEqual([
      null,
      null,
    ]);
    const scoped = client(em, em.issueToken(undefined, 'scoped-app'));
    expect((await scoped('GET', '/users/ada@council.example/calendar')).status).toBe(200);
    const outside = await scoped('GET', '/users/ben@council.example/calendar');
    expect(outside.status).toBe(403);
    expect(outside.body.error.code).toBe('ErrorAccessDenied');
  });
});
