/**
 * The Teams app package: read back with a small zip reader written here (and
 * with Info-ZIP's `unzip -t` where the machine has it), it holds exactly the
 * manifest and the two icons, the manifest names the bot, the icons have the
 * sizes Teams asks for, and bad input is refused with a clear message.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../cards/actions.ts';
import {
  buildTeamsPackage,
  checkCommands,
  crc32,
  fillManifest,
  parsePackageArgs,
  TeamsPackageError,
  writeZip,
  type TeamsManifest,
} from '../index.ts';
import { colorIcon, outlineIcon } from './make-icons.ts';
import { draftDifferences, loadSchema, manifestProblems } from './validate.ts';
import { ManifestUtil } from '@microsoft/app-manifest';

const BOT_ID = '3F2504E0-4F89-41D3-9A0C-0305E82C3301';
const APP_ID = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
const HERE = new URL('./', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'cadence-teams-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Reads a zip through its central directory, checking each entry's local header and CRC. */
function readZip(zip: Buffer, methods = new Map<string, number>()): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(eocd).toBe(zip.length - 22);
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  expect(p + zip.readUInt32LE(eocd + 12)).toBe(eocd);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const size = zip.readUInt32LE(p + 20);
    const unpacked = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const skip = zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    expect(zip.toString('utf8', local + 30, local + 30 + zip.readUInt16LE(local + 26))).toBe(name);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + size);
    expect([0, 8]).toContain(method);
    const data = method === 8 ? zlib.inflateRawSync(body) : Buffer.from(body);
    expect(data.length).toBe(unpacked);
    expect(crc32(data)).toBe(crc);
    files.set(name, data);
    methods.set(name, method);
    p += 46 + nameLength + skip;
  }
  return files;
}

/** Width, height, bit depth and colour type from a PNG's IHDR; checks every chunk's CRC on the way. */
function pngHeader(png: Buffer): {
  width: number;
  height: number;
  depth: number;
  colourType: number;
  rgba: Buffer;
} {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString('latin1', 12, 16)).toBe('IHDR');
  let o = 8;
  const idat: Buffer[] = [];
  while (o < png.length) {
    const length = png.readUInt32BE(o);
    const type = png.toString('latin1', o + 4, o + 8);
    expect(crc32(png.subarray(o + 4, o + 8 + length))).toBe(png.readUInt32BE(o + 8 + length));
    if (type === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + length));
    o += 12 + length;
  }
  const width = png.readUInt32BE(16);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  // Filter type 0 on every row (as make-icons writes them), so the pixels are the rows without their first byte.
  const rgba = Buffer.concat(
    Array.from({ length: png.readUInt32BE(20) }, (_, y) =>
      raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1)),
    ),
  );
  return { width, height: png.readUInt32BE(20), depth: png[24]!, colourType: png[25]!, rgba };
}

