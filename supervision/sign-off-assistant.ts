/**
 * Sign-off from Teams (supervision/sign-off.ts): the state the record card
 * shows, and the supervisee's answer from it. The record card is the one
 * card for both people: the supervisee answers on it, the supervisor reads
 * the answer on it.
 */
import type { IsoDate } from '../rules/index.ts';
import type { AssistantDeps } from './assistant.ts';
import type { Actor, PersonRef, SignOff } from './ports/index.ts';
import { signOffDeadline, signOffRecord, type SignOffResult } from './sign-off.ts';

export interface SignOffState extends SignOff {
  dueOn: IsoDate;
  /** Whom a disagreement reached: the supervisor's manager, or no one recorded. */
  escalatedTo: PersonRef | null;
}

/** The sign-off of a held session's record, for a card: null when none is asked (not held, or recorded before sign-off). */
export async function signOffStateOf(
  deps: AssistantDeps,
  session: { sessionId: number; policy: string; status: string },
): Promise<SignOffState | null> {
  if (session.status !== 'held') return null;
  const signOff = await deps.store.signOffOf(session.sessionId);
  if (!signOff) return null;
  const escalated =
    signOff.outcome === 'disagreed'
      ? await deps.outbox.byKey(
          `sign-off-disagreement:${signOff.sessionId}:${signOff.recordAt.getTime()}`,
        )
      : null;
  return {
    ...signOff,
    dueOn: signOffDeadline(session.policy, signOff.requestedOn).dueOn,
    escalatedTo: escalated ? await deps.store.personById(escalated.recipientId) : null,
  };
}

/** Records of the actor's own sessions waiting for their sign-off, oldest first, for `my sessions`. */
export async function recordsToSignOff(deps: AssistantDeps, actor: Actor) {
  const rows = await deps.team.listAwaitingSignOff([actor.id]);
  const sessions = await Promise.all(rows.map((r) => deps.store.sessionById(r.sessionId)));
  return rows
    .flatMap((row, i) => {
      const session = sessions[i];
      if (!session) return [];
      return [
        {
          sessionId: row.sessionId,
          supervisor: session.supervisor,
          heldOn: row.heldOn as IsoDate,
          dueOn: signOffDeadline(actor.policy, row.requestedOn as IsoDate).dueOn,
        },
      ];
    })
    .sort((a, b) => a.heldOn.localeCompare(b.heldOn));
}

/** The supervisee's Agree, Add a comment or Disagree, pressed on the record card. */
export async function signOffFromTeams(
  deps: AssistantDeps,
  actor: Actor,
  answer: {
    sessionId: number;
    version: number;
    outcome: 'agreed' | 'commented' | 'disagreed';
    comment?: string | undefined;
  },
): Promise<SignOffResult> {
  try {
    return await signOffRecord(deps.recording, deps.clock, { ...answer, signerUpn: actor.upn });
  } finally {
    // "Who is overdue?" lists records awaiting sign-off.
    deps.overdueCache?.clear();
  }
}
