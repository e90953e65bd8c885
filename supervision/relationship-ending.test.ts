import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../rules/index.ts';
import { endRelationshipsInOutlook } from './relationship-ending.ts';
import type {
  CalendarPort,
  EndingStore,
  FoundEvent,
  Occurrence,
  OutboxMessage,
  Outcome,
  PendingEnding,
} from './ports/index.ts';

const sana = { id: 1, upn: 's.iqbal@northdale.example', name: 'Sana Iqbal' };
const farah = { id: 2, upn: 'f.ali@northdale.example', name: 'Farah Ali' };
const carys = { id: 3, upn: 'c.evans@northdale.example', name: 'Carys Evans' };
const clock = { now: () => new Date('2026-12-14T09:00:00Z') };

const ending: PendingEnding = {
  relationshipId: 7,
  endedOn: '2026-12-14',
  supervisor: sana,
  supervisee: farah,
  successor: carys,
  organisers: [sana.upn],
  withdrawn: [new Date('2027-01-11T10:00:00Z'), new Date('2027-02-08T10:00:00Z')],
  series: [
    { calendarSeriesId: 'started', everyWeeks: 4, weekday: 1, firstOn: '2026-11-16' },
    { calendarSeriesId: 'later', everyWeeks: 4, weekday: 1, firstOn: '2027-03-08' },
  ],
};

const master = (id: string, start: string, until: string): FoundEvent => ({
  id,
  type: 'seriesMaster',
  transactionId: null,
  joinUrl: null,
  until: parseIsoDate(until),
  start: `${start}T10:00:00`,
  end: `${start}T11:00:00`,
});

/** A calendar holding the relationship's two series, one started and one not; `failCuts` refuses the range change. */
function outlook(options: { failCuts?: boolean; alreadyCut?: boolean } = {}) {
  const writes: string[] = [];
  const found = [
    master('started', '2026-11-16', options.alreadyCut ? '2026-12-14' : '2027-02-08'),
    master('later', '2027-03-08', '2027-05-31'),
  ];
  const left: Occurrence[] = options.alreadyCut
    ? []
    : [
        {
          id: 'started@2027-01-11',
          seriesId: 'started',
          type: 'occurrence',
          start: '2027-01-11T10:00:00',
          end: '2027-01-11T11:00:00',
        },
      ];
  const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
  const calendar: Pick<
    CalendarPort,
    'findSeriesByRelationship' | 'extendSeries' | 'cancelOccurrences' | 'listInstances'
  > = {
    findSeriesByRelationship: (lookups) => Promise.resolve(lookups.map(() => found)),
    extendSeries: (extensions) =>
      Promise.resolve(
        extensions.map((e): Outcome<void> => {
          writes.push(
            `cut ${e.seriesId} to ${e.until} (every ${e.repeat.interval} weeks from ${e.firstDate})`,
          );
          if (options.failCuts) return { ok: false, error: new Error('503 after 5 attempts') };
          left.splice(0);
          return ok(undefined);
        }),
      ),
    cancelOccurrences: (cancels) =>
      Promise.resolve(
        cancels.map((c) => {
          writes.push(`delete ${c.occurrenceId}`);
          return ok(undefined);
        }),
      ),
    listInstances: (requests) =>
      Promise.resolve(requests.map((r) => left.filter((o) => o.seriesId === r.seriesId))),
  };
  return { writes, calendar: calendar as CalendarPort };
}

function store() {
  const finished: { relationshipId: number; messages: readonly OutboxMessage[] }[] = [];
  const failed: string[] = [];
  const port: EndingStore = {
    pendingEndings: () => Promise.resolve(finished.length > 0 ? [] : [ending]),
    finishEnding: (relationshipId, _detail, messages) =>
      Promise.resolve(void finished.push({ relationshipId, messages })),
    failEnding: (_relationshipId, reason) => Promise.resolve(void failed.push(reason)),
  };
  return { port, finished, failed };
}

describe('endRelationshipsInOutlook', () => {
  it('cuts a started series at the last day, deletes one not yet started, and tells both people once', async () => {
    const { writes, calendar } = outlook();
    const { port, finished } = store();
    const report = await endRelationshipsInOutlook({ store: port, calendar, clock });
    expect(writes).toEqual([
      'delete later',
      'cut started to 2026-12-14 (every 4 weeks from 2026-11-16)',
    ]);
    expect(report).toMatchObject({
      ended: 1,
      shortened: 1,
      deleted: 1,
      occurrencesDeleted: 0,
      failures: [],
    });
    const messages = finished[0]!.messages;
    expect(
      messages.map((m) => [m.key, m.recipientId, m.payload.role, m.payload.newSupervisorId]),
    ).toEqual([
      ['relationship-ended:7:1', 1, 'supervisor', 3],
      ['relationship-ended:7:2', 2, 'supervisee', 3],
    ]);
    expect(messages[0]!.payload.sessions).toBe('2027-01-11T10:00:00.000Z 2027-02-08T10:00:00.000Z');
  });

  it('does not cut again a series whose range already ends on the last day', async () => {
    const { writes, calendar } = outlook({ alreadyCut: true });
    await endRelationshipsInOutlook({ store: store().port, calendar, clock });
    expect(writes).toEqual(['delete later']);
  });

  it('when the cut fails, keeps the ending for the next run and deletes no occurrence one by one', async () => {
    const { writes, calendar } = outlook({ failCuts: true });
    const { port, finished, failed } = store();
    const report = await endRelationshipsInOutlook({ store: port, calendar, clock });
    expect(writes.filter((w) => w.startsWith('delete started'))).toEqual([]);
    expect(finished).toEqual([]);
    expect(failed).toEqual(['ending a series on the last day failed: 503 after 5 attempts']);
    expect(report.failures).toHaveLength(1);
  });
});
