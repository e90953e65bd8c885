/** `cadence groups import <file.csv> [--dry-run]` and `cadence groups list`. */
import { groupsWriter, listGroups } from '../../store/index.ts';
import { bookedBy, describeGroupsPlan, importGroups } from '../../supervision/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { openDatabase } from '../open-database.ts';
import type { Output } from './io.ts';
import { readOptions } from './options.ts';
import { fileImportCommand } from './file-import.ts';

export function groupsImport(args: string[], config: Config, clock: Clock): Promise<Output> {
  return fileImportCommand(
    'groups',
    args,
    config,
    clock,
    (db, input) => importGroups((work) => db.transaction((tx) => work(groupsWriter(tx))), input),
    describeGroupsPlan,
    { name: 'group', of: (entry) => entry.name },
  );
}

export async function groupsList(args: string[], config: Config): Promise<Output> {
  readOptions('groups list', args, {});
  const db = await openDatabase(config);
  try {
    const groups = await listGroups(db);
    return {
      human:
        groups.length === 0
          ? 'no groups; import a groups file (cadence groups import, docs/roster.md#groups)'
          : groups
              .map(
                (g) =>
                  `${g.name} (${g.type}): ${g.facilitatorUpn ? `facilitated by ${g.facilitatorUpn}` : 'the peers taking turns'}; quorum ${g.quorum} of ${g.memberUpns.length}${bookedBy(g.booking)}\n  ${g.memberUpns.join(', ')}`,
              )
              .join('\n'),
      json: { groups },
    };
  } finally {
    await db.close();
  }
}
