/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- tests read Graph's JSON untyped, over HTTP; schemas.test.ts checks its shape. */
/**
 * The state file: an emulator restarted on it answers as the one before did,
 * as a real tenant's mailboxes outlive any client's restart.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  EmulatorStateError,
  startGraphEmulator,
  type EmulatorOptions,
  type GraphEmulator,
} from './index.ts';
import { tempFileOf } from './state-file.ts';
import { client, london, PEOPLE } from '../../test/support/emulator-client.ts';

const SAM = '/users/sam@council.example';
const WINDOW = 'startDateTime=2026-11-01T00:00:00Z&endDateTime=2027-04-01T00:00:00Z';
const series = {
  subject: 'Supervision: Sam Lead / Ada Worker',
  start: london('2026-12-01T10:00:00'),
  end: london('2026-12-01T11:00:00'),
  recurrence: {
    pattern: { type: 'weekly', interval: 2, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
    range: { type: 'endDate', startDate: '2026-12-01', endDate: '2027-03-01' },
  },
  attendees: [
    { emailAddress: { address: 'ada@council.example', name: 'Ada Worker' }, type: 'required' },
  ],
  sensitivity: 'private',
  transactionId: 'tx-persist',
};

let dir = '';
const running: GraphEmulator[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'emulator-state-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function start(stateFile: string, options: EmulatorOptions = {}): Promise<GraphEmulator> {
  const em = await startGraphEmulator({ https: false, stateFile, ...options });
  running.push(em);
  return em;
}

async function stop(em: GraphEmulator): Promise<void> {
  running.splice(running.indexOf(em), 1);
  await em.close();
}

/** Follows nextLinks to the end of a delta round. */
async function deltaRound(
  call: ReturnType<typeof client>,
  url: string,
): Promise<{ value: { id: string; '@removed'?: unknown }[]; deltaLink: string }> {
  const value: { id: string; '@removed'?: unknown }[] = [];
  let next: string | undefined = url;
  let deltaLink = '';
  while (next) {
    const page = await call('GET', next);
    expect(page.status).toBe(200);
    value.push(...page.body.value);
    next = page.body['@odata.nextLink'];
    deltaLink = page.body['@odata.deltaLink'] ?? deltaLink;
  }
  return { value, deltaLink };
}

/** What a client can read of the test's mailboxes. */
async function observe(call: ReturnType<typeof client>, masterId: string) {
  return {
    events: (await call('GET', `${SAM}/events?$top=100`)).body.value,
    instances: (await call('GET', `${SAM}/events/${masterId}/instances?${WINDOW}&$top=100`)).body
      .value,
    adaBusy: (
      await call('POST', `${SAM}/calendar/getSchedule`, {
        schedules: ['ada@council.example'],
        startTime: london('2026-12-01T00:00:00'),
        endTime: london('2027-01-30T00:00:00'),
      })
    ).body.value,
    manager: (await call('GET', '/users/ada@council.example/manager')).body.userPrincipalName,
  };
}

