import { adaptiveCard, andMore, heading, richText, textBlock, type Card } from './card.ts';
import { clip, formatDate, humanize, plural, shortDate } from './format.ts';
import { largestFitting } from './size.ts';
import type { SupervisorLoadView, TeamView } from './types.ts';
import { md, plain } from './markdown.ts';

/** Supervisees a team card lists before "and N more": a supervising social worker's carers can run to dozens. */
export const MAX_TEAM_ROWS = 60;

type Member = TeamView['members'][number];
type State = Member['state'];

/** In the order a supervisor should look at them: a list cut short leaves out the ones on track. */
const BADGE: Record<State, { text: string; color: 'Good' | 'Warning' | 'Attention' }> = {
  overdue: { text: 'Overdue', color: 'Attention' },
  'not-booked': { text: 'Not booked', color: 'Warning' },
  'due-soon': { text: 'Due soon', color: 'Warning' },
  'on-track': { text: 'On track', color: 'Good' },
};
const STATES = Object.keys(BADGE) as State[];

/** Two lines a person: the badge and name, then the rest (about 350 bytes, so 60 people fit a card). */
function memberLines(m: Member) {
  return [
    richText(
      [
        { text: BADGE[m.state].text, color: BADGE[m.state].color, weight: 'Bolder' },
        { text: `  ${m.supervisee.name}`, weight: 'Bolder' },
      ],
      { separator: true },
    ),
    textBlock(
      `${humanize(m.role)}, ${clip(m.frequency, 120)}: last held ${shortDate(m.lastHeldOn, 'never')}, next due ${shortDate(m.nextDueOn, 'not known')}, next booked ${shortDate(m.nextBookedOn, 'none')}`,
      { isSubtle: true, spacing: 'None' },
    ),
  ];
}

/** The supervisor's load against the policy's ratio: in red when over it. */
export function loadLine(load: SupervisorLoadView) {
  return textBlock(
    plain(load.text),
    load.over ? { color: 'Attention', weight: 'Bolder' } : { isSubtle: true, spacing: 'None' },
  );
}

function build(view: TeamView, members: Member[], rows: number): Card {
  const counts = STATES.map(
    (state) => [state, members.filter((m) => m.state === state).length] as const,
  )
    .filter(([, n]) => n > 0)
    .map(([state, n]) => `${n} ${BADGE[state].text.toLowerCase()}`);
  return adaptiveCard([
    heading(md`People supervised by ${view.supervisor.name}`),
    textBlock(
      `As of ${formatDate(view.on)}: ${plural(members.length, 'person', 'people')}${counts.length > 0 ? `, ${counts.join(', ')}` : ''}.`,
      {
        isSubtle: true,
        spacing: 'None',
      },
    ),
    ...(view.load?.hasRatio ? [loadLine(view.load)] : []),
    ...members.slice(0, rows).flatMap(memberLines),
    ...andMore(members.length - rows),
  ]);
}

/**
 * The people a supervisor supervises, one row each: a coloured state, how
 * often, last held, next due, next booked. Overdue first, then not booked,
 * due soon and on track, each in the order given.
 */
export function teamCard(view: TeamView): Card {
  const members = [...view.members].sort(
    (a, b) => STATES.indexOf(a.state) - STATES.indexOf(b.state),
  );
  return largestFitting(Math.min(members.length, MAX_TEAM_ROWS), (rows) =>
    build(view, members, rows),
  );
}
