/**
 * `cadence cases import`: check the whole file, work out what changes, and
 * write it in one transaction — or, with a dry run, only say what would
 * change. Importing the same file twice changes nothing the second time.
 */
import { readingDayOf, type FileImportInput } from './csv.ts';
import { readCasesFile, type CaseEntry } from './cases-file.ts';
import { casesPlanIsEmpty, planCases, type CasesPlan, type CaseWorker } from './cases-plan.ts';
import type { CaseFields, CasesWriter, InTransaction } from './ports/index.ts';

export interface CasesImportResult {
  plan: CasesPlan;
  written: boolean;
}

export async function importCases(
  inTransaction: InTransaction<CasesWriter>,
  input: FileImportInput,
): Promise<CasesImportResult> {
  const { entries, problems } = readCasesFile(input.text, input.file, readingDayOf(input));
  return inTransaction(async (store) => {
    const people = new Map(
      (await store.listPeople()).map((person) => [person.upn.toLowerCase(), person]),
    );
    const cases = new Map((await store.listCases()).map((stored) => [stored.reference, stored]));
    const plan = planCases(input.file, entries, problems, { cases, people });
    if (input.dryRun || casesPlanIsEmpty(plan)) return { plan, written: false };

    // The audit log names the case by id and the fields that changed: never a name.
    for (const entry of plan.added) {
      const id = await store.insertCase(fieldsOf(entry, people));
      await store.audit({
        actor: input.actor,
        action: 'case.added',
        entity: 'child_case',
        entityId: id,
        detail: { status: entry.status },
      });
    }
    for (const { entry, id, fields } of plan.updated) {
      await store.updateCase(id, fieldsOf(entry, people));
      await store.audit({
        actor: input.actor,
        action: 'case.updated',
        entity: 'child_case',
        entityId: id,
        detail: { fields },
      });
    }
    return { plan, written: true };
  });
}

/** "3 added, 1 updated, ..." for people to read. */
export function describeCasesPlan(plan: CasesPlan, written: boolean): string {
  const lines = [
    `${written ? '' : 'would be: '}${plan.added.length} added, ${plan.updated.length} updated, ${plan.unchanged} unchanged${plan.notInFile > 0 ? `; ${plan.notInFile} in Cadence but not in this file, left as they are` : ''}`,
    ...plan.added.map(
      (e) =>
        `  + ${e.reference} (${e.status} since ${e.since}${e.closed ? `, closed ${e.closed}` : ''}), allocated to ${e.workerUpn}`,
    ),
    ...plan.updated.map(({ entry, fields }) => `  ~ ${entry.reference}: ${fields.join(', ')}`),
  ];
  return lines.join('\n');
}

function fieldsOf(entry: CaseEntry, people: ReadonlyMap<string, CaseWorker>): CaseFields {
  return {
    reference: entry.reference,
    status: entry.status,
    sinceOn: entry.since,
    workerId: people.get(entry.workerUpn)!.id,
    closedOn: entry.closed ?? null,
    lastDiscussedBeforeCadence: entry.lastDiscussed ?? null,
  };
}
