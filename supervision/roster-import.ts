/**
 * `cadence roster import`: check the whole file, work out what changes, and
 * write it in one transaction — or, with a dry run, only say what would
 * change. Importing the same file twice changes nothing the second time.
 */
import { readingDayOf, type FileImportInput } from './csv.ts';
import { readRosterFile, type RosterEntry } from './roster-file.ts';
import { managerOf, planIsEmpty, planRoster, type RosterPlan } from './roster-plan.ts';
import type { InTransaction, PersonFields, RosterWriter } from './ports/index.ts';

export interface RosterImportResult {
  plan: RosterPlan;
  written: boolean;
}

export async function importRoster(
  inTransaction: InTransaction<RosterWriter>,
  input: FileImportInput,
): Promise<RosterImportResult> {
  const { entries, problems } = readRosterFile(input.text, input.file, readingDayOf(input));
  return inTransaction(async (store) => {
    const held = new Map(
      (await store.listPeople()).map((person) => [person.upn.toLowerCase(), person]),
    );
    const plan = planRoster(input.file, entries, problems, held);
    if (input.dryRun || planIsEmpty(plan)) return { plan, written: false };

    const ids = new Map([...held].map(([upn, person]) => [upn, person.id]));
    for (const entry of plan.added) {
      const id = await store.insertPerson(fieldsOf(entry));
      ids.set(entry.upn, id);
      await store.audit({
        actor: input.actor,
        action: 'person.added',
        entity: 'person',
        entityId: id,
        detail: { role: entry.role, policy: entry.policy },
      });
    }
    for (const { entry, fields } of plan.updated) {
      const id = ids.get(entry.upn)!;
      await store.updatePerson(id, fieldsOf(entry));
      await store.audit({
        actor: input.actor,
        action: 'person.updated',
        entity: 'person',
        entityId: id,
        detail: { fields },
      });
    }
    for (const entry of [...plan.added, ...plan.updated.map((u) => u.entry)]) {
      const manager = managerOf(entry);
      await store.setManager(ids.get(entry.upn)!, manager ? ids.get(manager)! : null);
    }
    const startedRelationships: { entry: RosterEntry; relationshipId: number }[] = [];
    for (const { entry, from, to, typeSupervisors } of plan.supervisorChanged) {
      const supervisee = ids.get(entry.upn)!;
      const current = held.get(entry.upn)?.supervision;
      if (current) await store.endRelationship(current.relationshipId, input.today);
      let relationshipId: number | null = null;
      if (to) {
        const fromOn =
          from === null && !current ? (entry.supervisedSince ?? entry.started) : input.today;
        relationshipId = await store.startRelationship(
          ids.get(to)!,
          supervisee,
          fromOn,
          termsOf(entry),
        );
        startedRelationships.push({ entry, relationshipId });
      }
      // Its sessions after today are withdrawn now, in this transaction; Outlook follows (relationship-ending.ts).
      const withdrawn = current
        ? await store.queueEnding(current.relationshipId, relationshipId, input.actor)
        : 0;
      await store.audit({
        actor: input.actor,
        action: 'supervisor.changed',
        entity: 'person',
        entityId: supervisee,
        // A new relationship takes the row's `booking`: the log says who books it from its first day.
        detail: {
          from,
          to,
          ...(typeSupervisors && { typeSupervisors }),
          endedRelationship: current?.relationshipId ?? null,
          relationship: relationshipId,
          ...(current && { withdrawnSessions: withdrawn }),
          ...(relationshipId !== null && { booking: entry.booking }),
        },
      });
    }
    const currentRelationship = new Map<string, number>();
    for (const [upn, person] of held)
      if (person.supervision) currentRelationship.set(upn, person.supervision.relationshipId);
    for (const { entry, relationshipId } of startedRelationships)
      currentRelationship.set(entry.upn, relationshipId);
    const changedSupervisor = new Set(plan.supervisorChanged.map((change) => change.entry.upn));
    for (const entry of plan.pastSessions) {
      // A session before a change of supervisor was held with the previous one.
      const previous = changedSupervisor.has(entry.upn)
        ? held.get(entry.upn)?.supervision?.relationshipId
        : undefined;
      const relationshipId = previous ?? currentRelationship.get(entry.upn)!;
      await store.recordPastSession(relationshipId, entry.types, entry.lastSupervised!);
      await store.audit({
        actor: input.actor,
        action: 'session.imported',
        entity: 'relationship',
        entityId: relationshipId,
        detail: { heldOn: entry.lastSupervised },
      });
    }
    for (const entry of plan.agreementsSigned) {
      const relationshipId = currentRelationship.get(entry.upn)!;
      await store.setAgreementSigned(relationshipId, entry.agreementSigned!);
      await store.audit({
        actor: input.actor,
        action: 'agreement.imported',
        entity: 'relationship',
        entityId: relationshipId,
        detail: { signedOn: entry.agreementSigned },
      });
    }
    for (const { entry, fields } of plan.termsChanged) {
      const relationshipId = held.get(entry.upn)!.supervision!.relationshipId;
      await store.updateRelationshipTerms(relationshipId, termsOf(entry));
      // Who books, by value: the log then shows when the daily job stopped (or started) booking someone.
      const detail = { fields, ...(fields.includes('booking') && { booking: entry.booking }) };
      await store.audit({
        actor: input.actor,
        action: 'relationship.terms-changed',
        entity: 'relationship',
        entityId: relationshipId,
        detail,
      });
      // The agreement says how often they meet: a new agreed frequency asks for it to be signed again.
      if (fields.includes('agreed_every')) {
        await store.setAgreementChanged(relationshipId, input.today);
        await store.audit({
          actor: input.actor,
          action: 'agreement.update-asked',
          entity: 'relationship',
          entityId: relationshipId,
          detail: { changedOn: input.today },
        });
      }
    }
    return { plan, written: true };
  });
}