describe('the Teams app package', () => {
  const out = join(dir, 'cadence-teams-app.zip');
  const built = buildTeamsPackage({
    botId: BOT_ID,
    appId: APP_ID,
    botDomain: 'cadence.northdale.gov.uk',
    out,
  });
  const zip = readFileSync(out);
  const files = readZip(zip);

  it('holds exactly manifest.json, color.png and outline.png at its root', () => {
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(built.bytes).toBe(zip.length);
  });

  it('names the bot and the app in the manifest, with the bot commands and nothing left to fill', () => {
    const text = files.get('manifest.json')!.toString('utf8');
    expect(text).not.toContain('${{');
    const manifest = JSON.parse(text) as TeamsManifest & {
      manifestVersion: string;
      $schema: string;
    };
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0]).toMatchObject({
      botId: BOT_ID.toLowerCase(),
      scopes: ['personal'],
      supportsFiles: false,
      isNotificationOnly: false,
    });
    expect(manifest.bots[0]!.commandLists![0]!.commands.map((c) => c.title)).toEqual([...COMMANDS]);
    for (const command of manifest.bots[0]!.commandLists![0]!.commands)
      expect(command.description.length).toBeGreaterThan(0);
    expect(manifest.validDomains).toEqual(['cadence.northdale.gov.uk']);
    expect(manifest.version).toBe(
      (
        JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
          version: string;
        }
      ).version,
    );
    expect(manifest.$schema).toBe(
      `https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`,
    );
    expect(Number(manifest.manifestVersion)).toBeGreaterThanOrEqual(1.17);
  });

  it('uses the bot id as the app id unless told otherwise, and lists no domain unless given one', () => {
    const { manifest } = buildTeamsPackage({ botId: BOT_ID, out: join(dir, 'plain.zip') });
    expect(manifest.id).toBe(BOT_ID.toLowerCase());
    expect(manifest.validDomains).toEqual([]);
  });

  it('has a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const color = pngHeader(files.get('color.png')!);
    expect(color).toMatchObject({ width: 192, height: 192, depth: 8 });
    const outline = pngHeader(files.get('outline.png')!);
    expect(outline).toMatchObject({ width: 32, height: 32, depth: 8, colourType: 6 });
    let transparent = 0;
    let opaque = 0;
    for (let i = 0; i < outline.rgba.length; i += 4) {
      const [r, g, b, a] = outline.rgba.subarray(i, i + 4);
      if (a === 0) transparent++;
      else expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
    expect(opaque).toBeGreaterThan(32 * 32 * 0.1);
  });

  it('commits the icons make-icons.ts draws', () => {
    expect(readFileSync(new URL('color.png', HERE))).toEqual(colorIcon());
    expect(readFileSync(new URL('outline.png', HERE))).toEqual(outlineIcon());
  });

  it('gives the same bytes for the same input', () => {
    buildTeamsPackage({
      botId: BOT_ID,
      appId: APP_ID,
      botDomain: 'cadence.northdale.gov.uk',
      out: join(dir, 'again.zip'),
    });
    expect(readFileSync(join(dir, 'again.zip'))).toEqual(zip);
  });

  it('is a zip Info-ZIP accepts too, where the machine has it', () => {
    if (spawnSync('unzip', ['-v']).status !== 0) return;
    const listing = execFileSync('unzip', ['-Z1', out], { encoding: 'utf8' });
    expect(listing.trim().split('\n')).toEqual(['manifest.json', 'color.png', 'outline.png']);
    expect(execFileSync('unzip', ['-t', out], { encoding: 'utf8' })).toContain(
      'No errors detected',
    );
  });
});

