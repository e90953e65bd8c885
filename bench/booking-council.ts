/**
 * The booking benchmark's council under the Solihull policy: 1,001 people,
 * 1,000 supervisory relationships and 173 supervisors. An assistant director
 * supervises 4 heads of service; each supervises 4 service managers; 16
 * service managers supervise 120 team managers and 4 registered managers;
 * each team manager 6 staff (social workers, ASYE in their weekly, fortnightly
 * and monthly phases, returners, IROs, personal advisers, early help and
 * business support, and 28 supervising social workers); registered managers
 * 6 residential staff each; supervising social workers 4 foster carers each,
 * in and past their first year of approval. Everyone was last supervised in
 * the last month (ASYE within their weekly or fortnightly interval), so
 * booking starts at once. Deterministic: the same council every run.
 */
import { addDays, type IsoDate } from '../rules/index.ts';

export const BOOKING_COUNCIL_TODAY = '2026-11-23' as IsoDate;
const HEADER =
  'upn,name,role,policy,started,supervisor_upn,approved,job_title,team,agreed_periods,last_supervised';

/** Team staff roles, dealt out in this order so each team gets a mix. */
const TEAM_ROLES = [
  'social-worker',
  'social-worker',
  'asye',
  'social-worker',
  'early-help',
  'social-worker',
  'social-worker',
  'personal-adviser',
  'social-worker',
  'iro',
  'social-worker',
  'returning-social-worker',
  'social-worker',
  'early-help',
  'asye',
  'social-worker',
  'business-support',
  'social-worker',
];

export interface BookingCouncil {
  csv: string;
  /**
   * A groups file for the same council: each team manager facilitates their
   * team's monthly group supervision (Solihull 000, Group Supervision), the
   * team's six staff its members, quorum the default 4.
   */
  groupsCsv: string;
  people: number;
  relationships: number;
  supervisors: number;
  roles: Record<string, number>;
}

/** A small deterministic spread: 0 ≤ n < mod for person i. */
const spread = (i: number, mod: number, salt = 0) => (((i + salt) * 2654435761) >>> 0) % mod;

export function generateBookingCouncil(): BookingCouncil {
  const today = BOOKING_COUNCIL_TODAY;
  const rows = [HEADER];
  const roles: Record<string, number> = {};
  const supervisors = new Set<string>();
  let next = 0;
  const person = (
    role: string,
    supervisor: string | null,
    team: string,
    extra: { started?: string; approved?: string; agreed?: string; last?: string } = {},
  ): string => {
    const i = next++;
    const upn = `b${i}@booking.example`;
    roles[role] = (roles[role] ?? 0) + 1;
    if (supervisor) supervisors.add(supervisor);
    const started = extra.started ?? addDays(today, -(400 + spread(i, 2500)));
    const last = supervisor ? (extra.last ?? addDays(today, -(3 + spread(i, 28, 7)))) : '';
    rows.push(
      [
        upn,
        `Person ${i}`,
        role,
        'solihull',
        started,
        supervisor ?? '',
        extra.approved ?? '',
        role,
        team,
        extra.agreed ?? '',
        last,
      ].join(','),
    );
    return upn;
  };
  const staff = (role: string, supervisor: string, team: string): string => {
    const i = next;
    if (role === 'asye') {
      // A third in the weekly phase (started in the last 6 weeks), a third fortnightly, a third monthly.
      const phase = spread(i, 3, 1);
      const started = addDays(
        today,
        -[7 + spread(i, 33), 50 + spread(i, 120), 190 + spread(i, 150)][phase]!,
      );
      const last = addDays(
        today,
        -[1 + spread(i, 6), 1 + spread(i, 13), 3 + spread(i, 28, 7)][phase]!,
      );
      return person(role, supervisor, team, { started, last });
    }
    if (role === 'returning-social-worker')
      return person(role, supervisor, team, {
        started: addDays(today, -(10 + spread(i, 60))),
        agreed: 'returner-period=3m',
        last: addDays(today, -(1 + spread(i, 13))),
      });
    return person(role, supervisor, team);
  };

  const groups = ['group,type,facilitator_upn,member_upns,quorum'];
  const director = person('assistant-director', null, 'Directorate');
  let teamRole = 0;
  let ssw = 0;
  const fosterCarers: [string, string][] = [];
  for (let h = 0; h < 4; h += 1) {
    const head = person('head-of-service', director, `Service ${h}`);
    for (let s = 0; s < 4; s += 1) {
      const manager = person('service-manager', head, `Service ${h}`);
      const serviceIndex = h * 4 + s;
      // 120 team managers over 16 service managers: 8 for the first 8, 7 for the rest.
      const teams = serviceIndex < 8 ? 8 : 7;
      for (let t = 0; t < teams; t += 1) {
        const team = `Team ${h}.${s}.${t}`;
        const teamManager = person('team-manager', manager, team);
        const members: string[] = [];
        for (let k = 0; k < 6; k += 1) {
          if (ssw < 28 && (serviceIndex * 8 + t) % 4 === 0 && k === 5) {
            const worker = person('supervising-social-worker', teamManager, team);
            fosterCarers.push([worker, team]);
            members.push(worker);
            ssw += 1;
          } else {
            members.push(staff(TEAM_ROLES[teamRole++ % TEAM_ROLES.length]!, teamManager, team));
          }
        }
        groups.push(`${team} group supervision,group,${teamManager},${members.join(';')},`);
      }
      if (s === 0) {
        const registered = person('registered-manager', manager, `Home ${h}`);
        for (let r = 0; r < 6; r += 1) person('residential-staff', registered, `Home ${h}`);
      }
    }
  }
  for (const [i, [worker, team]] of fosterCarers.entries()) {
    for (let f = 0; f < 4; f += 1) {
      // Half in their first year of approval (monthly), half past it (every 2 months).
      const approved = addDays(
        today,
        -(f % 2 === 0 ? 30 + spread(i * 4 + f, 300) : 400 + spread(i * 4 + f, 2000)),
      );
      person('foster-carer', worker, team, { started: approved, approved });
    }
  }
  return {
    csv: rows.join('\n'),
    groupsCsv: groups.join('\n'),
    people: next,
    relationships: next - 1,
    supervisors: supervisors.size,
    roles,
  };
}