/** " (professional: pdl@…)": the types someone other than the supervisor holds. */
function byType(typeSupervisors: Record<string, string> | undefined): string {
  const entries = Object.entries(typeSupervisors ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0
    ? ''
    : ` (${entries.map(([type, upn]) => `${type}: ${upn}`).join(', ')})`;
}

/** "3 added, 1 updated, ..." for people to read. */
export function describeRosterPlan(plan: RosterPlan, written: boolean): string {
  const lines = [
    `${written ? '' : 'would be: '}${plan.added.length} added, ${plan.updated.length} updated, ${plan.supervisorChanged.filter((c) => c.from !== null).length} changed supervisor, ${plan.termsChanged.length} changed supervision terms, ${plan.pastSessions.length} earlier sessions and ${plan.agreementsSigned.length} agreements recorded, ${plan.unchanged} unchanged${plan.notInFile > 0 ? `; ${plan.notInFile} in Cadence but not in this file, left as they are` : ''}`,
    ...plan.added.map(
      (e) =>
        `  + ${e.upn} (${e.role}, ${e.policy})${e.supervisorUpn ? `, supervised by ${e.supervisorUpn}${byType(e.typeSupervisors)}${e.booking === 'by-supervisor' ? ', who books from Teams' : ''}` : ''}`,
    ),
    ...plan.updated.map(({ entry, fields }) => `  ~ ${entry.upn}: ${fields.join(', ')}`),
    ...plan.supervisorChanged
      .filter((c) => c.from !== null)
      .map(
        (c) =>
          `  ↻ ${c.entry.upn}: supervisor ${c.from}${byType(c.typeSupervisors?.from)} → ${c.to ?? '(none)'}${byType(c.typeSupervisors?.to)}`,
      ),
    ...plan.termsChanged.map(
      ({ entry, fields }) =>
        `  ~ ${entry.upn}: ${fields.map((field) => describeTerm(entry, field)).join(', ')}`,
    ),
  ];
  return lines.join('\n');
}

function describeTerm(entry: RosterEntry, field: string): string {
  if (field === 'booking') return `booking → ${entry.booking}`;
  if (field === 'venue') return `venue → ${entry.venue}`;
  if (field === 'separate_sessions')
    return `separate sessions → ${entry.separateSessions ? 'yes' : 'no'}`;
  return field === 'types' ? 'supervision types' : field;
}

function fieldsOf(entry: RosterEntry): PersonFields {
  return {
    upn: entry.upn,
    name: entry.name,
    role: entry.role,
    policy: entry.policy,
    startedOn: entry.started,
    approvedOn: entry.approved ?? null,
    entraObjectId: entry.entraObjectId ?? null,
    jobTitle: entry.jobTitle ?? null,
    team: entry.team ?? null,
    usesTeams: entry.usesTeams,
  };
}

function termsOf(entry: RosterEntry) {
  return {
    types: entry.types,
    agreedPeriods: entry.agreedPeriods,
    agreedFrequency: entry.agreedFrequency,
    booking: entry.booking,
    venue: entry.venue,
    separateSessions: entry.separateSessions,
    alternate: entry.alternate ?? null,
    typeSupervisors: entry.typeSupervisors ?? {},
  };
}
