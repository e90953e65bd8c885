/**
 * graph/emulator: a local Microsoft Graph-compatible server for development and tests.
 *
 *   const em = await startGraphEmulator({ latencyMs: 100, faults: { throttleEvery: 50 } });
 *   em.seedDemoCouncil();                          // or em.seed(users, events)
 *   // Graph base URL: `${em.url}/v1.0`. Tokens: @azure/identity's ClientSecretCredential with
 *   //   tenantId = em.tenantId, EMULATOR_CLIENT_ID / EMULATOR_CLIENT_SECRET,
 *   //   { authorityHost: em.authorityHost, disableInstanceDiscovery: true, tlsOptions: { ca: em.tlsCa } }
 *   // (@azure/identity insists on an https authority host, hence the second, TLS port with a
 *   // loopback-only certificate; instance discovery would otherwise go to login.microsoftonline.com).
 *   // Or skip the flow: em.issueToken(['Calendars.ReadWrite']).
 *   em.cancelOccurrence(upn, occurrenceId);          // act as a person in Outlook
 *   em.requestLog; em.counters;                      // what clients asked of it
 *
 * With `stateFile` (an absolute path) the state outlives a restart; seed only a fresh one:
 *   const em = await startGraphEmulator({ stateFile: '/abs/data/graph-emulator.json' });
 *   if (!em.restored) em.seedDemoCouncil({ today });
 */
export { startGraphEmulator, type GraphEmulator, type EmulatorState } from './emulator.ts';
export { EMULATOR_TENANT_ID, EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from './auth.ts';
export type { Counters } from './server.ts';
export { DEMO_LONG_LEAVE, type DemoOptions } from './seed-demo.ts';
export type { MailKind, MailMessage } from './mail-log.ts';
export type {
  EmulatorOptions,
  FaultOptions,
  AppRegistration,
  LoggedRequest,
  SeedUser,
  SeedEvent,
  User,
  DateTimeTimeZone,
} from './types.ts';
export { emulatorConnection } from './connection.ts';
export { EmulatorStateError } from './state-file.ts';
