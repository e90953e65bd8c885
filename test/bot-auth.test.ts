/**
 * Token validation on the bot's real port: with an app id configured, a post
 * to /api/messages without a token, or with a forged one, is refused with 401
 * and never reaches the handler. Without an app id the server refuses to
 * listen anywhere but on the loopback interface.
 */
import { createHmac, createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ActivityHandler } from 'botbuilder';
import { NO_CREDENTIALS, UnsafeBindingError } from '../bot/adapter.ts';
import type { LogEvent } from '../supervision/index.ts';
import { startBotServer, type BotServer } from '../bot/server.ts';

const APP_ID = randomUUID();
let server: BotServer;
let reached = 0;
const logged: LogEvent[] = [];
// Before the server exists: what the console prints after it has quieted token refusals reaches this spy.
const printed = vi.spyOn(console, 'error');

const activity = {
  type: 'message',
  id: 'a1',
  text: 'overdue',
  channelId: 'msteams',
  serviceUrl: 'https://smba.trafficmanager.net/uk/',
  from: { id: '29:user', aadObjectId: randomUUID() },
  recipient: { id: `28:${APP_ID}` },
  conversation: { id: 'a:conversation', conversationType: 'personal' },
};

// Stands in for Microsoft's published signing keys: one key pair is "Microsoft's", another is a forger's.
const microsoft = generateKeyPairSync('rsa', { modulusLength: 2048 });
const forger = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KID = 'test-key';
let keys: Server;
let keysUrl = '';

function signedToken(
  privateKey: typeof microsoft.privateKey,
  claims: Record<string, unknown> = {},
): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'RS256', typ: 'JWT', kid: KID })}.${b64({
    iss: 'https://api.botframework.com',
    aud: APP_ID,
    serviceurl: activity.serviceUrl,
    nbf: now - 60,
    exp: now + 3600,
    ...claims,
  })}`;
  return `${body}.${createSign('RSA-SHA256').update(body).sign(privateKey).toString('base64url')}`;
}

function forgedToken(): string {
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: activity.serviceUrl, nbf: now - 60, exp: now + 3600 })}`;
  return `${body}.${createHmac('sha256', 'not-microsoft').update(body).digest('base64url')}`;
}

const post = (headers: Record<string, string>) =>
  fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(activity),
  });

beforeAll(async () => {
  keys = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url?.startsWith('/.well-known')) {
      res.end(
        JSON.stringify({
          issuer: 'https://api.botframework.com',
          jwks_uri: `${keysUrl}/keys`,
          id_token_signing_alg_values_supported: ['RS256'],
        }),
      );
    } else {
      res.end(
        JSON.stringify({
          keys: [
            {
              ...microsoft.publicKey.export({ format: 'jwk' }),
              kid: KID,
              use: 'sig',
              alg: 'RS256',
              endorsements: ['msteams'],
            },
          ],
        }),
      );
    }
  });
  await new Promise<void>((resolve) => keys.listen(0, '127.0.0.1', resolve));
  const address = keys.address();
  keysUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const bot = new ActivityHandler();
  bot.onMessage(async (_context, next) => {
    reached += 1;
    await next();
  });
  server = await startBotServer({
    bot,
    credentials: {
      appId: APP_ID,
      appPassword: 'secret',
      appType: 'SingleTenant',
      tenantId: randomUUID(),
      openIdMetadataUrl: `${keysUrl}/.well-known/openid-configuration`,
    },
    host: '127.0.0.1',
    port: 0,
    log: (event) => logged.push(event),
  });
});

afterAll(async () => {
  await server.close();
  await new Promise((resolve) => keys.close(resolve));
});

describe('the bot endpoint with an app id', () => {
  it('refuses a request with no token with 401', async () => {
    const response = await post({});
    expect(response.status).toBe(401);
    expect(reached).toBe(0);
  });

  it('accepts a token signed with the published keys', async () => {
    const response = await post({ authorization: `Bearer ${signedToken(microsoft.privateKey)}` });
    expect(response.status).toBe(200);
    expect(reached).toBe(1);
    reached = 0;
  });

  it('refuses a token signed by anyone else with 401', async () => {
    const response = await post({ authorization: `Bearer ${signedToken(forger.privateKey)}` });
    expect(response.status).toBe(401);
    expect(reached).toBe(0);
  });

  it('refuses a token for another bot with 401', async () => {
    const response = await post({
      authorization: `Bearer ${signedToken(microsoft.privateKey, { aud: randomUUID() })}`,
    });
    expect(response.status).toBe(401);
    expect(reached).toBe(0);
  });

  it('refuses an HMAC-signed token with 401', async () => {
    const response = await post({ authorization: `Bearer ${forgedToken()}` });
    expect(response.status).toBe(401);
    expect(reached).toBe(0);
  });

  it('refuses a token with no expiry, or one expired beyond the 5 minutes of clock skew Microsoft allows', async () => {
    const noExpiry = signedToken(microsoft.privateKey, { exp: undefined });
    expect((await post({ authorization: `Bearer ${noExpiry}` })).status).toBe(401);
    const now = Math.floor(Date.now() / 1000);
    const expired = signedToken(microsoft.privateKey, { nbf: now - 7200, exp: now - 3600 });
    expect((await post({ authorization: `Bearer ${expired}` })).status).toBe(401);
    expect(reached).toBe(0);
  });

  it("refuses a token from the Bot Framework Emulator's issuer, which botbuilder would take without an expiry: Teams' tokens come from api.botframework.com", async () => {
    const emulatorIssued = signedToken(microsoft.privateKey, {
      iss: 'https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/',
      ver: '1.0',
      appid: APP_ID,
      exp: undefined,
    });
    logged.length = 0;
    expect((await post({ authorization: `Bearer ${emulatorIssued}` })).status).toBe(401);
    expect(reached).toBe(0);
    // Refused by Cadence's own check: botbuilder's verified the signature and let it through.
    expect(logged.map((e) => e.outcome)).toEqual(['wrong-issuer']);
  });

  it('logs each refused token as one event naming why, and prints nothing of it to the console', async () => {
    printed.mockClear();
    logged.length = 0;
    const now = Math.floor(Date.now() / 1000);
    await post({ authorization: `Bearer ${signedToken(forger.privateKey)}` });
    await post({
      authorization: `Bearer ${signedToken(microsoft.privateKey, { nbf: now - 7200, exp: now - 3600 })}`,
    });
    await post({
      authorization: `Bearer ${signedToken(microsoft.privateKey, { exp: undefined })}`,
    });
    await post({});
    expect(logged.map((e) => [e.event, e.outcome])).toEqual([
      ['token-refused', 'invalid'],
      ['token-refused', 'expired'],
      ['token-refused', 'no-expiry'],
      ['token-refused', 'missing'],
    ]);
    expect(JSON.stringify(logged)).not.toMatch(/eyJ|BEGIN|Bearer/);
    expect(printed).not.toHaveBeenCalled();
  });

  it('refuses a body over the size limit', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${forgedToken()}` },
      body: JSON.stringify({ ...activity, text: 'x'.repeat(400_000) }),
    });
    expect(response.status).toBe(413);
    expect(reached).toBe(0);
  });
});

describe('the bot endpoint without an app id', () => {
  it('will not listen beyond localhost', async () => {
    await expect(
      startBotServer({
        bot: new ActivityHandler(),
        credentials: NO_CREDENTIALS,
        host: '0.0.0.0',
        port: 0,
      }),
    ).rejects.toThrow(UnsafeBindingError);
  });
});
