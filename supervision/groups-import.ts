/**
 * `cadence groups import`: check the whole file, work out what changes, and
 * write it in one transaction — or, with a dry run, only say what would
 * change. Importing the same file twice changes nothing the second time.
 */
import type { BookingMode } from './booking-mode.ts';
import { readGroupsFile, type GroupEntry } from './groups-file.ts';
import { groupsPlanIsEmpty, planGroups, type GroupsPlan } from './groups-plan.ts';
import type { GroupCandidate, GroupFields, GroupsWriter, InTransaction } from './ports/index.ts';

export interface GroupsImportResult {
  plan: GroupsPlan;
  written: boolean;
}

export async function importGroups(
  inTransaction: InTransaction<GroupsWriter>,
  /** `today`: the clock's date, kept as a new group's start (`since_on`). */
  input: { text: string; file: string; actor: string; dryRun: boolean; today: string },
): Promise<GroupsImportResult> {
  const { entries, problems } = readGroupsFile(input.text, input.file);
  return inTransaction(async (store) => {
    const people = new Map(
      (await store.listPeople()).map((person) => [person.upn.toLowerCase(), person]),
    );
    const groups = new Map(
      (await store.listGroups()).map((group) => [group.name.toLowerCase(), group]),
    );
    const plan = planGroups(input.file, entries, problems, { groups, people });
    if (input.dryRun || groupsPlanIsEmpty(plan)) return { plan, written: false };

    for (const entry of plan.added) {
      const id = await store.insertGroup({ ...fieldsOf(entry, people), sinceOn: input.today });
      await store.audit({
        actor: input.actor,
        action: 'group.added',
        entity: 'supervision_group',
        entityId: id,
        detail: {
          type: entry.type,
          members: entry.memberUpns.length,
          quorum: entry.quorum,
          booking: entry.booking,
        },
      });
    }
    for (const { entry, id, fields } of plan.updated) {
      await store.updateGroup(id, fieldsOf(entry, people));
      await store.audit({
        actor: input.actor,
        action: 'group.updated',
        entity: 'supervision_group',
        entityId: id,
        detail: { fields },
      });
    }
    return { plan, written: true };
  });
}

/** "1 added, 0 updated, ..." for people to read. */
export function describeGroupsPlan(plan: GroupsPlan, written: boolean): string {
  const who = (e: GroupEntry) =>
    `${e.facilitatorUpn ? `facilitated by ${e.facilitatorUpn}` : 'the peers taking turns'}, ${e.memberUpns.length} members, quorum ${e.quorum}${bookedBy(e.booking)}`;
  return [
    `${written ? '' : 'would be: '}${plan.added.length} added, ${plan.updated.length} updated, ${plan.unchanged} unchanged${plan.notInFile > 0 ? `; ${plan.notInFile} in Cadence but not in this file, left as they are` : ''}`,
    ...plan.added.map((e) => `  + ${e.name} (${e.type}): ${who(e)}`),
    ...plan.updated.map(({ entry, fields }) => `  ~ ${entry.name}: ${fields.join(', ')}`),
  ].join('\n');
}

/** Said only when the facilitator books: the daily job booking is what a group does unless told. */
export function bookedBy(booking: BookingMode): string {
  return booking === 'by-supervisor' ? ', booked by its organiser from Teams' : '';
}

function fieldsOf(entry: GroupEntry, people: ReadonlyMap<string, GroupCandidate>): GroupFields {
  return {
    name: entry.name,
    type: entry.type,
    facilitatorId: entry.facilitatorUpn ? people.get(entry.facilitatorUpn)!.id : null,
    memberIds: entry.memberUpns.map((upn) => people.get(upn)!.id),
    quorum: entry.quorum,
    booking: entry.booking,
  };
}
