/**
 * The Microsoft 365 Agents Playground (`@microsoft/m365agentsplayground`, a
 * devDependency) as the Teams client of the embedded mode and of the tests:
 * a child process whose mocked users are demo people, so that the bot sees
 * their `from.aadObjectId` and authorises them against the demo council.
 *
 * What the Playground does (0.2.28, read from its bundle and checked by
 * test/playground-client.test.ts):
 * - Its users come from `.m365agentsplayground.yml`: a `currentUser` and
 *   exactly five `users` (the schema says minItems = maxItems = 5), so it
 *   takes six personas. `personalChat.id` there wins over `--conversation-id`.
 * - Only the current user can type: a message posted through its API, or in
 *   the browser, always reaches the bot `from` the current user, in the
 *   current user's personal chat. Card actions (submit, Action.Execute) do
 *   carry the user they name, if that user is in the conversation.
 * - If the port asked for is busy it silently takes another one; this module
 *   reads the port it reports and refuses to go on with another.
 * - It listens on every interface. Here it is made to listen on 127.0.0.1
 *   only (a one-line preload patching `net.Server#listen`): whoever can reach
 *   it can talk to the unauthenticated embedded bot as the demo people.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { CadenceError } from '../../rules/index.ts';

export interface Persona {
  /** What tests and docs call them: 'supervisee', 'supervisor', 'manager', 'admin', or any other name. */
  key: string;
  upn: string;
  name: string;
  givenName: string;
  surname: string;
  /** The Entra object id: what the bot sees as `from.aadObjectId` and authorises. */
  aadObjectId: string;
  /** Who they are in the demo, for people choosing whom to play. */
  description?: string;
}

/** The Playground takes a current user and exactly five others. */
export const PLAYGROUND_USERS = 5;
export const PLAYGROUND_PERSONAS = PLAYGROUND_USERS + 1;
export const DEFAULT_PLAYGROUND_PORT = 56150;

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://localhost:3978/api/messages. */
  botEndpoint: string;
  /** Default 56150, the Playground's own default. 0 picks a free port. */
  port?: number;
  /** Exactly six: the current user and five others. */
  personas: Persona[];
  /** The key of the persona the browser sends as; 'supervisor' if there is one, else the first. */
  currentUser?: string;
  /** The current user's personal chat with the bot: fixed, so stored conversation references survive a restart. */
  conversationId: string;
  /** Where the config file and the Playground's log (devTools/) go. */
  workDir: string;
  bot?: { id: string; name: string };
  tenantId?: string;
  /** Each line the Playground prints. */
  log?: (line: string) => void;
  /** How long to wait for it to answer; default 60 s (it takes about 1 s on an idle machine). */
  startTimeoutMs?: number;
}

export interface Playground {
  /** Open this in a browser. */
  url: string;
  port: number;
  conversationId: string;
  /** The `serviceUrl` its activities carry, for proactive messages. */
  serviceUrl: string;
  /** The Playground user id of each persona, by key (`29:` + the object id). */
  userIds: Record<string, string>;
  currentUser: Persona;
  stop(): Promise<void>;
}

/** A CadenceError, so the CLI says it in one line and exits 2. */
export class PlaygroundError extends CadenceError {
  override name = 'PlaygroundError';
}

