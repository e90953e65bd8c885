/**
 * The Teams assistant's group meetings (docs/roster.md#groups): which ended
 * meetings wait for their record, the record card's state (who is in the
 * group, the open cases of its members), and saving who came. The
 * facilitator records; with peers taking turns, any member may. Anyone else
 * gets the one refusal that names no one (not-allowed.ts).
 */
import type { AssistantDeps } from './assistant.ts';
import {
  mayRecordGroupMeeting,
  recordGroupSession,
  type GroupRecordingResult,
} from './group-recording.ts';
import { notFoundOrNotYours } from './not-allowed.ts';
import type { Actor, GroupMeetingRow, NotHeldReason, OpenCase } from './ports/index.ts';

export async function groupMeetingsToRecord(
  deps: AssistantDeps,
  actor: Actor,
): Promise<GroupMeetingRow[]> {
  return deps.groups.groupMeetingsAwaitingRecord(actor.id, deps.clock.now());
}

/** A meeting this person may record, with its members' open cases to tick. */
export async function groupRecordState(
  deps: AssistantDeps,
  actor: Actor,
  sessionId: number,
): Promise<{ meeting: GroupMeetingRow; cases: (OpenCase & { workerName: string })[] }> {
  const meeting = await deps.groups.groupMeeting(sessionId);
  if (!meeting || !mayRecordGroupMeeting(meeting, actor.id)) throw notFoundOrNotYours('session');
  const names = new Map(meeting.members.map((m) => [m.id, m.name]));
  const cases = await deps.team.listOpenCases(meeting.members.map((m) => m.id));
  return {
    meeting,
    cases: cases.map((c) => ({ ...c, workerName: names.get(c.workerId) ?? '' })),
  };
}

export interface GroupRecordInputs {
  /** Person ids of the members marked as there. */
  attendedIds: readonly number[];
  cases?: readonly string[] | undefined;
  summary?: string | undefined;
  reason?: string | undefined;
}

const REASONS: readonly NotHeldReason[] = ['annual-leave', 'sickness', 'court', 'other'];

export async function saveGroupRecord(
  deps: AssistantDeps,
  actor: Actor,
  sessionId: number,
  inputs: GroupRecordInputs,
): Promise<GroupRecordingResult> {
  const { meeting } = await groupRecordState(deps, actor, sessionId);
  // Ids come from the card; only the meeting's members count, whatever else was sent.
  const attendedUpns = meeting.members
    .filter((m) => inputs.attendedIds.includes(m.id))
    .map((m) => m.upn);
  const reason = REASONS.find((r) => r === inputs.reason);
  try {
    return await recordGroupSession(deps.groupRecording, deps.clock, {
      sessionId,
      recorderUpn: actor.upn,
      attendedUpns,
      ...(reason && { notHeldReason: reason }),
      ...(inputs.summary?.trim() && { summary: inputs.summary.trim() }),
      casesDiscussed: inputs.cases ?? [],
    });
  } finally {
    deps.overdueCache?.clear();
  }
}
