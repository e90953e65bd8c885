/**
 * startGraphEmulator: a Microsoft Graph-compatible server on loopback for
 * development and tests, with handles to seed it, act as a person in Outlook,
 * and read what clients asked of it.
 */
import http from 'node:http';
import https from 'node:https';
import { isAbsolute } from 'node:path';
import { EMULATOR_CLIENT_ID } from './auth.ts';
import type { CalendarStore } from './calendar-store.ts';
import type { Directory } from './directory.ts';
import type { MailMessage } from './mail-log.ts';
import { dateTimeZoneToMs } from './time.ts';
import {
  closeServer,
  createCore,
  createHandler,
  listen,
  loopbackTls,
  type Counters,
} from './server.ts';
import { seedDemoCouncil, type DemoOptions } from './seed-demo.ts';
import { readStateFile, restoreState } from './state-file.ts';
import { StateSaver } from './state-saver.ts';
import type {
  DateTimeTimeZone,
  EmulatorOptions,
  LoggedRequest,
  SeedEvent,
  SeedUser,
  User,
} from './types.ts';

export interface EmulatorState {
  directory: Directory;
  store: CalendarStore;
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
  /**
   * True when the state came from `stateFile`: the users and calendars are
   * already there, so seed (e.g. seedDemoCouncil) only when this is false.
   */
  restored: boolean;
  /** Writes the state file now (when there is one and anything changed); close() does too. */
  flush(): Promise<void>;
  /** Stops listening, then writes the state file a last time. */
  close(): Promise<void>;
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
  moveOccurrence(
    upn: string,
    occurrenceId: string,
    start: DateTimeTimeZone,
    end: DateTimeTimeZone,
  ): void;
  /** An attendee (default: the mailbox owner) declines one occurrence. */
  declineOccurrence(upn: string, occurrenceId: string, attendeeUpn?: string): void;
  /**
   * The mailbox stops sharing its free/busy with the app (or starts again, with `false`): getSchedule
   * answers it with a per-schedule ErrorAccessDenied, as for a mailbox outside the RBAC scope, while
   * the rest of the call succeeds. A narrow switch for tests; RBAC itself is `calendarScope`.
   */
  hideFreeBusy(upn: string, hidden?: boolean): void;
  /**
   * Every meeting request, update and cancellation attendees would have received
   * so far, oldest first (mail-log.ts has the rules and their sources). Not kept
   * in the state file.
   */
  mailLog(): readonly MailMessage[];
  /** The messages one attendee would have received (address compared without case). */
  mailFor(address: string): MailMessage[];
  /** An attendee declines a whole series (every occurrence not answered on its own). */
  declineSeries(upn: string, seriesId: string, attendeeUpn: string): void;
  /** Expires the delta tokens of one mailbox (a UPN), or of every mailbox: their next use answers syncStateNotFound. Returns how many. */
  expireDeltaTokens(upn?: string): number;
  /** Clears the request log, the counters and the mail log (e.g. after seeding or warm-up). */
  resetLog(): void;
}

export async function startGraphEmulator(options: EmulatorOptions = {}): Promise<GraphEmulator> {
  const { stateFile } = options;
  // Absolute, so the file does not depend on the folder the process happened to start in.
  if (stateFile !== undefined && !isAbsolute(stateFile))
    throw new Error(`stateFile must be an absolute path, not '${stateFile}'`);
  // Read (and refuse a bad file) before listening, so no request ever sees a half-made state.
  const saved = stateFile ? await readStateFile(stateFile) : undefined;
  const core = createCore(options);
  if (saved) restoreState(core, saved);
  const saver = stateFile ? new StateSaver(stateFile, core) : undefined;
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
  const { directory, store } = core;
  const mailbox = (upn: string): string => directory.require(upn).id;
  return {
    url: `http://${host}:${port}`,
    port,
    ...(authorityHost ? { authorityHost, tlsCa } : {}),
    tenantId: core.issuer.tenantId,
    requestLog: core.log,
    counters: core.counters,
    state: { directory, store, options },
    restored: saved !== undefined,
    flush: async () => saver?.flush(),
    async close() {
      await Promise.all([closeServer(server), ...(tlsServer ? [closeServer(tlsServer)] : [])]);
      await saver?.close();
    },
    seed(users, events = []) {
      const added = directory.add(users);
      for (const { mailbox: upn, ...e } of events) store.create(mailbox(upn), e);
      return added;
    },
    seedDemoCouncil: (o) => seedDemoCouncil(directory, store, o),
    issueToken: (roles, clientId = EMULATOR_CLIENT_ID) => core.issuer.issue(clientId, roles),
    cancelOccurrence: (upn, id) => store.delete(mailbox(upn), id),
    moveOccurrence: (upn, id, start, end) =>
      void store.moveOccurrence(
        mailbox(upn),
        id,
        dateTimeZoneToMs(start, 'start'),
        dateTimeZoneToMs(end, 'end'),
      ),
    declineOccurrence: (upn, id, attendee) => store.decline(mailbox(upn), id, attendee),
    hideFreeBusy: (upn, hidden = true) => directory.hideFreeBusy(upn, hidden),
    mailLog: () => store.mail.messages,
    mailFor: (address) => store.mail.messages.filter((m) => m.to === address.toLowerCase()),
    declineSeries: (upn, id, attendee) => store.decline(mailbox(upn), id, attendee),
    expireDeltaTokens: (upn) => core.delta.expire(upn === undefined ? undefined : mailbox(upn)),
    resetLog() {
      core.log.length = 0;
      store.mail.messages.length = 0;
      for (const k of Object.keys(core.counters) as (keyof Counters)[]) core.counters[k] = 0;
    },
  };
}