describe('stateFile', () => {
  it('a restarted emulator has the same users, events, occurrences, ids, transactionIds and delta tokens', async () => {
    const file = join(dir, 'restart.json');
    const first = await start(file);
    expect(first.restored).toBe(false);
    first.seed(PEOPLE);
    const call = client(first);
    const master = (await call('POST', `${SAM}/events`, series)).body;
    const occurrences = (await call('GET', `${SAM}/events/${master.id}/instances?${WINDOW}`)).body
      .value as { id: string }[];
    expect(
      (
        await call('PATCH', `${SAM}/events/${occurrences[1]!.id}`, {
          start: london('2026-12-17T14:00:00'),
          end: london('2026-12-17T15:00:00'),
        })
      ).status,
    ).toBe(200);
    expect((await call('DELETE', `${SAM}/events/${occurrences[2]!.id}`)).status).toBe(204);
    first.declineOccurrence('sam@council.example', occurrences[0]!.id, 'ada@council.example');
    const round = await deltaRound(call, `${SAM}/calendarView/delta?${WINDOW}`);
    // A round cut short by the restart: its next page is only in memory.
    const unfinished = await call('GET', `${SAM}/calendarView/delta?${WINDOW}`, undefined, {
      prefer: 'odata.maxpagesize=2',
    });
    const before = await observe(call, master.id);
    await stop(first);

    const second = await start(file);
    expect(second.restored).toBe(true);
    const again = client(second);
    expect(await observe(again, master.id)).toEqual(before);
    expect(before.instances.map((i: { type: string }) => i.type)).toEqual([
      'occurrence',
      'exception',
      'occurrence',
      'occurrence',
      'occurrence',
      'occurrence',
    ]);
    expect(before.instances[0].attendees[0].status.response).toBe('declined');

    // The deltaLink names the old port; a client keeps only its path and token (graph/urls.ts relativeLink).
    const oldLink = round.deltaLink.replace(first.url, second.url);
    expect((await deltaRound(again, oldLink)).value).toEqual([]);

    // A create retried after the restart finds the event it made before, and changes nothing.
    expect((await again('POST', `${SAM}/events`, series)).body.id).toBe(master.id);
    const fresh = (
      await again('POST', `${SAM}/events`, {
        subject: 'One to one',
        start: london('2026-12-02T10:00:00'),
        end: london('2026-12-02T10:30:00'),
      })
    ).body;
    expect(before.events.map((e: { id: string }) => e.id)).not.toContain(fresh.id);
    const changed = await deltaRound(again, oldLink);
    expect(changed.value.map((v) => v.id)).toEqual([fresh.id]);
    expect((await again('DELETE', `${SAM}/events/${occurrences[3]!.id}`)).status).toBe(204);
    expect((await deltaRound(again, changed.deltaLink)).value).toEqual([
      { id: occurrences[3]!.id, '@removed': { reason: 'deleted' } },
    ]);

    const lost = await again(
      'GET',
      unfinished.body['@odata.nextLink'].replace(first.url, second.url),
    );
    expect(lost.status).toBe(410);
    expect(lost.body.error.code).toBe('syncStateNotFound');
  });

  it('reaches the file soon after a change without being asked, and at once on flush()', async () => {
    const file = join(dir, 'unasked.json');
    const em = await start(file);
    em.seed(PEOPLE);
    const call = client(em);
    const created = (
      await call('POST', `${SAM}/events`, {
        subject: 'One to one',
        start: london('2026-12-02T10:00:00'),
        end: london('2026-12-02T10:30:00'),
      })
    ).body;
    // As if the process were killed now, without close(): a copy of the file is what would be left.
    await vi.waitFor(async () => expect(await readFile(file, 'utf8')).toContain(created.id), {
      timeout: 5_000,
      interval: 50,
    });
    const copy = join(dir, 'unasked-copy.json');
    await copyFile(file, copy);
    const after = await start(copy);
    expect((await client(after)('GET', `${SAM}/events/${created.id}`)).body.subject).toBe(
      'One to one',
    );

    await call('PATCH', `${SAM}/events/${created.id}`, { subject: 'Moved to Teams' });
    await em.flush();
    expect(
      JSON.parse(await readFile(file, 'utf8')).calendar.events.find(
        (e: { id: string }) => e.id === created.id,
      ).input.subject,
    ).toBe('Moved to Teams');
  });

  it('keeps the demo council: a restart needs no seeding', async () => {
    const file = join(dir, 'demo.json');
    const first = await start(file);
    const { users } = first.seedDemoCouncil({ today: '2026-12-08', months: 2 });
    const upns = users.slice(0, 20).map((u) => u.userPrincipalName);
    const ask = (em: GraphEmulator) =>
      client(em)('POST', `/users/${upns[0]}/calendar/getSchedule`, {
        schedules: upns,
        startTime: london('2026-12-14T00:00:00'),
        endTime: london('2027-01-11T00:00:00'),
        availabilityViewInterval: 60,
      });
    const before = (await ask(first)).body.value;
    await stop(first);
    const second = await start(file);
    expect(second.restored).toBe(true);
    expect((await ask(second)).body.value).toEqual(before);
  });

  it('refuses a file it cannot trust, naming it and saying how to start afresh', async () => {
    const file = join(dir, 'refused.json');
    const em = await start(file);
    em.seed(PEOPLE);
    await stop(em);
    const good = JSON.parse(await readFile(file, 'utf8'));
    const refusal = async (text: string): Promise<string> => {
      await writeFile(file, text);
      const error = await startGraphEmulator({ https: false, stateFile: file }).then(
        (started) => {
          running.push(started);
          return undefined;
        },
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(EmulatorStateError);
      expect((error as Error).message).toContain(`Graph emulator state file ${file} `);
      expect((error as Error).message).toMatch(/; delete it to start the emulator afresh$/);
      return (error as Error).message;
    };
    expect(await refusal(JSON.stringify(good).slice(0, 500))).toMatch(
      /is not valid JSON .*cut short/,
    );
    expect(await refusal(JSON.stringify({ ...good, version: 2 }))).toContain(
      'is in format version 2, and this emulator reads version 1 only',
    );
    expect(await refusal(JSON.stringify({ hello: 'world' }))).toContain(
      'is not a Graph emulator state file',
    );
    const bent = structuredClone(good);
    bent.directory.users[0].workingDays = ['someday'];
    expect(await refusal(JSON.stringify(bent))).toContain('at directory.users.0.workingDays.0');
    await expect(
      startGraphEmulator({ https: false, stateFile: 'data/graph-emulator.json' }),
    ).rejects.toThrow(/absolute path/);
  });

  it('a write that fails is reported by flush() and made again by the next one', async () => {
    const folder = join(dir, 'gone');
    await mkdir(folder);
    const file = join(folder, 'state.json');
    const em = await start(file);
    // The folder is replaced by a plain file: no write can succeed.
    await rm(folder, { recursive: true });
    await writeFile(folder, '');
    em.seed(PEOPLE);
    await expect(em.flush()).rejects.toThrow(/ENOTDIR|EEXIST/);
    await rm(folder);
    await em.flush();
    expect(JSON.parse(await readFile(file, 'utf8')).directory.users).toHaveLength(PEOPLE.length);
  });

  it('a write killed midway leaves the previous state to start from', async () => {
    const file = join(dir, 'killed.json');
    const first = await start(file);
    first.seed(PEOPLE);
    const kept = (
      await client(first)('POST', `${SAM}/events`, {
        subject: 'Kept',
        start: london('2026-12-02T10:00:00'),
        end: london('2026-12-02T10:30:00'),
      })
    ).body;
    await stop(first);
    // What a process killed while writing leaves: a temporary file cut short beside the good one.
    const text = await readFile(file, 'utf8');
    await writeFile(tempFileOf(file), text.slice(0, text.length / 2));

    const second = await start(file);
    expect(second.restored).toBe(true);
    const call = client(second);
    expect((await call('GET', `${SAM}/events/${kept.id}`)).body.subject).toBe('Kept');
    await call('DELETE', `${SAM}/events/${kept.id}`);
    await second.flush();
    expect(existsSync(tempFileOf(file))).toBe(false);
    await stop(second);
    expect((await client(await start(file))('GET', `${SAM}/events/${kept.id}`)).status).toBe(404);
  });
});
