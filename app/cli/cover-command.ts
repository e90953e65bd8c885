/**
 * `cadence cover set --supervisor UPN --cover UPN --from D --to D`,
 * `cadence cover list [--all]`, `cadence cover remove <id>` and `cadence cover
 * import <file.csv> [--dry-run]`: who stands in
 * for an absent supervisor (docs/roster.md#cover).
 */
import { InputError, londonDate } from '../../rules/index.ts';
import { coverStore } from '../../store/index.ts';
import {
  describeCoverPlan,
  importCovers,
  removeCover,
  setCover,
  type Clock,
} from '../../supervision/index.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../open-database.ts';
import type { Output } from './io.ts';
import { fileImportCommand } from './file-import.ts';
import { readOptions, requiredText, wholeNumber } from './options.ts';

export async function coverSet(args: string[], config: Config): Promise<Output> {
  const { values } = readOptions('cover set', args, {
    supervisor: { type: 'string' },
    cover: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
  });
  const request = {
    supervisorUpn: requiredText('cover set', values, 'supervisor', 'the UPN of who is away'),
    coverUpn: requiredText('cover set', values, 'cover', 'the UPN of who stands in'),
    from: requiredText('cover set', values, 'from', 'the first day of cover, YYYY-MM-DD'),
    to: requiredText('cover set', values, 'to', 'the last day of cover, YYYY-MM-DD'),
    actor: config.actor,
  };
  const db = await openDatabase(config);
  try {
    const period = await db.transaction((tx) => setCover(coverStore(tx), request));
    return {
      human: `${period.cover.name} (${period.cover.upn}) covers for ${period.supervisor.name} from ${period.fromOn} to ${period.toOn} (cover ${period.id}): record prompts for those days go to ${period.cover.name}, who may record them, and sessions ${period.supervisor.name} cannot hold are booked with ${period.cover.name} at the next booking run`,
      json: { cover: period },
    };
  } finally {
    await db.close();
  }
}

export async function coverList(args: string[], config: Config, clock: Clock): Promise<Output> {
  const { values } = readOptions('cover list', args, { all: { type: 'boolean' } });
  const db = await openDatabase(config);
  try {
    const periods = await coverStore(db).list(values.all ? null : londonDate(clock.now()));
    return {
      human:
        periods.length === 0
          ? `no cover${values.all ? '' : ' now or to come'}; set it with cadence cover set`
          : periods
              .map(
                (p) =>
                  `${p.id}: ${p.cover.upn} covers for ${p.supervisor.upn} from ${p.fromOn} to ${p.toOn} (set by ${p.setBy})`,
              )
              .join('\n'),
      json: { covers: periods },
    };
  } finally {
    await db.close();
  }
}

export async function coverRemove(args: string[], config: Config): Promise<Output> {
  const { positionals } = readOptions('cover remove', args, {});
  if (positionals.length !== 1)
    throw new InputError('cover remove: give the number of one cover period (cadence cover list)');
  const id = wholeNumber('cover', positionals[0]!, { min: 1 });
  const db = await openDatabase(config);
  try {
    const removed = await db.transaction((tx) => removeCover(coverStore(tx), id, config.actor));
    return {
      human: `removed cover ${removed.id}: ${removed.cover.upn} for ${removed.supervisor.upn}, ${removed.fromOn} to ${removed.toOn}; sessions already booked with ${removed.cover.upn} stay in their calendar`,
      json: { removed },
    };
  } finally {
    await db.close();
  }
}

/** Cover periods from a file (supervision/cover-file.ts): each as `cover set` would set it, all or none. */
export function coverImport(args: string[], config: Config, clock: Clock): Promise<Output> {
  return fileImportCommand(
    'cover',
    args,
    config,
    clock,
    (db, input) => importCovers((work) => db.transaction((tx) => work(coverStore(tx))), input),
    describeCoverPlan,
    { name: 'cover', of: (e) => `${e.coverUpn} for ${e.supervisorUpn}, ${e.from} to ${e.to}` },
  );
}
