/**
 * Which settings are development ones, and when `cadence serve` takes them
 * (app/config.ts): the rules on their own, without a process. test/serve.test.ts
 * runs serve with each, and test/doctor.test.ts the doctor.
 */
import { describe, expect, it } from 'vitest';
import {
  developmentRefusal,
  isLoopback,
  readConfig,
  reviewDevelopmentSettings,
} from '../app/config.ts';

const EMULATOR = {
  GRAPH_BASE_URL: 'http://127.0.0.1:5099',
  GRAPH_AUTHORITY_HOST: 'https://127.0.0.1:5100',
  GRAPH_AUTHORITY_CA_FILE: '/tmp/ca.pem',
  GRAPH_TENANT_ID: 't',
  GRAPH_CLIENT_ID: 'c',
  GRAPH_CLIENT_SECRET: 's',
};

describe('development settings', () => {
  it('knows loopback: 127.0.0.0/8, ::1 (bracketed in a URL) and localhost, nothing else', () => {
    expect(
      ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST'].filter(isLoopback),
    ).toHaveLength(6);
    expect(
      [
        '0.0.0.0',
        '::',
        '10.0.0.1',
        '128.0.0.1',
        'localhost.council.example',
        '127.0.0.1.nip.io',
        'graph.microsoft.com',
      ].filter(isLoopback),
    ).toEqual([]);
  });

  it('finds none in a production configuration, whose Graph and sign-in are Microsoft’s own or a national cloud’s over https', () => {
    expect(
      reviewDevelopmentSettings({
        GRAPH_TENANT_ID: 't',
        GRAPH_CLIENT_ID: 'c',
        GRAPH_CLIENT_SECRET: 's',
        CADENCE_BOT_HOST: '0.0.0.0',
        NODE_TLS_REJECT_UNAUTHORIZED: '1',
      }),
    ).toEqual({ allowed: false, present: [], remote: [] });
    const nationalCloud = {
      GRAPH_BASE_URL: 'https://graph.microsoft.us',
      GRAPH_AUTHORITY_HOST: 'https://login.microsoftonline.us',
    };
    expect(developmentRefusal(reviewDevelopmentSettings(nationalCloud))).toBeNull();
    // The operating system's public bundle as NODE_EXTRA_CA_CERTS (Debian machines set it) adds no CA of anyone's own.
    expect(
      reviewDevelopmentSettings({ NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt' })
        .present,
    ).toEqual([]);
    expect(
      reviewDevelopmentSettings({
        NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/council-proxy.pem',
      }).present.map((s) => s.setting),
    ).toEqual(['NODE_EXTRA_CA_CERTS']);
  });

  it('takes the emulator’s with CADENCE_DEVELOPMENT=1 and everything on loopback, and is in the configuration serve reads', () => {
    const config = readConfig({
      ...EMULATOR,
      CADENCE_DEVELOPMENT: '1',
      DATABASE_URL: 'postgres://postgres@localhost:5432/cadence',
    });
    expect(config.development.allowed).toBe(true);
    expect(config.development.present.map((s) => s.setting)).toEqual([
      'GRAPH_BASE_URL',
      'GRAPH_AUTHORITY_HOST',
      'GRAPH_AUTHORITY_CA_FILE',
    ]);
    expect(developmentRefusal(config.development)).toBeNull();
    // IPv6 loopback too.
    expect(
      developmentRefusal(
        reviewDevelopmentSettings({
          CADENCE_DEVELOPMENT: '1',
          GRAPH_BASE_URL: 'http://[::1]:5099',
          CADENCE_BOT_HOST: '::1',
        }),
      ),
    ).toBeNull();
  });

  it('refuses them without the flag, naming the first and the rest', () => {
    expect(developmentRefusal(reviewDevelopmentSettings(EMULATOR))).toMatch(
      /^GRAPH_BASE_URL is http:\/\/127\.0\.0\.1:5099: plain HTTP, so the Graph token would travel unencrypted \(and GRAPH_AUTHORITY_HOST, GRAPH_AUTHORITY_CA_FILE\)\. /,
    );
    // CADENCE_DEVELOPMENT=0 is the same as unset; another value is not a setting readConfig takes.
    expect(reviewDevelopmentSettings({ ...EMULATOR, CADENCE_DEVELOPMENT: '0' }).allowed).toBe(
      false,
    );
    expect(() => readConfig({ CADENCE_DEVELOPMENT: 'yes' })).toThrow(
      /^configuration: CADENCE_DEVELOPMENT must be 1/,
    );
  });

  it('with the flag, refuses whatever is not on this machine: the bot, the database, Graph and its sign-in (Microsoft’s own when unset)', () => {
    const remote = (env: Record<string, string>) =>
      reviewDevelopmentSettings({ CADENCE_DEVELOPMENT: '1', ...env }).remote;
    expect(remote({ CADENCE_BOT_HOST: '0.0.0.0' })).toEqual([
      { setting: 'CADENCE_BOT_HOST', value: '0.0.0.0' },
    ]);
    expect(remote({ DATABASE_URL: 'postgres://cadence@db.council.example:5432/cadence' })).toEqual([
      { setting: 'DATABASE_URL', value: 'db.council.example:5432' },
    ]);
    expect(remote({ ...EMULATOR, GRAPH_BASE_URL: 'http://graph.council.example' })).toEqual([
      { setting: 'GRAPH_BASE_URL', value: 'http://graph.council.example' },
    ]);
    expect(
      remote({
        GRAPH_TENANT_ID: 't',
        GRAPH_CLIENT_ID: 'c',
        GRAPH_CLIENT_SECRET: 's',
        NODE_TLS_REJECT_UNAUTHORIZED: '0',
      }),
    ).toEqual([
      { setting: 'GRAPH_BASE_URL', value: null },
      { setting: 'GRAPH_AUTHORITY_HOST', value: null },
    ]);
    // Without Graph configured, the flag asks nothing of the GRAPH_* addresses.
    expect(remote({ NODE_TLS_REJECT_UNAUTHORIZED: '0' })).toEqual([]);
  });
});
