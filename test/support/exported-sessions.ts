/** A file of the council's export (`cadence export` for [from, to] on the clock's day), read back as rows by column name. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { exportRecords } from '../../app/export/index.ts';
import type { IsoDate } from '../../rules/index.ts';
import type { Database } from '../../store/index.ts';
import type { Clock } from '../../supervision/index.ts';

export async function exportedFile(
  db: Database,
  clock: Clock,
  range: { from: string; to: string },
  file: string,
): Promise<Record<string, string>[]> {
  const out = mkdtempSync(join(tmpdir(), 'cadence-exported-'));
  await exportRecords(
    { db, clock, defaultRecordWorkingDays: 5 },
    {
      from: range.from as IsoDate,
      to: range.to as IsoDate,
      scope: { kind: 'council' },
      outDir: out,
      actor: 'test',
    },
  );
  return parse<Record<string, string>>(readFileSync(join(out, file)), {
    bom: true,
    columns: true,
  });
}

/** The council's sessions.csv. */
export const exportedSessions = (
  db: Database,
  clock: Clock,
  range: { from: string; to: string },
): Promise<Record<string, string>[]> => exportedFile(db, clock, range, 'sessions.csv');