export const DEMO_BOT = { id: '28:cadence-embedded-bot', name: 'Cadence' } as const;
/** A made-up tenant for the demo council. */
export const DEMO_TENANT_ID = '5e0c4a1d-2b7f-4c1e-9d3a-6f8b0e2c7a41';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The id the Playground (and so the bot's `from.id`) uses for a persona: Teams' user ids start `29:`. */
export function playgroundUserId(persona: Pick<Persona, 'aadObjectId'>): string {
  return `29:${persona.aadObjectId.toLowerCase()}`;
}

// ---------------------------------------------------------------------------
// The demo council's personas

interface RosterRow {
  upn: string;
  name: string;
  role: string;
  supervisor_upn: string;
  job_title: string;
  entra_object_id: string;
}

const ROSTER = new URL('../demo/roster.csv', import.meta.url);

/** Who is played in the demo, and what the roster must say of them for the demo to make sense. */
const DEMO_CAST: { key: string; upn: string; role: string; supervisor?: string; description: string }[] = [
  { key: 'supervisor', upn: 's.iqbal@northdale.example', role: 'team-manager', supervisor: 'p.nowak@northdale.example', description: 'Team Manager, Assessment: supervises the assessment team' },
  { key: 'supervisee', upn: 'n.patel@northdale.example', role: 'asye', supervisor: 's.iqbal@northdale.example', description: 'Newly qualified social worker (ASYE), supervised by Sana Iqbal' },
  { key: 'manager', upn: 'p.nowak@northdale.example', role: 'service-manager', description: 'Service Manager, Assessment and Protection: Sana Iqbal\'s manager' },
  { key: 'admin', upn: 'l.baker@northdale.example', role: 'business-support-manager', description: 'Business Support Manager: Cadence administrator in the demo' },
  { key: 'supervising-social-worker', upn: 'x.doyle@northdale.example', role: 'supervising-social-worker', description: 'Supervising social worker for three foster carers (who do not use Teams)' },
  { key: 'head-of-service', upn: 'd.marsh@northdale.example', role: 'head-of-service', description: 'Head of Service, Safeguarding: the whole line of management' },
];

/**
 * The six demo people the Playground plays, from app/demo/roster.csv; the
 * supervisor (Sana Iqbal) first: the current user, whom the browser sends as.
 * Throws if the roster no longer fits the demo (a role or a supervisor changed).
 */
export function demoPersonas(rosterPath: string | URL = ROSTER): Persona[] {
  const rows = parse<RosterRow>(readFileSync(rosterPath, 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  const byUpn = new Map(rows.map((r) => [r.upn.toLowerCase(), r]));
  return DEMO_CAST.map((cast) => {
    const row = byUpn.get(cast.upn);
    const problem = (what: string) => new PlaygroundError(`the demo roster (${String(rosterPath)}) does not fit the Playground's personas: ${cast.upn} ${what}`);
    if (!row) throw problem('is missing');
    if (row.role !== cast.role) throw problem(`should be ${cast.role}, not ${row.role}`);
    if (cast.supervisor && row.supervisor_upn.toLowerCase() !== cast.supervisor) throw problem(`should be supervised by ${cast.supervisor}`);
    if (!GUID.test(row.entra_object_id)) throw problem('has no entra_object_id (a GUID)');
    const [givenName = row.name, ...rest] = row.name.split(' ');
    return {
      key: cast.key,
      upn: row.upn,
      name: row.name,
      givenName,
      surname: rest.join(' ') || row.name,
      aadObjectId: row.entra_object_id.toLowerCase(),
      description: cast.description,
    };
  });
}

// ---------------------------------------------------------------------------
// The config file

export interface PlaygroundConfigFile {
  version: '0.1.1';
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundUserEntry;
  users: PlaygroundUserEntry[];
  personalChat: { id: string };
  groupChat: { id: string; name: string };
  team: { id: string; name: string; aadGroupId: string; channels: { id: string; name: string }[] };
}

/** A user as the Playground's config file and its API describe them. */
export interface PlaygroundUserEntry {
  id: string;
  name: string;
  /** Sic: the Playground's schema spells it so. */
  userPrincipleName: string;
  aadObjectId: string;
  givenName: string;
  surname: string;
  email: string;
}

function checkPersonas(personas: Persona[], currentKey: string | undefined): Persona {
  if (personas.length !== PLAYGROUND_PERSONAS) {
    throw new PlaygroundError(
      `the Agents Playground takes exactly ${PLAYGROUND_PERSONAS} personas (a current user and ${PLAYGROUND_USERS} others), not ${personas.length}`,
    );
  }
  for (const field of ['key', 'upn', 'aadObjectId'] as const) {
    const seen = new Set<string>();
    for (const p of personas) {
      const value = p[field].toLowerCase();
      if (seen.has(value)) throw new PlaygroundError(`two personas have the same ${field}: ${p[field]}`);
      seen.add(value);
    }
  }
  for (const p of personas) {
    if (!GUID.test(p.aadObjectId)) throw new PlaygroundError(`persona ${p.key}: aadObjectId must be a GUID, not ${JSON.stringify(p.aadObjectId)}`);
    if (!p.name.trim() || p.name.length > 256) throw new PlaygroundError(`persona ${p.key}: name must be 1 to 256 characters`);
  }
  const key = currentKey ?? (personas.some((p) => p.key === 'supervisor') ? 'supervisor' : personas[0]!.key);
  const current = personas.find((p) => p.key === key);
  if (!current) throw new PlaygroundError(`no persona has the key ${JSON.stringify(key)} to be the current user`);
  return current;
}

export function playgroundConfig(options: {
  personas: Persona[];
  currentUser?: string;
  conversationId: string;
  bot?: { id: string; name: string };
  tenantId?: string;
}): PlaygroundConfigFile {
  const current = checkPersonas(options.personas, options.currentUser);
  const bot = options.bot ?? DEMO_BOT;
  if (bot.name.length > 42) throw new PlaygroundError('the bot name must be at most 42 characters');
  const entry = (p: Persona): PlaygroundUserEntry => ({
    id: playgroundUserId(p),
    name: p.name,
    userPrincipleName: p.upn,
    aadObjectId: p.aadObjectId,
    givenName: p.givenName,
    surname: p.surname,
    email: p.upn,
  });
  const id = options.conversationId;
  return {
    version: '0.1.1',
    tenantId: options.tenantId ?? DEMO_TENANT_ID,
    bot: { id: bot.id, name: bot.name },
    currentUser: entry(current),
    users: options.personas.filter((p) => p !== current).map(entry),
    personalChat: { id },
    groupChat: { id: `${id}-group`, name: 'Cadence demo group chat' },
    team: { id: `${id}-team`, name: 'Cadence demo team', aadGroupId: '00000000-0000-4000-8000-000000000031', channels: [] },
  };
}

/** A small YAML writer: block mappings and sequences, every string JSON-quoted (valid YAML). */
export function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return ' []';
    return value
      .map((item) => {
        const inner = toYaml(item, `${indent}  `);
        return `\n${indent}-${inner.startsWith('\n') ? inner.replace(/^\n\s*/, ' ') : inner}`;
      })
      .join('');
  }
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `\n${indent}${k}:${toYaml(v, `${indent}  `)}`)
      .join('');
  }
  return ` ${JSON.stringify(value)}`;
}

