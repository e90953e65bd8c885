/**
 * `cadence <what> import <file.csv> [--dry-run]` for the files whose import is
 * only a database change (cases, groups, cover): read the file, run the import in
 * one transaction, and say what changed — or, with --dry-run, what would.
 */
import { InputError, type IsoDate } from '../../rules/index.ts';
import { today, type Clock } from '../clock.ts';
import type { Database } from '../../store/index.ts';
import { encodingNote, type FileChanges } from '../../supervision/index.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../open-database.ts';
import type { Output } from './io.ts';
import { readOptions } from './options.ts';
import { readText } from './roster-command.ts';

interface ImportOutcome<Entry> {
  plan: FileChanges<Entry>;
  written: boolean;
}

export async function fileImportCommand<Entry>(
  what: string,
  args: string[],
  config: Config,
  clock: Clock,
  run: (
    db: Database,
    input: {
      text: string;
      file: string;
      actor: string;
      today: IsoDate;
      daysAhead: number;
      dryRun: boolean;
    },
  ) => Promise<ImportOutcome<Entry>>,
  describe: (plan: ImportOutcome<Entry>['plan'], written: boolean) => string,
  /** How the JSON output names an entry: `reference` for a case, `group` for a group. */
  key: { name: string; of: (entry: Entry) => string },
): Promise<Output> {
  const { values, positionals } = readOptions(`${what} import`, args, {
    'dry-run': { type: 'boolean' },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0)
    throw new InputError(
      `${what} import: name one CSV file, e.g. cadence ${what} import ${what}.csv`,
    );
  const { text, encoding } = readText(file);
  const dryRun = values['dry-run'] === true;
  const db = await openDatabase(config);
  try {
    const { plan, written } = await run(db, {
      text,
      file,
      actor: config.actor,
      today: today(clock),
      daysAhead: config.daysAhead,
      dryRun,
    });
    const summary = describe(plan, written || !dryRun);
    return {
      human: [
        dryRun
          ? `dry run, nothing written — ${summary}`
          : written
            ? `imported — ${summary}`
            : `nothing to change — ${summary}`,
        ...encodingNote(encoding),
      ].join('\n'),
      json: {
        written,
        encoding,
        added: plan.added.map(key.of),
        updated: plan.updated.map((u) => ({ [key.name]: key.of(u.entry), fields: u.fields })),
        unchanged: plan.unchanged,
        notInFile: plan.notInFile,
      },
    };
  } finally {
    await db.close();
  }
}
