/* eslint-disable @typescript-eslint/no-unsafe-member-access -- tests read Graph's JSON untyped, over HTTP. */
/**
 * The emulator's mailboxes outlive the process when given a state file, as a
 * tenant's do: what a client made and what a person changed in Outlook are
 * there after a restart, a repeated create still finds its event, a delta
 * link taken before goes on from where it was, and a broken file is refused
 * in one clear sentence.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from './index.ts';
import { client, london, PEOPLE } from './test-client.ts';

const WINDOW = 'startDateTime=2026-11-01T00:00:00Z&endDateTime=2027-04-01T00:00:00Z';
const SAM = '/users/sam@council.example';

const series = (transactionId: string) => ({
  subject: 'Supervision: Sam Lead / Ada Worker',
  start: london('2026-12-01T10:00:00'),
  end: london('2026-12-01T11:00:00'),
  recurrence: { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' }, range: { type: 'endDate', startDate: '2026-12-01', endDate: '2027-01-26' } },
  attendees: [{ emailAddress: { address: 'ada@council.example', name: 'Ada Worker' }, type: 'required' }],
  sensitivity: 'private',
  transactionId,
});

/** Every page of a delta round, and the link it ends with. */
async function deltaRound(call: ReturnType<typeof client>, first: string): Promise<{ ids: string[]; removed: string[]; deltaLink: string }> {
  const ids: string[] = [];
  const removed: string[] = [];
  for (let url: string | undefined = first; url; ) {
    // Links are absolute, to the port that issued them; like the product (graph/urls.ts), follow them on the current one.
    const page = await call('GET', url.replace(/^https?:\/\/[^/]+\/v1\.0/, ''));
    expect(page.status).toBe(200);
    for (const item of page.body.value as { id: string; '@removed'?: unknown }[]) (item['@removed'] ? removed : ids).push(item.id);
    if (page.body['@odata.deltaLink']) return { ids, removed, deltaLink: page.body['@odata.deltaLink'] as string };
    url = page.body['@odata.nextLink'] as string | undefined;
  }
  throw new Error('no deltaLink');
}

describe('the emulator kept in a state file', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cadence-emulator-state-'));
    file = join(dir, 'outlook.json');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('comes back after a restart with events, changes, transactionIds and delta links as they were', async () => {
    let em: GraphEmulator = await startGraphEmulator({ https: false, stateFile: file });
    expect(em.restored).toBe(false);
    em.seed(PEOPLE);
    let call = client(em);
    const master = await call('POST', `${SAM}/events`, series('tx-kept'));
    const instances = async () => (await call('GET', `${SAM}/events/${master.body.id}/instances?${WINDOW}&$top=50`)).body.value as { id: string; type: string; start: { dateTime: string } }[];
    const [, second, third] = await instances();
    await call('PATCH', `${SAM}/events/${second!.id}`, { start: london('2026-12-09T14:00:00'), end: london('2026-12-09T15:00:00') });
    em.cancelOccurrence('sam@council.example', third!.id);
    const before = await instances();
    const first = await deltaRound(call, `${SAM}/calendarView/delta?${WINDOW}`);
    expect(first.ids).toHaveLength(before.length);
    await em.close();
    expect(existsSync(file)).toBe(true);

    em = await startGraphEmulator({ https: false, stateFile: file });
    try {
      expect(em.restored).toBe(true);
      call = client(em);
      expect(await instances()).toEqual(before);
      expect(before[1]).toMatchObject({ type: 'exception', start: { dateTime: '2026-12-09T14:00:00.0000000' } });
      // The same create again finds the event it made before the restart.
      expect((await call('POST', `${SAM}/events`, series('tx-kept'))).body.id).toBe(master.body.id);
      // The old delta link goes on: nothing changed, then only the one change made now.
      const quiet = await deltaRound(call, first.deltaLink);
      expect(quiet).toMatchObject({ ids: [], removed: [] });
      em.cancelOccurrence('sam@council.example', before[3]!.id);
      expect(await deltaRound(call, quiet.deltaLink)).toMatchObject({ ids: [], removed: [before[3]!.id] });
      // New events get new ids.
      const another = await call('POST', `${SAM}/events`, series('tx-new'));
      expect(another.body.id).not.toBe(master.body.id);
      expect((await call('GET', '/users/ada@council.example')).body.displayName).toBe('Ada Worker');
    } finally {
      await em.close();
    }
  });

  it('keeps the last good state if a write was cut short, and refuses a broken or unknown file saying what to do', async () => {
    const good = readFileSync(file, 'utf8');
    // A kill mid-write leaves a temporary file beside the real one, which is never read.
    writeFileSync(`${file}.12345.tmp`, good.slice(0, 100));
    const em = await startGraphEmulator({ https: false, stateFile: file });
    expect(em.restored).toBe(true);
    await em.close();

    writeFileSync(file, good.slice(0, good.length / 2));
    await expect(startGraphEmulator({ https: false, stateFile: file })).rejects.toThrow(/saved mailboxes in .*outlook\.json cannot be read .*; delete the file to start with new calendars/);
    writeFileSync(file, JSON.stringify({ format: 'cadence-graph-emulator/99' }));
    await expect(startGraphEmulator({ https: false, stateFile: file })).rejects.toThrow(/not in a format this version knows \("cadence-graph-emulator\/99", expected cadence-graph-emulator\/1\)/);
  });
});