export const CONFIG_FILE = '.m365agentsplayground.yml';

function writeConfig(workDir: string, config: PlaygroundConfigFile): string {
  const path = join(workDir, CONFIG_FILE);
  const header = [
    '# Written by Cadence (app/embedded/playground.ts) each time the Agents Playground starts;',
    '# edits are overwritten. Schema: https://aka.ms/teams-app-test-tool-config/0.1.1/config.schema.json',
  ].join('\n');
  writeFileSync(path, `${header}${toYaml(config)}\n`);
  return path;
}

// ---------------------------------------------------------------------------
// The process

/** Makes every `listen(port[, callback])` without a host listen on 127.0.0.1: the Playground has no option for it. */
const LOOPBACK_PRELOAD = `data:text/javascript,${encodeURIComponent(
  'import net from "node:net";' +
    'const listen = net.Server.prototype.listen;' +
    'net.Server.prototype.listen = function (...a) {' +
    ' if (typeof a[0] === "number" && (a.length === 1 || typeof a[1] === "function")) a.splice(1, 0, "127.0.0.1");' +
    ' return listen.apply(this, a); };',
)}`;

function playgroundCli(): string {
  try {
    return createRequire(import.meta.url).resolve('@microsoft/m365agentsplayground/cli.js');
  } catch {
    throw new PlaygroundError('the Microsoft 365 Agents Playground is not installed: it is a devDependency (npm install --include=dev)');
  }
}

