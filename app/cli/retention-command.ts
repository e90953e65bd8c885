/** `cadence retention [--dry-run]`: remove supervision data older than CADENCE_RETENTION_YEARS, operational rows older than 90 days, and references of people not in the roster (docs/export.md). */
import type { Clock } from '../../supervision/index.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../open-database.ts';
import { describeRetention, runRetention } from '../retention/index.ts';
import type { Output } from './io.ts';
import { readOptions } from './options.ts';

export async function retentionCommand(
  args: string[],
  config: Config,
  clock: Clock,
): Promise<Output> {
  const { values } = readOptions('retention', args, { 'dry-run': { type: 'boolean' } });
  const request = {
    years: config.retentionYears,
    dryRun: values['dry-run'] === true,
    actor: config.actor,
    now: clock.now(),
  };
  const db = await openDatabase(config);
  try {
    const report = await runRetention(db, request);
    return { human: describeRetention(report), json: report };
  } finally {
    await db.close();
  }
}
