/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- tests read Graph's JSON untyped, over HTTP; schemas.test.ts checks its shape. */
import { ClientSecretCredential } from '@azure/identity';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  startGraphEmulator,
  type EmulatorOptions,
  type GraphEmulator,
} from './index.ts';
import { client, london, PEOPLE } from '../../test/support/emulator-client.ts';

let em: GraphEmulator | undefined;
afterEach(async () => {
  await em?.close();
  em = undefined;
});

async function start(options: EmulatorOptions): Promise<GraphEmulator> {
  em = await startGraphEmulator({ https: false, ...options });
  em.seed(PEOPLE);
  return em;
}

const get = (id: string, who = 'ada') => ({
  id,
  method: 'GET',
  url: `/users/${who}@council.example/events`,
});

describe('$batch', () => {
  it('runs inner requests through the same handlers; an inner 429 keeps its Retry-After', async () => {
    const e = await start({ faults: { throttleEvery: 3, retryAfterSeconds: 7 } });
    const res = await client(e)('POST', '/$batch', {
      requests: [
        get('1'),
        get('2', 'ben'),
        get('3', 'sam'),
        { id: '4', method: 'GET', url: '/users/ada@council.example' },
      ],
    });
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.responses.map((r: { id: string }) => [r.id, r]));
    expect(byId['1'].status).toBe(200);
    expect(byId['3']).toMatchObject({
      status: 429,
      headers: { 'Retry-After': '7' },
      body: { error: { code: 'TooManyRequests' } },
    });
    expect(byId['4'].body.userPrincipalName).toBe('ada@council.example');
    expect(e.counters).toMatchObject({ httpRoundTrips: 1, graphRequests: 4, throttled: 1 });
    expect(e.requestLog.filter((l) => l.inBatch)).toHaveLength(4);
  });

  it('answers a 5th concurrent request for one mailbox with ApplicationThrottled, and refuses more than 20 requests', async () => {
    const e = await start({});
    const call = client(e);
    const res = await call('POST', '/$batch', {
      requests: ['1', '2', '3', '4', '5', '6'].map((id) => get(id)),
    });
    const statuses = res.body.responses.map((r: { status: number }) => r.status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    expect(res.body.responses[4]).toMatchObject({
      headers: { 'Retry-After': '1' },
      body: { error: { code: 'ApplicationThrottled' } },
    });
    const chained = await call('POST', '/$batch', {
      requests: ['1', '2', '3', '4', '5', '6'].map((id, i) => ({
        ...get(id),
        ...(i > 0 ? { dependsOn: [String(i)] } : {}),
      })),
    });
    expect(chained.body.responses.map((r: { status: number }) => r.status)).toEqual([
      200, 200, 200, 200, 200, 200,
    ]);
    const big = await call('POST', '/$batch', {
      requests: Array.from({ length: 21 }, (_, i) => get(String(i))),
    });
    expect(big.status).toBe(400);
  });
});

describe('throttling and faults', () => {
  it('gives the 5th concurrent HTTP request for a mailbox a 429 with Retry-After', async () => {
    const e = await start({ latencyMs: 150 });
    const call = client(e);
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => call('GET', '/users/ada@council.example/events')),
    );
    const throttled = replies.filter((r) => r.status === 429);
    expect(throttled).toHaveLength(1);
    expect(throttled[0]!.headers.get('retry-after')).toBe('1');
    expect(throttled[0]!.body.error.code).toBe('ApplicationThrottled');
    expect((await call('GET', '/users/ben@council.example/events')).status).toBe(200);
  });

  it('answers every Nth request with a server error', async () => {
    const e = await start({ faults: { serverErrorEvery: 2 } });
    const call = client(e);
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await call('GET', '/users/ada@council.example')).status);
    expect(statuses).toEqual([200, 503, 200, 503]);
  });
});

describe('auth', () => {
  it('requires a bearer token the emulator issued', async () => {
    const e = await start({});
    const none = await fetch(`${e.url}/v1.0/users/ada@council.example`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe(
      'InvalidAuthenticationToken',
    );
    const forged = await client(e, 'a.b.c')('GET', '/users/ada@council.example');
    expect(forged.status).toBe(401);
  });

  it('answers 403 ErrorAccessDenied for a mailbox outside the RBAC scope, and for missing roles', async () => {
    // Calendars granted in Exchange only (none in Entra), scoped to two mailboxes.
    const apps = [
      {
        clientId: EMULATOR_CLIENT_ID,
        clientSecret: EMULATOR_CLIENT_SECRET,
        roles: ['User.Read.All'],
        exchangeRoles: ['Calendars.ReadWrite'],
      },
    ];
    const e = await start({ apps, calendarScope: ['sam@council.example', 'ada@council.example'] });
    const call = client(e);
    const out = await call('GET', '/users/ben@council.example/events');
    expect(out.status).toBe(403);
    expect(out.body.error.code).toBe('ErrorAccessDenied');
    expect((await call('GET', '/users/ada@council.example/events')).status).toBe(200);
    const schedule = await call('POST', '/users/sam@council.example/calendar/getSchedule', {
      schedules: ['ada@council.example', 'ben@council.example'],
      startTime: london('2026-06-01T00:00:00'),
      endTime: london('2026-06-02T00:00:00'),
    });
    expect(schedule.body.value[1].error.responseCode).toBe('ErrorAccessDenied');
    const readOnly = client(e, e.issueToken(['Calendars.Read'], 'another-app'));
    expect((await readOnly('GET', '/users/ada@council.example/events')).status).toBe(200);
    expect(
      (
        await readOnly('POST', '/users/ada@council.example/events', {
          start: london('2026-06-01T10:00:00'),
          end: london('2026-06-01T11:00:00'),
        })
      ).status,
    ).toBe(403);
    expect((await readOnly('GET', '/users/ada@council.example')).body.error.code).toBe(
      'Authorization_RequestDenied',
    );
  });

  it("issues tokens to @azure/identity's ClientSecretCredential (https authority host, instance discovery off)", async () => {
    const e = await start({ https: true });
    const credential = new ClientSecretCredential(
      e.tenantId,
      EMULATOR_CLIENT_ID,
      EMULATOR_CLIENT_SECRET,
      {
        authorityHost: e.authorityHost!,
        disableInstanceDiscovery: true,
        tlsOptions: { ca: e.tlsCa! },
      },
    );
    const { token } = await credential.getToken('https://graph.microsoft.com/.default');
    const roles = (
      JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { roles: string[] }
    ).roles;
    expect(roles).toEqual(['Calendars.ReadWrite', 'User.Read.All']);
    expect((await client(e, token)('GET', '/users/ada@council.example')).status).toBe(200);
    const wrong = new ClientSecretCredential(e.tenantId, EMULATOR_CLIENT_ID, 'wrong', {
      authorityHost: e.authorityHost!,
      disableInstanceDiscovery: true,
      tlsOptions: { ca: e.tlsCa! },
    });
    await expect(wrong.getToken('https://graph.microsoft.com/.default')).rejects.toThrow(/7000215/);
  });
});
