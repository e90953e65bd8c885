/** `cadence cases import <file.csv> [--dry-run]`. */
import { InputError } from '../../rules/index.ts';
import { casesWriter } from '../../store/index.ts';
import { describeCasesPlan, importCases } from '../../supervision/index.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../open-database.ts';
import type { Output } from './io.ts';
import { readOptions } from './options.ts';
import { readText } from './roster-command.ts';

export async function casesImport(args: string[], config: Config): Promise<Output> {
  const { values, positionals } = readOptions('cases import', args, {
    'dry-run': { type: 'boolean' },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0)
    throw new InputError('cases import: name one CSV file, e.g. cadence cases import cases.csv');
  const text = readText(file);
  const dryRun = values['dry-run'] === true;
  const db = await openDatabase(config);
  try {
    const { plan, written } = await importCases(
      (work) => db.transaction((tx) => work(casesWriter(tx))),
      { text, file, actor: config.actor, dryRun },
    );
    const summary = describeCasesPlan(plan, written || !dryRun);
    return {
      human: dryRun
        ? `dry run, nothing written — ${summary}`
        : written
          ? `imported — ${summary}`
          : `nothing to change — ${summary}`,
      json: {
        written,
        added: plan.added.map((e) => e.reference),
        updated: plan.updated.map((u) => ({ reference: u.entry.reference, fields: u.fields })),
        unchanged: plan.unchanged,
        notInFile: plan.notInFile,
      },
    };
  } finally {
    await db.close();
  }
}
