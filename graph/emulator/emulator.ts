/**
 * startGraphEmulator: a Microsoft Graph-compatible server on loopback for
 * development and tests, with handles to seed it, act as a person in Outlook,
 * and read what clients asked of it.
 */
import http from 'node:http';
import https from 'node:https';
import { EMULATOR_CLIENT_ID } from './auth.ts';
import type { CalendarStore } from './calendar-store.ts';
import type { DeltaTracker } from './delta.ts';
import type { Directory } from './directory.ts';
import { dateTimeZoneToMs } from './time.ts';
import { closeServer, createCore, createHandler, listen, loopbackTls, type Counters } from './server.ts';
import { seedDemoCouncil, type DemoOptions } from './seed-demo.ts';
import { readStateFile, STATE_FORMAT, writeStateFile } from './state-file.ts';
import type { DateTimeTimeZone, EmulatorOptions, LoggedRequest, SeedEvent, SeedUser, User } from './types.ts';

export interface EmulatorState {
  directory: Directory;
  store: CalendarStore;
  delta: DeltaTracker;
  options: EmulatorOptions;
}

export interface GraphEmulator {
  /** Base URL (http); Graph lives under `${url}/v1.0`. */
  url: string;
  port: number;
  /** https URL serving the same endpoints: give it to @azure/identity as authorityHost. */
  authorityHost?: string;
  /** PEM of the loopback certificate, to trust it (e.g. tlsOptions: { ca }). */
  tlsCa?: string;
  tenantId: string;
  close(): Promise<void>;
  /** True when the mailboxes came back from `options.stateFile` (seed only when false). */
  restored: boolean;
  /** Writes the mailboxes to `options.stateFile` now, if anything changed (close() does it too). */
  flush(): void;
  requestLog: readonly LoggedRequest[];
  counters: Readonly<Counters>;
  state: EmulatorState;
  seed(users: readonly SeedUser[], events?: readonly SeedEvent[]): User[];
  seedDemoCouncil(options?: DemoOptions): { users: User[]; events: number };
  /** A token as the token endpoint would issue it, with chosen roles. */
  issueToken(roles?: string[], clientId?: string): string;
  /** The organizer cancels one occurrence in Outlook. */
  cancelOccurrence(upn: string, occurrenceId: string): void;
  /** The organizer drags one occurrence to a new time in Outlook. */
  moveOccurrence(upn: string, occurrenceId: string, start: DateTimeTimeZone, end: DateTimeTimeZone): void;
  /** An attendee (default: the mailbox owner) declines one occurrence. */
  declineOccurrence(upn: string, occurrenceId: string, attendeeUpn?: string): void;
  /** Clears the request log and the counters (e.g. after seeding or warm-up). */
  resetLog(): void;
}

/** How often changes are written to the state file: a booking run makes thousands, one write a second keeps up. */
const SAVE_EVERY_MS = 1_000;

export async function startGraphEmulator(options: EmulatorOptions = {}): Promise<GraphEmulator> {
  const core = createCore(options);
  // Restored before listening: a file that cannot be used leaves nothing running.
  const saved = options.stateFile ? readStateFile(options.stateFile) : null;
  if (saved) {
    core.directory.restore(saved.users);
    core.store.importState(saved.calendar);
    core.delta.importState(saved.delta);
  }
  const host = options.host ?? '127.0.0.1';
  const handler = createHandler(core);
  const server = http.createServer(handler);
  // Keep idle connections longer than Node's 5 s default: a client busy planning between two calls
  // would otherwise find its pooled socket closed (ECONNRESET) and re-send the whole batch.
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, options.port ?? 0, host);
  let tlsServer: https.Server | undefined;
  let authorityHost: string | undefined;
  let tlsCa: string | undefined;
  if (options.https ?? true) {
    const tls = loopbackTls();
    tlsServer = https.createServer(tls, handler);
    authorityHost = `https://${host}:${await listen(tlsServer, 0, host)}`;
    tlsCa = tls.cert.toString('utf8');
  }
  const { directory, store, delta } = core;
  const mailbox = (upn: string): string => directory.require(upn).id;
  const version = () => `${store.revision}:${delta.revision}:${directory.all().length}`;
  let written = saved ? version() : '';
  const flush = (): void => {
    if (!options.stateFile || version() === written) return;
    const now = version();
    writeStateFile(options.stateFile, { format: STATE_FORMAT, users: directory.all(), calendar: store.exportState(), delta: delta.exportState() });
    written = now;
  };
  // A failed write (a full disk) is tried again on the next tick; close() reports one that still fails.
  const saver = options.stateFile ? setInterval(() => { try { flush(); } catch { /* next tick */ } }, SAVE_EVERY_MS) : null;
  saver?.unref();
  return {
    url: `http://${host}:${port}`,
    port,
    ...(authorityHost ? { authorityHost, tlsCa } : {}),
    tenantId: core.issuer.tenantId,
    requestLog: core.log,
    counters: core.counters,
    state: { directory, store, delta, options },
    restored: saved !== null,
    flush,
    async close() {
      if (saver) clearInterval(saver);
      await Promise.all([closeServer(server), ...(tlsServer ? [closeServer(tlsServer)] : [])]);
      flush();
    },
    seed(users, events = []) {
      const added = directory.add(users);
      for (const { mailbox: upn, ...e } of events) store.create(mailbox(upn), e);
      return added;
    },
    seedDemoCouncil: (o) => seedDemoCouncil(directory, store, o),
    issueToken: (roles, clientId = EMULATOR_CLIENT_ID) => core.issuer.issue(clientId, roles),
    cancelOccurrence: (upn, id) => store.delete(mailbox(upn), id),
    moveOccurrence: (upn, id, start, end) => void store.moveOccurrence(mailbox(upn), id, dateTimeZoneToMs(start, 'start'), dateTimeZoneToMs(end, 'end')),
    declineOccurrence: (upn, id, attendee) => store.decline(mailbox(upn), id, attendee),
    resetLog() {
      core.log.length = 0;
      for (const k of Object.keys(core.counters) as (keyof Counters)[]) core.counters[k] = 0;
    },
  };
}