async function ping(base: string): Promise<boolean> {
  try {
    const res = await fetch(`${base}/_debug/ping`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts the Playground on 127.0.0.1:`port` talking to `botEndpoint`, with
 * the personas as its users; resolves once it answers `/_debug/ping` on that
 * very port. Fails with "port N is busy" if something else holds the port.
 */
export async function startPlayground(options: PlaygroundOptions): Promise<Playground> {
  const requested = options.port ?? DEFAULT_PLAYGROUND_PORT;
  const config = playgroundConfig(options);
  const current = options.personas.find((p) => playgroundUserId(p) === config.currentUser.id)!;
  mkdirSync(options.workDir, { recursive: true });
  const configPath = writeConfig(options.workDir, config);
  const log = options.log ?? (() => {});
  const cli = playgroundCli();

  const args = [
    '--import', LOOPBACK_PRELOAD,
    cli,
    '-e', options.botEndpoint,
    '-c', 'msteams',
    '--disable-telemetry',
    '-p', String(requested),
    '--conversation-id', options.conversationId,
  ];
  const child = spawn(process.execPath, args, {
    cwd: options.workDir,
    env: { ...process.env, TEAMSAPPTESTER_BROWSER: 'none', M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopping = false;
  child.once('exit', (code, signal) => {
    process.removeListener('exit', killOnExit);
    if (!stopping) log(`the Agents Playground stopped (${signal ?? `exit code ${code}`})`);
  });

  const stop = async (): Promise<void> => {
    stopping = true;
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited(child);
    clearTimeout(timer);
  };

  const output: string[] = [];
  let reported: (port: number) => void = () => {};
  const listening = new Promise<number>((resolve) => (reported = resolve));
  const lines = (stream: NodeJS.ReadableStream) => {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (rest + chunk).split(/\r?\n/);
      rest = parts.pop() ?? '';
      for (const line of parts) {
        if (!line.trim()) continue;
        output.push(line);
        if (output.length > 50) output.shift();
        log(line);
        const m = /^Listening on (\d+)/.exec(line);
        if (m) reported(Number(m[1]));
      }
    });
  };
  lines(child.stdout);
  lines(child.stderr);

  const failed = new Promise<never>((_, reject) => {
    child.once('error', (e) => reject(new PlaygroundError(`the Agents Playground did not start: ${e.message}`)));
    child.once('exit', (code, signal) =>
      reject(new PlaygroundError(`the Agents Playground stopped before it was ready (${signal ?? `exit code ${code}`}):\n${output.slice(-10).join('\n')}`)),
    );
  });
  failed.catch(() => {});
  const timeoutMs = options.startTimeoutMs ?? 60_000;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PlaygroundError(`the Agents Playground did not answer within ${timeoutMs / 1000} s:\n${output.slice(-10).join('\n')}`)), timeoutMs);
  });

  try {
    const port = await Promise.race([listening, failed, timedOut]);
    if (requested !== 0 && port !== requested) {
      throw new PlaygroundError(`port ${requested} is busy: the Agents Playground would have taken port ${port} instead. Stop what holds ${requested} or choose another port.`);
    }
    const base = `http://127.0.0.1:${port}`;
    const ready = (async () => {
      while (!(await ping(base))) await new Promise((r) => setTimeout(r, 100));
    })();
    await Promise.race([ready, failed, timedOut]);
    clearTimeout(timer);
    const url = `http://localhost:${port}`;
    log(`Agents Playground on ${url}, talking to ${options.botEndpoint} as ${current.name} (${current.upn})`);
    return {
      url,
      port,
      conversationId: options.conversationId,
      serviceUrl: `${url}/_connector`,
      userIds: Object.fromEntries(options.personas.map((p) => [p.key, playgroundUserId(p)])),
      currentUser: current,
      stop,
    };
  } catch (e) {
    clearTimeout(timer);
    await stop();
    throw e;
  }
}
