/**
 * Retention: removing supervision data older than the council keeps it
 * (CADENCE_RETENTION_YEARS), and operational rows older than a fixed 90 days,
 * in one transaction with one audit entry that gives the cut-off and what was
 * removed from each table (counts only, never content). A dry run does the
 * same work and rolls it back, so the counts it reports are exactly what a
 * real run would remove.
 */
import { addDays, addMonths, londonDate, londonInstant, type IsoDate } from '../../rules/index.ts';
import { pruneOperationalBefore, removeSupervisionBefore, writeAudit, type Database, type PruneCounts, type RetentionCounts } from '../../store/index.ts';

/** Outbox messages, job runs, card-action nonces and snoozes are kept this long, whatever the setting. */
export const OPERATIONAL_DAYS = 90;

export interface RetentionRequest {
  /** CADENCE_RETENTION_YEARS; null removes nothing. */
  years: number | null;
  dryRun: boolean;
  /** Who runs it, for the audit log. */
  actor: string;
  now: Date;
}

export type RetentionReport =
  /** No setting: no supervision data is removed; operational rows still go after 90 days. */
  | { setting: 'unset'; dryRun: boolean; operationalCutoff: IsoDate; pruned: PruneCounts }
  | {
      setting: 'set';
      years: number;
      dryRun: boolean;
      /** Supervision data that ended before this London day is removed. */
      cutoff: IsoDate;
      /** Operational rows settled before this London day are removed. */
      operationalCutoff: IsoDate;
      removed: RetentionCounts;
      pruned: PruneCounts;
    };

/** The first day kept: `years` before today (29 February falls back to the 28th). */
export function retentionCutoff(today: IsoDate, years: number): IsoDate {
  return addMonths(today, -12 * years);
}

/** Thrown inside the transaction to roll a dry run back, carrying what it found. */
class DryRunRollback extends Error {
  constructor(readonly report: RetentionReport) {
    super('dry run: rolled back');
  }
}

export async function runRetention(db: Database, request: RetentionRequest): Promise<RetentionReport> {
  const years = request.years;
  const today = londonDate(request.now);
  const operationalCutoff = addDays(today, -OPERATIONAL_DAYS);
  try {
    return await db.transaction(async (tx) => {
      // Without a setting no supervision data is removed (the council has not said how long it keeps it),
      // but outbox rows, job runs and nonces have no audit value and would otherwise grow for ever.
      if (years === null) {
        const pruned = await pruneOperationalBefore(tx, londonInstant(operationalCutoff, '00:00'));
        const report: RetentionReport = { setting: 'unset', dryRun: request.dryRun, operationalCutoff, pruned };
        if (request.dryRun) throw new DryRunRollback(report);
        return report;
      }
      const cutoff = retentionCutoff(today, years);
      const removed = await removeSupervisionBefore(tx, { instant: londonInstant(cutoff, '00:00'), date: cutoff });
      const pruned = await pruneOperationalBefore(tx, londonInstant(operationalCutoff, '00:00'));
      const report: RetentionReport = { setting: 'set', years, dryRun: request.dryRun, cutoff, operationalCutoff, removed, pruned };
      if (request.dryRun) throw new DryRunRollback(report);
      await writeAudit(tx, {
        actor: request.actor,
        action: 'retention.applied',
        entity: 'retention',
        entityId: cutoff,
        detail: { years, cutoff, operationalCutoff, removed, pruned },
      });
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}
