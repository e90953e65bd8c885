/**
 * What an import file would change, by key: the rows Cadence does not hold
 * (added), those whose fields differ (updated, naming the fields), those the
 * same, and how many held rows the file leaves out (left as they are). Shared
 * by the cases and groups files.
 */
export interface FileChanges<Entry> {
  added: Entry[];
  /** `fields` names the columns that differ. */
  updated: { entry: Entry; id: number; fields: string[] }[];
  unchanged: number;
  /** Rows Cadence holds that are not in this file; left as they are. */
  notInFile: number;
}

export function fileChanges<Entry, Stored extends { id: number }>(
  entries: readonly Entry[],
  held: ReadonlyMap<string, Stored>,
  keyOf: (entry: Entry) => string,
  changedFields: (entry: Entry, stored: Stored) => [string, unknown, unknown][],
): FileChanges<Entry> {
  const changes: FileChanges<Entry> = { added: [], updated: [], unchanged: 0, notInFile: 0 };
  for (const entry of entries) {
    const stored = held.get(keyOf(entry));
    if (!stored) {
      changes.added.push(entry);
      continue;
    }
    const fields = changedFields(entry, stored)
      .filter(([, fromFile, kept]) => fromFile !== kept)
      .map(([field]) => field);
    if (fields.length > 0) changes.updated.push({ entry, id: stored.id, fields });
    else changes.unchanged += 1;
  }
  const inFile = new Set(entries.map(keyOf));
  changes.notInFile = [...held.keys()].filter((key) => !inFile.has(key)).length;
  return changes;
}

export function hasNoChanges(changes: FileChanges<unknown>): boolean {
  return changes.added.length + changes.updated.length === 0;
}
