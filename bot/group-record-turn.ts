/**
 * A group meeting's record card in Teams (docs/roster.md#groups): opened from
 * the `record` list, saved with who was there. A save refused for its fields
 * comes back with the problems at the top and the form again; one recorded
 * meanwhile comes back as recorded.
 */
import { groupRecordCard, type CardAction, type GroupRecordView } from '../cards/index.ts';
import { londonDateTime } from '../rules/index.ts';
import {
  groupRecordState,
  RecordingInputError,
  RecordingRefusedError,
  type Actor,
  type AssistantDeps,
  saveGroupRecord,
} from '../supervision/index.ts';
import type { TurnResult } from './turns.ts';
import { nonce } from './views.ts';

export async function groupRecordView(
  deps: AssistantDeps,
  actor: Actor,
  sessionId: number,
): Promise<GroupRecordView> {
  const { meeting, cases } = await groupRecordState(deps, actor, sessionId);
  const recorded = meeting.status === 'held' || meeting.status === 'not-held';
  const attended = new Set(meeting.attendedIds);
  return {
    sessionId: meeting.sessionId,
    groupName: meeting.groupName,
    type: meeting.type,
    startsAt: meeting.startsAt ? londonDateTime(meeting.startsAt).slice(0, 16) : null,
    members: meeting.members.map((m) => ({ id: m.id, upn: m.upn, name: m.name })),
    cases: cases.map((c) => ({ reference: c.reference, workerName: c.workerName })),
    ...(recorded && {
      recorded: {
        held: meeting.status === 'held',
        attended: meeting.members.filter((m) => attended.has(m.id)).map((m) => m.name),
        absent: meeting.members.filter((m) => !attended.has(m.id)).map((m) => m.name),
      },
    }),
    nonce: nonce(),
  };
}

export async function groupRecordTurn(
  deps: AssistantDeps,
  actor: Actor,
  action: Extract<CardAction, { verb: 'openGroupRecord' | 'recordGroup' }>,
): Promise<TurnResult> {
  if (action.verb === 'openGroupRecord')
    return {
      card: groupRecordCard(await groupRecordView(deps, actor, action.sessionId)),
      outcome: 'group-record:open',
    };
  try {
    const result = await saveGroupRecord(deps, actor, action.sessionId, action);
    return {
      card: groupRecordCard(await groupRecordView(deps, actor, action.sessionId)),
      outcome: `group-record:${result.status}`,
    };
  } catch (error) {
    if (error instanceof RecordingInputError) {
      const view = await groupRecordView(deps, actor, action.sessionId);
      return {
        card: groupRecordCard({
          ...view,
          problems: error.problems.map((p) => ({ field: p.path, message: p.message })),
        }),
        outcome: 'group-record:invalid',
      };
    }
    if (error instanceof RecordingRefusedError) {
      const view = await groupRecordView(deps, actor, action.sessionId);
      if (view.recorded) return { card: groupRecordCard(view), outcome: 'group-record:already' };
    }
    throw error;
  }
}
