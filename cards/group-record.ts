/**
 * A group meeting's record card (docs/roster.md#groups): a toggle per member
 * ("was there", on by default), the members' open cases to tick as discussed
 * (by reference only), a short summary, and why the meeting did not take
 * place when nobody was there. Once recorded, a read-only summary of who came.
 */
import { executeAction } from './buttons.ts';
import {
  adaptiveCard,
  attention,
  heading,
  textBlock,
  type Card,
  type CardElement,
} from './card.ts';
import { formatDate, formatDateTime, humanize } from './format.ts';
import { plain } from './markdown.ts';
import { NOT_HELD_REASON_LABELS } from './record-labels.ts';
import type { GroupMeetingItem, GroupRecordView } from './types.ts';

/** At most this many cases offered: the busiest Lambeth team's open cases fit well inside. */
const MAX_GROUP_CASES = 100;

function header(view: Pick<GroupRecordView, 'groupName' | 'type' | 'startsAt'>): CardElement[] {
  return [
    heading(plain(`Record: ${view.groupName}`)),
    textBlock(
      `${humanize(view.type)}${view.startsAt ? `, ${formatDateTime(view.startsAt)}` : ''}`,
      { spacing: 'None' },
    ),
  ];
}

export function groupRecordCard(view: GroupRecordView): Card {
  if (view.recorded) {
    const { held, attended, absent } = view.recorded;
    return adaptiveCard([
      ...header(view),
      textBlock(
        held
          ? plain(`Recorded: ${attended.length} of ${attended.length + absent.length} there.`)
          : 'Recorded as not held: nobody was there.',
        { color: 'Good' },
      ),
      ...(held ? [textBlock(plain(`There: ${attended.join(', ')}`))] : []),
      ...(absent.length > 0 && held
        ? [textBlock(plain(`Not there, still due for this supervision: ${absent.join(', ')}`))]
        : []),
    ]);
  }
  const problems = (view.problems ?? []).map((p) => attention(plain(p.message)));
  if (view.recordDueOn)
    problems.unshift(
      attention(
        `The record is due by ${formatDate(view.recordDueOn)}. Until it is saved, every member stays due for this supervision.`,
      ),
    );
  const cases = view.cases.slice(0, MAX_GROUP_CASES);
  return adaptiveCard(
    [
      ...header(view),
      ...problems,
      textBlock('Who was there?', { weight: 'Bolder', spacing: 'Medium' }),
      ...view.members.map((member) => ({
        type: 'Input.Toggle',
        id: `attended${member.id}`,
        title: member.name,
        value: 'true',
        valueOn: 'true',
        valueOff: 'false',
      })),
      ...(cases.length > 0
        ? [
            {
              type: 'Input.ChoiceSet',
              id: 'cases',
              label: "Children's cases discussed (of members who were there)",
              isMultiSelect: true,
              choices: cases.map((c) => ({
                title: `${c.reference} (${c.workerName})`,
                value: c.reference,
              })),
            },
          ]
        : []),
      {
        type: 'Input.Text',
        id: 'summary',
        label: 'Summary (no names of children)',
        isMultiline: true,
        maxLength: 2000,
      },
      {
        type: 'Input.ChoiceSet',
        id: 'reason',
        label: 'If nobody was there: why not',
        style: 'compact',
        choices: Object.entries(NOT_HELD_REASON_LABELS).map(([value, title]) => ({ title, value })),
      },
    ],
    {
      actions: [
        executeAction(
          'Save record',
          { verb: 'recordGroup', sessionId: view.sessionId, nonce: view.nonce },
          { style: 'positive' },
        ),
      ],
    },
  );
}

/** The `record` list's group meetings, each with a button to open its record card. */
export function groupMeetingItems(meetings: readonly GroupMeetingItem[]): CardElement[] {
  return meetings.map((meeting) => ({
    type: 'ActionSet',
    actions: [
      executeAction(
        `Record ${meeting.groupName}${meeting.startsAt ? `, ${formatDateTime(meeting.startsAt)}` : ''}`,
        { verb: 'openGroupRecord', sessionId: meeting.sessionId },
      ),
    ],
  }));
}
