/** `cadence export --from D --to D [--manager UPN | --team NAME] [--out DIR]`: CSV files for audits and Ofsted requests (docs/export.md). */
import { InputError } from '../../rules/index.ts';
import type { Clock } from '../../supervision/index.ts';
import type { Config } from '../config.ts';
import { exportRecords, type ExportScope } from '../export/index.ts';
import { openDatabase } from '../open-database.ts';
import type { Output } from './io.ts';
import { optionalDate, optionalText, readOptions } from './options.ts';

export async function exportCommand(args: string[], config: Config, clock: Clock): Promise<Output> {
  const { values, positionals } = readOptions('export', args, {
    from: { type: 'string' },
    to: { type: 'string' },
    manager: { type: 'string' },
    team: { type: 'string' },
    out: { type: 'string' },
  });
  if (positionals.length > 0)
    throw new InputError(
      `export: unexpected '${positionals[0]}'; its options are --from, --to, --manager or --team, --out`,
    );
  const from = optionalDate(values, 'from');
  const to = optionalDate(values, 'to');
  if (!from || !to)
    throw new InputError(
      'export: --from and --to are required (the first and last day, YYYY-MM-DD, at most 3 years apart)',
    );
  const scope = scopeOf(optionalText(values, 'manager'), optionalText(values, 'team'));
  const out = optionalText(values, 'out');
  const db = await openDatabase(config);
  try {
    const result = await exportRecords(
      { db, clock, defaultRecordWorkingDays: config.defaultRecordWorkingDays },
      { from, to, scope, actor: config.actor, ...(out !== undefined && { outDir: out }) },
    );
    return {
      human: [
        `Exported ${from} to ${to} for ${result.scope} into ${result.directory}:`,
        ...result.files.map(
          (f) =>
            `  ${f.file.padEnd(16)} ${String(f.rows).padStart(7)} row${f.rows === 1 ? '' : 's'}`,
        ),
        `Written to the audit log as an export by ${config.actor}. The files hold staff names and case references: keep them as the council keeps supervision records.`,
      ].join('\n'),
      json: result,
    };
  } finally {
    await db.close();
  }
}

function scopeOf(manager: string | undefined, team: string | undefined): ExportScope {
  if (manager !== undefined && team !== undefined)
    throw new InputError(
      'export: give --manager or --team, not both (neither exports the whole council)',
    );
  if (manager !== undefined) {
    if (manager.trim() === '')
      throw new InputError(
        "export: --manager needs the manager's UPN, e.g. t.hughes@council.gov.uk",
      );
    return { kind: 'manager', upn: manager.trim() };
  }
  if (team !== undefined) {
    if (team.trim() === '')
      throw new InputError('export: --team needs a team name as the roster gives it');
    return { kind: 'team', team: team.trim() };
  }
  return { kind: 'council' };
}
