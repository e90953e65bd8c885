/**
 * The emulator's HTTP server: Graph v1.0 under /v1.0 (and without the prefix,
 * as $batch inner URLs come), $batch, and the identity platform's token
 * endpoint. Every round trip pays `latencyMs`; every Graph request is logged.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import {
  authorityMetadata,
  DEFAULT_APPS,
  EMULATOR_TENANT_ID,
  TokenIssuer,
  type TokenClaims,
} from './auth.ts';
import { runBatch } from './batch.ts';
import { CalendarStore } from './calendar-store.ts';
import { DeltaTracker } from './delta.ts';
import { Directory } from './directory.ts';
import { GraphError } from './errors.ts';
import { json, type GraphRequest, type GraphResponse } from './http-types.ts';
import { Router } from './router.ts';
import { Throttle } from './throttle.ts';
import type { EmulatorOptions, LoggedRequest } from './types.ts';

export interface Counters {
  httpRoundTrips: number;
  graphRequests: number;
  tokenRequests: number;
  throttled: number;
  serverErrors: number;
}

export interface EmulatorCore {
  directory: Directory;
  store: CalendarStore;
  delta: DeltaTracker;
  issuer: TokenIssuer;
  log: LoggedRequest[];
  counters: Counters;
  options: EmulatorOptions;
}

const TLS_DIR = new URL('./fixtures/', import.meta.url);

function toResponse(e: unknown): GraphResponse {
  if (e instanceof GraphError) return json(e.status, e.body(), e.headers);
  const message = e instanceof Error ? e.message : String(e);
  return json(500, { error: { code: 'InternalServerError', message } });
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function createHandler(core: EmulatorCore): http.RequestListener {
  const { options, log, counters, issuer } = core;
  const throttle = new Throttle(options.faults ?? {}, options.mailboxConcurrency ?? 4);
  // Read at each request, so a test can move a mailbox out of the scope (assign a new array), as an administrator would.
  let cached: { list: string[] | undefined; set: Set<string> | undefined } = {
    list: undefined,
    set: undefined,
  };
  const scope = (): Set<string> | undefined => {
    if (options.calendarScope !== cached.list)
      cached = {
        list: options.calendarScope,
        set: options.calendarScope && new Set(options.calendarScope.map((s) => s.toLowerCase())),
      };
    return cached.set;
  };
  const apps = options.apps ?? DEFAULT_APPS;
  const exchangeRoles = (appId: string): readonly string[] =>
    apps.find((app) => app.clientId === appId)?.exchangeRoles ?? [];
  const router = new Router(core.directory, core.store, core.delta, scope, exchangeRoles);
  const requireToken = options.requireToken ?? true;
  const wait = (): Promise<void> => new Promise((r) => setTimeout(r, options.latencyMs ?? 0));

  const record = (req: GraphRequest, status: number, inBatch: boolean): void => {
    const { mailbox } = router.target(req.url);
    log.push({
      method: req.method.toUpperCase(),
      path: req.url.split('?')[0] ?? req.url,
      ...(mailbox ? { mailbox } : {}),
      status,
      inBatch,
      timestamp: Date.now(),
    });
    if (status === 429) counters.throttled++;
    if (status >= 500) counters.serverErrors++;
  };

  /** One Graph request, after admission: faults, then the handler. */
  const run = (
    req: GraphRequest,
    claims: TokenClaims | undefined,
    base: string,
    inBatch: boolean,
  ): GraphResponse => {
    counters.graphRequests++;
    let res: GraphResponse;
    try {
      throttle.fault();
      res = router.handle(req, router.target(req.url), claims, base);
    } catch (e) {
      res = toResponse(e);
    }
    record(req, res.status, inBatch);
    return res;
  };

  const admit = (req: GraphRequest): (() => void) => {
    const key = router.target(req.url).mailboxKey;
    return key ? throttle.acquire(key) : () => undefined;
  };

  const serve = async (req: http.IncomingMessage, base: string): Promise<GraphResponse> => {
    const raw = await readBody(req);
    const url = req.url ?? '/';
    const path = url.split('?')[0] ?? '/';
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    );

    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    if (token && method === 'POST') {
      counters.tokenRequests++;
      await wait();
      const [status, body] = issuer.token(token[1] ?? '', new URLSearchParams(raw));
      return json(status, body);
    }
    const meta = method === 'GET' ? authorityMetadata(path, base, issuer.tenantId) : undefined;
    if (meta) {
      counters.tokenRequests++;
      return json(200, meta);
    }

    counters.httpRoundTrips++;
    const graphBase = `${base}/v1.0`;
    const relative = url.startsWith('/v1.0') ? url.slice(5) || '/' : url;
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return toResponse(new GraphError(400, 'BadRequest', 'Unable to read JSON request payload.'));
    }
    const greq: GraphRequest = { method, url: relative, headers, body };
    let claims: TokenClaims | undefined;
    try {
      claims = requireToken ? issuer.verify(headers['authorization']) : undefined;
    } catch (e) {
      await wait();
      const res = toResponse(e);
      record(greq, res.status, false);
      return res;
    }

    if (relative.split('?')[0] === '/$batch' && method === 'POST') {
      try {
        const out = await runBatch(body, headers, {
          admit,
          run: (r) => run(r, claims, graphBase, true),
          refused: (r, res) => {
            counters.graphRequests++;
            record(r, res.status, true);
          },
          wait,
          toResponse,
        });
        log.push({ method, path: '/$batch', status: 200, inBatch: false, timestamp: Date.now() });
        return json(200, out);
      } catch (e) {
        const res = toResponse(e);
        log.push({
          method,
          path: '/$batch',
          status: res.status,
          inBatch: false,
          timestamp: Date.now(),
        });
        return res;
      }
    }

    let release: () => void;
    try {
      release = admit(greq);
    } catch (e) {
      await wait();
      counters.graphRequests++;
      const res = toResponse(e);
      record(greq, res.status, false);
      return res;
    }
    try {
      await wait();
      return run(greq, claims, graphBase, false);
    } finally {
      release();
    }
  };

  return (req, res) => {
    const proto = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    const base = `${proto}://${req.headers.host ?? '127.0.0.1'}`;
    serve(req, base)
      .then((out) => {
        const payload = out.body === undefined ? undefined : JSON.stringify(out.body);
        res.writeHead(out.status, {
          ...out.headers,
          ...(payload === undefined ? {} : { 'Content-Length': Buffer.byteLength(payload) }),
        });
        res.end(payload);
      })
      .catch((e: unknown) => {
        res.writeHead(500, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(toResponse(e).body));
      });
  };
}

export function createCore(options: EmulatorOptions): EmulatorCore {
  const store = new CalendarStore(options.now);
  return {
    directory: new Directory(),
    store,
    delta: new DeltaTracker(store, options.deltaTokens),
    issuer: new TokenIssuer(options.tenantId ?? EMULATOR_TENANT_ID, options.apps ?? DEFAULT_APPS),
    log: [],
    counters: {
      httpRoundTrips: 0,
      graphRequests: 0,
      tokenRequests: 0,
      throttled: 0,
      serverErrors: 0,
    },
    options,
  };
}

/** The loopback certificate @azure/identity needs: its authority host must be https. */
export function loopbackTls(): { key: Buffer; cert: Buffer } {
  return {
    key: readFileSync(new URL('loopback-tls.key', TLS_DIR)),
    cert: readFileSync(new URL('loopback-tls.crt', TLS_DIR)),
  };
}

export async function listen(
  server: http.Server | https.Server,
  port: number,
  host: string,
): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

export async function closeServer(server: http.Server | https.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
}
