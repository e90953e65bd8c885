/**
 * A generated council for the benchmarks: 10,000 people in a management
 * chain six levels deep, three years of monthly sessions (~400,000 rows),
 * and open cases. The roster goes in through the real import; the history
 * by set-based SQL.
 */
import { parseIsoDate } from '../rules/index.ts';
import { rosterWriter, type Database } from '../store/index.ts';
import { importRoster } from '../supervision/index.ts';

/** Fan-out per level: 1 → 4 → 16 → 64 → 320 → 1,600 → 8,000 (10,005 people). */
const FAN_OUT = [4, 4, 4, 5, 5, 5];
const ROLES = [
  'assistant-director',
  'head-of-service',
  'service-manager',
  'team-manager',
  'team-manager',
  'social-worker',
  'social-worker',
];

export interface GeneratedCouncil {
  csv: string;
  people: number;
  director: string;
  teamManager: string;
}

export function generateRoster(): GeneratedCouncil {
  const rows = ['upn,name,role,policy,started,supervisor_upn,team'];
  let level = [{ upn: 'p0@bench.example', team: 'Directorate' }];
  rows.push('p0@bench.example,Person 0,assistant-director,solihull,2015-01-05,,Directorate');
  let next = 1;
  for (const [depth, fan] of FAN_OUT.entries()) {
    const below: typeof level = [];
    for (const parent of level) {
      for (let i = 0; i < fan; i += 1) {
        const upn = `p${next}@bench.example`;
        const team = depth < 3 ? parent.team : depth === 3 ? `Team ${next}` : parent.team;
        const started = `20${String(15 + (next % 10)).padStart(2, '0')}-${String(1 + (next % 12)).padStart(2, '0')}-${String(1 + (next % 28)).padStart(2, '0')}`;
        rows.push(
          `${upn},Person ${next},${ROLES[depth + 1]},solihull,${started},${parent.upn},${team}`,
        );
        below.push({ upn, team });
        next += 1;
      }
    }
    level = below;
  }
  return {
    csv: rows.join('\n'),
    people: next,
    director: 'p0@bench.example',
    teamManager: 'p85@bench.example',
  };
}

export async function loadCouncil(
  db: Database,
  council: GeneratedCouncil,
): Promise<{ importMs: number; sessions: number; cases: number }> {
  const started = performance.now();
  await importRoster((work) => db.transaction((tx) => work(rosterWriter(tx))), {
    text: council.csv,
    file: 'bench.csv',
    actor: 'bench',
    today: parseIsoDate('2026-11-23'),
    dryRun: false,
  });
  const importMs = performance.now() - started;
  // Monthly held sessions for three years, ending a few days to a few weeks
  // ago depending on the person (so some are overdue), plus two booked ahead.
  await db.exec(`
    INSERT INTO sessions (relationship_id, type, status, starts_at, ends_at)
    SELECT r.id, 'one-to-one', 'held', t, t + interval '1 hour'
      FROM relationships r,
           generate_series(timestamptz '2023-08-20 10:00+00' + (r.id % 20) * interval '1 day',
                           timestamptz '2026-11-01 10:00+00' - (r.id % 45) * interval '1 day', interval '1 month') t;
    INSERT INTO sessions (relationship_id, type, status, starts_at, ends_at)
    SELECT r.id, 'one-to-one', 'booked', t, t + interval '1 hour'
      FROM relationships r, generate_series(timestamptz '2026-12-01 10:00+00', timestamptz '2027-01-01 10:00+00', interval '1 month') t
     WHERE r.id % 3 <> 0;
    INSERT INTO child_cases (reference, status, since_on, worker_id)
    SELECT 'BEN-' || p.id || '-' || n, (ARRAY['child-protection','child-in-need','looked-after','looked-after-matched'])[1 + (p.id + n) % 4],
           date '2025-06-01' + ((p.id * 7 + n) % 300)::int, p.id
      FROM people p, generate_series(1, 3) n WHERE p.role = 'social-worker' AND p.id % 2 = 0;
    INSERT INTO case_discussions (session_id, case_id)
    SELECT DISTINCT ON (c.id) s.id, c.id
      FROM child_cases c JOIN relationships r ON r.supervisee_id = c.worker_id AND r.to_on IS NULL
      JOIN sessions s ON s.relationship_id = r.id AND s.status = 'held' AND s.starts_at > timestamptz '2026-08-01'
     ORDER BY c.id, s.starts_at;
    ANALYZE;
  `);
  const [counts] = await db.query<{ sessions: string; cases: string }>(
    'SELECT (SELECT count(*) FROM sessions) AS sessions, (SELECT count(*) FROM child_cases) AS cases',
  );
  return { importMs, sessions: Number(counts!.sessions), cases: Number(counts!.cases) };
}
