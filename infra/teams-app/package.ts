/**
 * The Teams app package a council uploads (Teams admin centre → Teams apps →
 * Manage apps → Upload new app): a zip with manifest.json, color.png and
 * outline.png at its root. The manifest here is a template: `${{BOT_ID}}`,
 * `${{APP_ID}}`, `${{APP_VERSION}}` and `${{BOT_DOMAIN}}` are filled from the
 * command line or the environment, and its command list must be the one the
 * bot understands (COMMANDS in cards/actions.ts). The filled manifest is
 * checked against Microsoft's schema for its manifestVersion (validate.ts)
 * and no zip is written if it fails.
 *
 *   npm run teams-package -- --bot-id <guid> [--app-id <guid>] [--version 1.2.3] [--bot-domain cadence.council.gov.uk] [--out file.zip]
 *
 * The zip is written with node:zlib only (each file stored or deflated,
 * whichever is smaller) and a fixed timestamp, so the same inputs give the
 * same bytes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { COMMANDS } from '../../cards/actions.ts';
import { describeProblems, manifestProblems } from './validate.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
export const DEFAULT_OUT = join(ROOT, 'build', 'cadence-teams-app.zip');

export class TeamsPackageError extends Error {
  override name = 'TeamsPackageError';
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEMVER = /^\d+\.\d+\.\d+$/;
const DOMAIN = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export interface PackageOptions {
  /** The bot's Entra app (client) id: MicrosoftAppId of the running bot. */
  botId: string;
  /** The Teams app id; the bot id if not given (one registration for both). */
  appId?: string;
  /** The app version Teams shows and compares on update (semver); package.json's by default. */
  version?: string;
  /** Where the bot is hosted, e.g. cadence.northdale.gov.uk; listed in validDomains. */
  botDomain?: string;
  /** The zip to write; build/cadence-teams-app.zip by default. */
  out?: string;
  /** Where manifest.json and the icons are; this folder by default. */
  sourceDir?: string;
}

export interface TeamsManifest {
  id: string;
  version: string;
  bots: {
    botId: string;
    scopes: string[];
    commandLists?: { scopes: string[]; commands: { title: string; description: string }[] }[];
  }[];
  validDomains?: string[];
  icons: { color: string; outline: string };
  [key: string]: unknown;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version?: string };
  return pkg.version ?? '1.0.0';
}

/** Fills the template's `${{NAME}}` tokens; refuses a token it has no value for. */
export function fillManifest(
  template: string,
  values: Record<string, string | undefined>,
): TeamsManifest {
  const missing = new Set<string>();
  const filled = template.replace(/\$\{\{([A-Z0-9_]+)\}\}/g, (token, name: string) => {
    const value = values[name];
    if (value === undefined) {
      missing.add(name);
      return token;
    }
    return JSON.stringify(value).slice(1, -1);
  });
  if (missing.size > 0)
    throw new TeamsPackageError(
      `manifest.json names ${[...missing].map((n) => `\${{${n}}}`).join(', ')} but no value was given`,
    );
  return JSON.parse(filled) as TeamsManifest;
}

/** The manifest's bot commands must be the bot's own: Teams shows them in the command menu. */
export function checkCommands(
  manifest: TeamsManifest,
  commands: readonly string[] = COMMANDS,
): void {
  const listed = manifest.bots
    .flatMap((b) => b.commandLists ?? [])
    .flatMap((l) => l.commands.map((c) => c.title));
  const missing = commands.filter((c) => !listed.includes(c));
  const extra = listed.filter((c) => !commands.includes(c));
  const twice = listed.filter((c, i) => listed.indexOf(c) !== i);
  if (missing.length || extra.length || twice.length) {
    const parts = [
      missing.length ? `missing ${missing.map((c) => `"${c}"`).join(', ')}` : '',
      extra.length ? `not a bot command: ${extra.map((c) => `"${c}"`).join(', ')}` : '',
      twice.length ? `listed twice: ${twice.map((c) => `"${c}"`).join(', ')}` : '',
    ].filter(Boolean);
    throw new TeamsPackageError(
      `the manifest's command list differs from the bot's (cards/actions.ts COMMANDS: ${commands.join(', ')}): ${parts.join('; ')}`,
    );
  }
}

/** The filled manifest must pass Microsoft's schema for its manifestVersion; the refusal names each failing path. */
export function checkSchema(manifest: TeamsManifest): void {
  const problems = manifestProblems(manifest);
  if (problems.length > 0) {
    const version =
      typeof manifest.manifestVersion === 'string' ? ` v${manifest.manifestVersion}` : '';
    throw new TeamsPackageError(
      `manifest.json fails the Teams manifest schema${version}, so no package was written: ${describeProblems(problems)}`,
    );
  }
}

export function checkGuid(name: string, value: string | undefined): string {
  if (!value)
    throw new TeamsPackageError(
      `${name} is required: the bot's Entra app (client) id, a GUID (--${name.toLowerCase().replace('_', '-')} or the ${name} environment variable)`,
    );
  if (!GUID.test(value))
    throw new TeamsPackageError(
      `${name} must be a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301, not ${JSON.stringify(value)}`,
    );
  return value.toLowerCase();
}