describe('refusals', () => {
  const out = join(dir, 'refused.zip');

  it('refuses a bot id that is not a GUID, or none, saying what it wants', () => {
    expect(() => buildTeamsPackage({ botId: 'my-bot', out })).toThrow(
      new TeamsPackageError(
        'BOT_ID must be a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301, not "my-bot"',
      ),
    );
    expect(() => buildTeamsPackage({ botId: '', out })).toThrow(
      /BOT_ID is required: the bot's Entra app \(client\) id, a GUID \(--bot-id or the BOT_ID environment variable\)/,
    );
    expect(() => buildTeamsPackage({ botId: BOT_ID, appId: '123', out })).toThrow(
      'APP_ID must be a GUID',
    );
    expect(() => buildTeamsPackage({ botId: BOT_ID, version: '1.0', out })).toThrow(
      'MAJOR.MINOR.PATCH',
    );
    expect(() =>
      buildTeamsPackage({ botId: BOT_ID, botDomain: 'https://cadence.example.org/', out }),
    ).toThrow('no scheme, no path');
  });

  it("refuses a manifest whose commands differ from the bot's", () => {
    const manifest = (titles: string[]) =>
      ({
        bots: [
          {
            botId: BOT_ID,
            scopes: ['personal'],
            commandLists: [
              {
                scopes: ['personal'],
                commands: titles.map((title) => ({ title, description: title })),
              },
            ],
          },
        ],
      }) as TeamsManifest;
    expect(() => checkCommands(manifest([...COMMANDS]))).not.toThrow();
    expect(() =>
      checkCommands(manifest([...COMMANDS.filter((c) => c !== 'team'), 'teams'])),
    ).toThrow(/missing "team"; not a bot command: "teams"/);
    expect(() => checkCommands(manifest([...COMMANDS, 'help']))).toThrow(/listed twice: "help"/);

    const source = mkdtempSync(join(dir, 'source-'));
    const template = readFileSync(new URL('manifest.json', HERE), 'utf8').replace(
      '"title": "overdue"',
      '"title": "late"',
    );
    writeFileSync(join(source, 'manifest.json'), template);
    for (const icon of ['color.png', 'outline.png'])
      copyFileSync(new URL(icon, HERE), join(source, icon));
    expect(() => buildTeamsPackage({ botId: BOT_ID, sourceDir: source, out })).toThrow(
      /differs from the bot's .*missing "overdue"; not a bot command: "late"/,
    );
  });

  it('refuses a token it has no value for', () => {
    expect(() =>
      fillManifest('{"id": "${{APP_ID}}", "x": "${{SOMETHING}}"}', { APP_ID: APP_ID }),
    ).toThrow('manifest.json names ${{SOMETHING}} but no value was given');
  });

  it('reads its arguments from flags, then the environment', () => {
    expect(parsePackageArgs(['--bot-id', BOT_ID, '--out=x.zip'], {})).toMatchObject({
      botId: BOT_ID,
      out: 'x.zip',
      appId: undefined,
    });
    expect(parsePackageArgs([], { BOT_ID, APP_ID, BOT_DOMAIN: 'a.example.org' })).toMatchObject({
      botId: BOT_ID,
      appId: APP_ID,
      botDomain: 'a.example.org',
    });
    expect(() => parsePackageArgs(['--bot'], {})).toThrow(/unknown argument "--bot"/);
    expect(() => parsePackageArgs(['--bot-id'], {})).toThrow('--bot-id needs a value');
  });

  it('says so on the command line, without a stack trace, and exits 1', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', fileOf('package.ts'), ...args], {
        encoding: 'utf8',
        env: { ...process.env, BOT_ID: '' },
      });
    const bad = run(['--bot-id', 'nope', '--out', out]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(
      'teams-package: BOT_ID must be a GUID such as 3f2504e0-4f89-41d3-9a0c-0305e82c3301, not "nope"\n',
    );
    const good = run(['--bot-id', BOT_ID, '--out', join(dir, 'cli.zip')]);
    expect(good.stderr).toBe('');
    expect(good.status).toBe(0);
    expect(good.stdout).toContain(`bot ${BOT_ID.toLowerCase()}`);
    expect(readZip(readFileSync(join(dir, 'cli.zip'))).size).toBe(3);
  }, 60_000);
});

