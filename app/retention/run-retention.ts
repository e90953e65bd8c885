/**
 * Retention: removing supervision data older than the council keeps it
 * (CADENCE_RETENTION_YEARS), operational rows older than a fixed 90 days, and
 * the Teams conversation references of people not in the roster, in one
 * transaction with one audit entry that gives the cut-off and what was
 * removed from each table (counts only, never content). A dry run does the
 * same work and rolls it back, so the counts it reports are exactly what a
 * real run would remove.
 */
import { addDays, addMonths, londonDate, londonInstant, type IsoDate } from '../../rules/index.ts';
import {
  pruneOperationalBefore,
  removeReferencesOutsideRoster,
  removeSupervisionBefore,
  writeAudit,
  type Database,
  type PruneCounts,
  type RetentionCounts,
} from '../../store/index.ts';

/** Outbox messages, job runs, card-action nonces and snoozes are kept this long, whatever the setting. */
export const OPERATIONAL_DAYS = 90;
/**
 * A conversation reference of someone not in the roster is kept this long
 * after its last use, whatever the setting: long enough for a council that
 * installs the app for everyone before it imports the roster (a reference
 * saved first is found once the roster knows the person), short for the
 * personal data of people Cadence has no business with.
 */
export const OUTSIDE_ROSTER_DAYS = 30;

/** Teams conversation references of people not in the roster, unused since before `cutoff` (a London day), removed. */
export interface OutsideRoster {
  cutoff: IsoDate;
  references: number;
}

export interface RetentionRequest {
  /** CADENCE_RETENTION_YEARS; null removes nothing. */
  years: number | null;
  dryRun: boolean;
  /** Who runs it, for the audit log. */
  actor: string;
  now: Date;
}

export type RetentionReport =
  /** No setting: no supervision data is removed; operational rows still go after 90 days, references of people not in the roster after 30. */
  | {
      setting: 'unset';
      dryRun: boolean;
      operationalCutoff: IsoDate;
      pruned: PruneCounts;
      outsideRoster: OutsideRoster;
    }
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
      outsideRoster: OutsideRoster;
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

export async function runRetention(
  db: Database,
  request: RetentionRequest,
): Promise<RetentionReport> {
  const years = request.years;
  const today = londonDate(request.now);
  const operationalCutoff = addDays(today, -OPERATIONAL_DAYS);
  const referencesCutoff = addDays(today, -OUTSIDE_ROSTER_DAYS);
  try {
    return await db.transaction(async (tx) => {
      // References of people not in the roster are not supervision data: they go whatever the setting.
      const outsideRoster = {
        cutoff: referencesCutoff,
        references: await removeReferencesOutsideRoster(
          tx,
          londonInstant(referencesCutoff, '00:00'),
        ),
      };
      // Without a setting no supervision data is removed (the council has not said how long it keeps it),
      // but outbox rows, job runs and nonces have no audit value and would otherwise grow for ever.
      if (years === null) {
        const pruned = await pruneOperationalBefore(tx, londonInstant(operationalCutoff, '00:00'));
        const report: RetentionReport = {
          setting: 'unset',
          dryRun: request.dryRun,
          operationalCutoff,
          pruned,
          outsideRoster,
        };
        if (request.dryRun) throw new DryRunRollback(report);
        return report;
      }
      const cutoff = retentionCutoff(today, years);
      const removed = await removeSupervisionBefore(tx, {
        instant: londonInstant(cutoff, '00:00'),
        date: cutoff,
      });
      const pruned = await pruneOperationalBefore(tx, londonInstant(operationalCutoff, '00:00'));
      const report: RetentionReport = {
        setting: 'set',
        years,
        dryRun: request.dryRun,
        cutoff,
        operationalCutoff,
        removed,
        pruned,
        outsideRoster,
      };
      if (request.dryRun) throw new DryRunRollback(report);
      await writeAudit(tx, {
        actor: request.actor,
        action: 'retention.applied',
        entity: 'retention',
        entityId: cutoff,
        detail: { years, cutoff, operationalCutoff, removed, pruned, outsideRoster },
      });
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    throw error;
  }
}