// ---------------------------------------------------------------------------
// CRC-32 (IEEE, as zip and PNG use) and a small zip writer

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc >>> 0;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/** 1 January 2026, 00:00, in MS-DOS form: a fixed time keeps the zip's bytes reproducible. */
const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1;
const DOS_TIME = 0;

/** A zip archive of `entries`, each stored or deflated, whichever is smaller. */
export function writeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const data = Buffer.from(entry.data);
    const deflated = deflateRawSync(data, { level: 9 });
    const method = deflated.length < data.length ? 8 : 0;
    const body = method === 8 ? deflated : data;
    const crc = crc32(data);
    const utf8 = /[^\x20-\x7e]/.test(entry.name) ? 0x0800 : 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(utf8, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(utf8, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt16LE(0, 30); // extra
    central.writeUInt16LE(0, 32); // comment
    central.writeUInt16LE(0, 34); // disk
    central.writeUInt16LE(0, 36); // internal attributes
    central.writeUInt32LE(0, 38); // external attributes
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(0, 4);
  end.writeUInt16LE(0, 6);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(0, 20);
  return Buffer.concat([...locals, directory, end]);
}

// ---------------------------------------------------------------------------

export const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png'] as const;

/** Fills and checks the manifest, then writes the zip; returns where it went and what it holds. */
export function buildTeamsPackage(options: PackageOptions): {
  file: string;
  manifest: TeamsManifest;
  bytes: number;
} {
  const botId = checkGuid('BOT_ID', options.botId);
  const appId = options.appId === undefined ? botId : checkGuid('APP_ID', options.appId);
  const version = options.version ?? packageVersion();
  if (!SEMVER.test(version))
    throw new TeamsPackageError(
      `the app version must be MAJOR.MINOR.PATCH, not ${JSON.stringify(version)}`,
    );
  if (options.botDomain !== undefined && !DOMAIN.test(options.botDomain)) {
    throw new TeamsPackageError(
      `the bot domain must be a host name such as cadence.northdale.gov.uk (no scheme, no path), not ${JSON.stringify(options.botDomain)}`,
    );
  }
  const source = options.sourceDir ?? HERE;
  // An empty domain is dropped from validDomains below: a bot alone needs none.
  const manifest = fillManifest(readFileSync(join(source, 'manifest.json'), 'utf8'), {
    BOT_ID: botId,
    APP_ID: appId,
    APP_VERSION: version,
    BOT_DOMAIN: options.botDomain ?? '',
  });
  if (manifest.validDomains) manifest.validDomains = manifest.validDomains.filter((d) => d !== '');
  checkCommands(manifest);
  if (manifest.icons.color !== 'color.png' || manifest.icons.outline !== 'outline.png') {
    throw new TeamsPackageError('manifest.json must name color.png and outline.png as its icons');
  }
  checkSchema(manifest);
  const zip = writeZip([
    { name: 'manifest.json', data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) },
    { name: 'color.png', data: readFileSync(join(source, 'color.png')) },
    { name: 'outline.png', data: readFileSync(join(source, 'outline.png')) },
  ]);
  const file = options.out ?? DEFAULT_OUT;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, zip);
  return { file, manifest, bytes: zip.length };
}

/** `--bot-id x`, `--bot-id=x`, then the environment (BOT_ID, APP_ID, APP_VERSION, BOT_DOMAIN). */
export function parsePackageArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): PackageOptions {
  const flags = new Map<string, string>();
  const known = ['bot-id', 'app-id', 'version', 'bot-domain', 'out'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !known.includes(m[1]!))
      throw new TeamsPackageError(
        `unknown argument ${JSON.stringify(arg)}; use ${known.map((k) => `--${k}`).join(', ')}`,
      );
    const value = m[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--'))
      throw new TeamsPackageError(`--${m[1]} needs a value`);
    flags.set(m[1]!, value);
  }
  const pick = (flag: string, name: string) => flags.get(flag) ?? (env[name] || undefined);
  return {
    botId: pick('bot-id', 'BOT_ID') ?? '',
    appId: pick('app-id', 'APP_ID'),
    version: pick('version', 'APP_VERSION'),
    botDomain: pick('bot-domain', 'BOT_DOMAIN'),
    out: flags.get('out'),
  };
}

export function runPackageCli(argv: string[]): number {
  try {
    const { file, manifest, bytes } = buildTeamsPackage(parsePackageArgs(argv));
    process.stdout.write(
      `wrote ${relative(process.cwd(), file) || file} (${bytes} bytes): Teams app ${manifest.id} version ${manifest.version}, bot ${manifest.bots[0]?.botId}\n` +
        'Upload it in the Teams admin centre: Teams apps > Manage apps > Upload new app.\n',
    );
    return 0;
  } catch (e) {
    if (!(e instanceof TeamsPackageError)) throw e;
    process.stderr.write(`teams-package: ${e.message}\n`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = runPackageCli(process.argv.slice(2));
}
