/**
 * "Tell my manager" on a supervisee's own overdue-supervision notice (issue
 * 16, item 5): Knowsley: "If supervision is not taking place on a regular
 * basis as per the supervision policy, staff have a responsibility to
 * challenge and must escalate this matter further" (001); before, a
 * supervisee had no way to. It sends their
 * supervisor's line manager a card saying so, once per due date, and is
 * audited. Only while the supervision is still overdue, judged as "who is
 * overdue?" judges it: a notice pressed after a session was held sends
 * nothing.
 */
import { CadenceError, londonDate } from '../rules/index.ts';
import { AlreadyDoneError, type AssistantDeps } from './assistant.ts';
import { findOverdue } from './overdue.ts';
import type { Actor, PersonRef } from './ports/index.ts';

export interface ToldManager {
  manager: PersonRef;
  supervisor: PersonRef;
  /** Told already about this due date (a second press, or a replay): nothing more was sent. */
  already: boolean;
}

export async function tellManager(
  deps: AssistantDeps,
  actor: Actor,
  request: { type: string; nonce: string },
): Promise<ToldManager> {
  const now = deps.clock.now();
  const today = londonDate(now);
  const relationship = await deps.agreements((store) => store.currentAgreement(actor.id));
  if (!relationship)
    throw new CadenceError(
      'Cadence has no supervisor recorded for you: ask whoever keeps the roster to add one',
    );
  const { supervisor } = relationship;
  const member = (await deps.team.listSupervisedBy(supervisor.id, today)).find(
    (m) => m.id === actor.id,
  );
  const sessions = member ? await deps.team.summariseSessions([actor.id], now) : [];
  const item = member
    ? findOverdue({ members: [member], sessions, unrecorded: [], cases: [] }, today, {
        defaultRecordWorkingDays: deps.options.defaultRecordWorkingDays,
      }).find((i) => i.kind === 'supervision-overdue' && i.type === request.type)
    : undefined;
  if (!item?.dueOn)
    throw new AlreadyDoneError(
      `your ${request.type} supervision is not overdue any more: nothing was sent`,
    );
  const manager = await deps.store.managerOf(supervisor.id);
  if (!manager)
    throw new CadenceError(
      `Cadence has no manager recorded for ${supervisor.name}: raise it with them, or with your principal social worker`,
    );
  const dueOn = item.dueOn;
  return deps.inTransaction(async (store) => {
    if (!(await store.claimNonce(request.nonce, 'tellManager', actor.id)))
      return { manager, supervisor, already: true };
    const added = await store.enqueue([
      {
        key: `told-manager:${actor.id}:${request.type}:${dueOn}`,
        recipientId: manager.id,
        kind: 'told-manager',
        payload: { superviseeId: actor.id, supervisorId: supervisor.id, type: request.type, dueOn },
        notBefore: now,
      },
    ]);
    if (added > 0)
      await store.audit({
        actor: actor.upn,
        action: 'overdue.told-manager',
        entity: 'person',
        entityId: actor.id,
        detail: { type: request.type, dueOn, supervisor: supervisor.id, manager: manager.id },
      });
    return { manager, supervisor, already: added === 0 };
  });
}
