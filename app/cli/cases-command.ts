/** `cadence cases import <file.csv> [--dry-run]`. */
import { casesWriter } from '../../store/index.ts';
import { describeCasesPlan, importCases } from '../../supervision/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Output } from './io.ts';
import { fileImportCommand } from './file-import.ts';

export function casesImport(args: string[], config: Config, clock: Clock): Promise<Output> {
  return fileImportCommand(
    'cases',
    args,
    config,
    clock,
    (db, input) => importCases((work) => db.transaction((tx) => work(casesWriter(tx))), input),
    describeCasesPlan,
    { name: 'reference', of: (entry) => entry.reference },
  );
}
