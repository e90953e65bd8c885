/**
 * DATABASE_AUTH=entra without Azure: a fake credential stands in for the
 * managed identity, and a small server speaking just enough of PostgreSQL's
 * protocol (https://www.postgresql.org/docs/current/protocol-flow.html) asks
 * each connection for a cleartext password, as Azure Database for PostgreSQL
 * does for a token, and records what it was given. So these check what
 * node-postgres really sends: the token as the password, asked again for
 * every connection the pool opens later, and refreshed once near expiry.
 */
import net from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionFields, openPostgres } from '../store/index.ts';
import { readConfig } from './config.ts';
import { entraPassword, POSTGRES_ENTRA_SCOPE } from './database-token.ts';

const HOUR = 3_600_000;

/** Hands out token-1, token-2… each valid for an hour from `now`, and records the scopes asked for. */
function fakeCredential(now: () => number) {
  const scopes: string[] = [];
  const credential: TokenCredential = {
    getToken: (scope: string | string[]): Promise<AccessToken> => {
      scopes.push(String(scope));
      return Promise.resolve({ token: `token-${scopes.length}`, expiresOnTimestamp: now() + HOUR });
    },
  };
  return { credential, scopes };
}

interface Login {
  user: string;
  database: string;
  password: string;
}

/** A server that asks for a cleartext password, accepts any, and answers every simple query with an empty success. */
async function fakePostgres(): Promise<{
  port: number;
  logins: Login[];
  close: () => Promise<void>;
}> {
  const logins: Login[] = [];
  const sockets = new Set<net.Socket>();
  const message = (type: string, body: Buffer) => {
    const head = Buffer.alloc(5);
    head.write(type, 0, 'latin1');
    head.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([head, body]);
  };
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffered = Buffer.alloc(0);
    let params: Record<string, string> | null = null;
    socket.on('data', (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        if (params === null) {
          // The startup message: length, protocol version, then name\0value\0 pairs.
          if (buffered.length < 4 || buffered.length < buffered.readInt32BE(0)) return;
          const length = buffered.readInt32BE(0);
          const fields = buffered
            .subarray(8, length - 1)
            .toString('utf8')
            .split('\0');
          params = {};
          for (let i = 0; i + 1 < fields.length; i += 2) params[fields[i]!] = fields[i + 1]!;
          buffered = buffered.subarray(length);
          socket.write(message('R', int32(3))); // AuthenticationCleartextPassword
          continue;
        }
        if (buffered.length < 5 || buffered.length < 1 + buffered.readInt32BE(1)) return;
        const type = String.fromCharCode(buffered[0]!);
        const length = buffered.readInt32BE(1);
        const body = buffered.subarray(5, 1 + length);
        buffered = buffered.subarray(1 + length);
        if (type === 'p') {
          logins.push({
            user: params.user ?? '',
            database: params.database ?? '',
            password: body.subarray(0, body.length - 1).toString('utf8'),
          });
          socket.write(Buffer.concat([message('R', int32(0)), message('Z', Buffer.from('I'))])); // AuthenticationOk, ReadyForQuery
        } else if (type === 'Q') {
          socket.write(
            Buffer.concat([
              message('C', Buffer.from('SELECT 0\0')),
              message('Z', Buffer.from('I')),
            ]),
          );
        } else if (type === 'X') {
          socket.end();
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    logins,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('entraPassword', () => {
  it('asks for the PostgreSQL scope, reuses the token while it has more than 5 minutes left, then fetches a new one', async () => {
    let time = 0;
    const { credential, scopes } = fakeCredential(() => time);
    const password = entraPassword(credential, 'managed identity x', () => time);
    expect(await password()).toBe('token-1');
    time += 54 * 60_000;
    expect(await password()).toBe('token-1');
    time += 2 * 60_000;
    expect(await password()).toBe('token-2');
    expect(scopes).toEqual([POSTGRES_ENTRA_SCOPE, POSTGRES_ENTRA_SCOPE]);
    expect(POSTGRES_ENTRA_SCOPE).toBe('https://ossrdbms-aad.database.windows.net/.default');
  });

  it('asks once for connections opened together', async () => {
    const { credential, scopes } = fakeCredential(() => 0);
    const password = entraPassword(credential, 'managed identity x', () => 0);
    expect(await Promise.all([password(), password(), password()])).toEqual([
      'token-1',
      'token-1',
      'token-1',
    ]);
    expect(scopes).toHaveLength(1);
  });

  it('names the identity when no token comes, and asks again next time', async () => {
    let calls = 0;
    const credential: TokenCredential = {
      getToken: () => {
        calls++;
        return Promise.reject(
          new Error('ManagedIdentityCredential: no managed identity endpoint found.\nmore detail'),
        );
      },
    };
    const password = entraPassword(credential, 'managed identity 7c1a');
    await expect(password()).rejects.toThrow(
      /^no Microsoft Entra token for PostgreSQL as managed identity 7c1a: ManagedIdentityCredential: no managed identity endpoint found\.$/,
    );
    await expect(password()).rejects.toThrow();
    expect(calls).toBe(2);
  });
});

describe('a pool whose password is a token', () => {
  let server: Awaited<ReturnType<typeof fakePostgres>> | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends the token as the password of each connection, and a connection opened after expiry gets a fresh one', async () => {
    server = await fakePostgres();
    let time = 0;
    const { credential } = fakeCredential(() => time);
    const db = await openPostgres(
      `postgres://id-cadence-northdale@127.0.0.1:${server.port}/cadence?sslmode=disable`,
      {
        password: entraPassword(credential, 'managed identity x', () => time),
      },
    );
    try {
      // openPostgres's probe: the first connection, with the first token.
      expect(server.logins).toEqual([
        { user: 'id-cadence-northdale', database: 'cadence', password: 'token-1' },
      ]);
      // Two transactions at once need a second connection: an hour later, it must not reuse the expired token.
      time += HOUR;
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const first = db.transaction(async () => held);
      const second = db.transaction(async () => held);
      await new Promise((resolve) => setTimeout(resolve, 200));
      release();
      await Promise.all([first, second]);
      expect(server.logins.map((login) => login.password)).toEqual(['token-1', 'token-2']);
    } finally {
      await db.close();
    }
  });
});

describe('connectionFields', () => {
  const password = () => Promise.resolve('token');

  it('takes the URL apart, so node-postgres uses the password function rather than the URL’s empty password', () => {
    const fields = connectionFields(
      'postgres://id-cadence-northdale@psql-x.postgres.database.azure.com:5432/cadence?sslmode=verify-full',
      password,
    );
    expect(fields).toEqual({
      host: 'psql-x.postgres.database.azure.com',
      port: 5432,
      database: 'cadence',
      user: 'id-cadence-northdale',
      password,
      ssl: true,
    });
    expect(connectionFields('postgres://u@[::1]/db', password)).toMatchObject({
      host: '::1',
      port: 5432,
      ssl: false,
    });
    expect(() => connectionFields('postgres://u:pw@h/db', password)).toThrow(/carries a password/);
  });
});

describe('DATABASE_AUTH', () => {
  const url =
    'postgres://id-cadence-northdale@psql-x.postgres.database.azure.com:5432/cadence?sslmode=verify-full';

  it('is password by default, and entra with a URL naming the role, no password and sslmode=verify-full', () => {
    expect(readConfig({}).databaseAuth).toBe('password');
    expect(
      readConfig({
        DATABASE_URL: url,
        DATABASE_AUTH: 'entra',
        AZURE_CLIENT_ID: '7c1a3e52-2f41-4b8e-9d0a-5b2f6c8e1d34',
      }),
    ).toMatchObject({
      databaseUrl: url,
      databaseAuth: 'entra',
      azureClientId: '7c1a3e52-2f41-4b8e-9d0a-5b2f6c8e1d34',
    });
  });

  it('refuses a token with a password in the URL, no role, no URL, or a certificate left unchecked', () => {
    expect(() => readConfig({ DATABASE_AUTH: 'entra' })).toThrow(
      /DATABASE_AUTH is 'entra', but DATABASE_URL is not set/,
    );
    expect(() =>
      readConfig({
        DATABASE_AUTH: 'entra',
        DATABASE_URL: url.replace('northdale@', 'northdale:pw@'),
      }),
    ).toThrow(/must carry no password/);
    expect(() =>
      readConfig({
        DATABASE_AUTH: 'entra',
        DATABASE_URL: url.replace('id-cadence-northdale@', ''),
      }),
    ).toThrow(/must name the role/);
    expect(() =>
      readConfig({ DATABASE_AUTH: 'entra', DATABASE_URL: url.replace('verify-full', 'require') }),
    ).toThrow(/sslmode=verify-full/);
    expect(() => readConfig({ DATABASE_AUTH: 'token' })).toThrow(
      /DATABASE_AUTH must be 'password'/,
    );
  });
});