describe('the manifest schema', () => {
  type Template = Record<string, unknown> & {
    name: { short: string };
    description: { short: string };
    bots: { scopes: string[] }[];
  };
  const template = () =>
    JSON.parse(readFileSync(new URL('manifest.json', HERE), 'utf8')) as Template;

  /** A source folder holding the template changed by `change`, and the icons. */
  function sourceWith(change: (manifest: Template) => void): string {
    const source = mkdtempSync(join(dir, 'schema-'));
    const manifest = template();
    change(manifest);
    writeFileSync(join(source, 'manifest.json'), JSON.stringify(manifest, null, 2));
    for (const icon of ['color.png', 'outline.png'])
      copyFileSync(new URL(icon, HERE), join(source, icon));
    return source;
  }

  /** What Microsoft's own validator (@microsoft/app-manifest, with ajv-draft-04) says of the same manifest. */
  async function microsoftSays(manifest: unknown): Promise<string[]> {
    const version = (manifest as { manifestVersion: string }).manifestVersion;
    return ManifestUtil.validateManifestAgainstSchema(
      manifest as never,
      loadSchema(version) as never,
    );
  }

  it("passes the built manifest, and Microsoft's own validator agrees", async () => {
    const { manifest } = buildTeamsPackage({
      botId: BOT_ID,
      botDomain: 'cadence.northdale.gov.uk',
      out: join(dir, 'schema-ok.zip'),
    });
    expect(manifestProblems(manifest)).toEqual([]);
    expect(await microsoftSays(manifest)).toEqual([]);
  });

  // [what is wrong, the change to the template, the path named, what is said of it]
  const broken: [string, (m: Template) => void, string, string][] = [
    [
      'a missing required field',
      (m) => delete (m as Partial<Template>).developer,
      '/developer',
      'is required and missing',
    ],
    [
      'a short description over 80 characters',
      (m) => (m.description.short = `${m.description.short} And much more besides.`),
      '/description/short',
      'must NOT have more than 80 characters',
    ],
    [
      'a short name over 30 characters',
      (m) => (m.name.short = "Cadence for Northdale Children's Services"),
      '/name/short',
      'must NOT have more than 30 characters',
    ],
    [
      'an accent colour that is not #RRGGBB',
      (m) => (m.accentColor = 'teal'),
      '/accentColor',
      'must match pattern "^#[0-9a-fA-F]{6}$"',
    ],
    [
      'a bot scope Teams does not have',
      (m) => (m.bots[0]!.scopes = ['personal', 'channel']),
      '/bots/0/scopes/1',
      'must be one of "team", "personal", "groupChat", "copilot"',
    ],
    [
      'a property the schema does not know',
      (m) => (m.supportUrl = 'https://cadence.example.org/help'),
      '/supportUrl',
      'is not a property the schema allows here',
    ],
  ];

  for (const [what, change, path, said] of broken) {
    it(`refuses ${what}, naming the path, and writes no zip`, async () => {
      const out = join(dir, `refused-${what.replace(/\W+/g, '-')}.zip`);
      let refusal = '';
      try {
        buildTeamsPackage({ botId: BOT_ID, sourceDir: sourceWith(change), out });
      } catch (e) {
        refusal = e instanceof TeamsPackageError ? e.message : String(e);
      }
      expect(refusal).toMatch(
        /^manifest\.json fails the Teams manifest schema v1\.22, so no package was written: /,
      );
      expect(refusal).toContain(`${path} ${said}`);
      expect(existsSync(out)).toBe(false);
      // Microsoft's validator fails the same manifest at the same place (it names a missing or extra property in its details).
      const manifest = template();
      change(manifest);
      const leaf = path.split('/').pop()!;
      const microsoft = await microsoftSays(manifest);
      expect(
        microsoft.some(
          (line) =>
            line.startsWith(`${path} `) || line.includes(`'${leaf}'`) || line.includes(`"${leaf}"`),
        ),
      ).toBe(true);
    });
  }

  it('still refuses a version that is not MAJOR.MINOR.PATCH, which the v1.22 schema itself lets through', () => {
    const manifest = {
      ...buildTeamsPackage({ botId: BOT_ID, out: join(dir, 'schema-version.zip') }).manifest,
      version: '1.0',
    };
    expect(manifestProblems(manifest)).toEqual([]);
    expect(() =>
      buildTeamsPackage({
        botId: BOT_ID,
        version: '1.0',
        out: join(dir, 'schema-version-refused.zip'),
      }),
    ).toThrow('MAJOR.MINOR.PATCH');
  });

  it('refuses a manifestVersion it has no schema for', () => {
    const out = join(dir, 'refused-version.zip');
    expect(() =>
      buildTeamsPackage({
        botId: BOT_ID,
        sourceDir: sourceWith((m) => (m.manifestVersion = '9.9')),
        out,
      }),
    ).toThrow(/\/manifestVersion must name a Teams manifest schema version/);
    expect(existsSync(out)).toBe(false);
  });

  it('reads the v1.22 schema the same under draft-07 as under its declared draft-04, and would notice if not', () => {
    const schema = loadSchema(template().manifestVersion as string);
    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(draftDifferences(schema)).toEqual([]);
    expect(
      draftDifferences({
        properties: { id: { type: 'string' } },
        definitions: { size: { maximum: 5, exclusiveMaximum: true } },
      }),
    ).toEqual(['#/definitions/size/exclusiveMaximum']);
  });
});

describe('crc32 and the zip writer', () => {
  it('agrees with zlib', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog');
    expect(crc32(data)).toBe(0x414fa339);
    const zlibCrc = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
    if (zlibCrc) expect(crc32(colorIcon())).toBe(zlibCrc(colorIcon()));
  });

  it('stores what deflate would not shrink, and reads back both kinds', () => {
    const random = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 151 + 7) % 256));
    const methods = new Map<string, number>();
    const files = readZip(
      writeZip([
        { name: 'a.txt', data: Buffer.from('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa') },
        { name: 'b.bin', data: random },
      ]),
      methods,
    );
    expect(Object.fromEntries(methods)).toEqual({ 'a.txt': 8, 'b.bin': 0 });
    expect(files.get('a.txt')!.toString()).toBe('a'.repeat(40));
    expect(files.get('b.bin')).toEqual(random);
  });
});

function fileOf(name: string): string {
  return new URL(name, HERE).pathname;
}
