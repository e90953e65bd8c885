/**
 * Turn latency of the Teams bot on the embedded stack (PGlite, the Graph
 * emulator at 100 ms a round trip, the bot on a real port): 200 turns each of
 * `overdue` for a manager of 200 people and of a `book` proposal, 20
 * conversations at once. A turn is timed from the POST of the activity to
 * /api/messages until its answer is back: for a message, after the bot's reply
 * has reached the channel (a local stand-in for Teams' connector); for a card
 * action, the invoke response carrying the card.
 * Targets (issue 5): p95 under 150 ms for overdue, under 1 s for a proposal.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBotStack } from '../app/bot-stack.ts';
import { fixedClock } from '../app/clock.ts';
import { readConfig } from '../app/config.ts';
import { createCalendarAdapter, createGraphClient } from '../graph/index.ts';
import { emulatorConnection, startGraphEmulator } from '../graph/emulator/index.ts';
import { londonInstant, type IsoDate } from '../rules/index.ts';
import { migrate, openPglite } from '../store/index.ts';
import { loadCouncil, type GeneratedCouncil } from './council.ts';
import type { Figures } from './due-dates.ts';

const TURNS = 200;
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 20);

/** A service manager over 10 team managers, each supervising 19 social workers: 200 people below. */
function managerOf200(): GeneratedCouncil & { ids: Map<string, string> } {
  const ids = new Map<string, string>();
  const rows = ['upn,name,role,policy,started,supervisor_upn,team,entra_object_id'];
  const add = (
    upn: string,
    name: string,
    role: string,
    started: string,
    supervisor: string,
    team: string,
  ) => {
    const id = randomUUID();
    ids.set(upn, id);
    rows.push(`${upn},${name},${role},solihull,${started},${supervisor},${team},${id}`);
  };
  add('m0@bench.example', 'Manager Zero', 'service-manager', '2015-01-05', '', 'Service');
  for (let t = 1; t <= 10; t += 1) {
    add(
      `tm${t}@bench.example`,
      `Team Manager ${t}`,
      'team-manager',
      '2018-03-05',
      'm0@bench.example',
      `Team ${t}`,
    );
    for (let w = 1; w <= 19; w += 1)
      add(
        `sw${t}-${w}@bench.example`,
        `Worker ${t}-${w}`,
        'social-worker',
        `20${15 + ((t + w) % 10)}-0${1 + (w % 9)}-1${w % 10}`,
        `tm${t}@bench.example`,
        `Team ${t}`,
      );
  }
  return {
    csv: rows.join('\n'),
    people: 201,
    director: 'm0@bench.example',
    teamManager: 'tm1@bench.example',
    ids,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `turns` calls of `turn(i)` with `lanes` running at once; returns each one's time in ms. */
async function inLanes(
  turns: number,
  lanes: number,
  turn: (i: number) => Promise<void>,
): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let i = next++; i < turns; i = next++) {
        const started = performance.now();
        await turn(i);
        times.push(performance.now() - started);
      }
    }),
  );
  return times;
}

export async function benchBotTurns(): Promise<Figures[]> {
  const dir = mkdtempSync(join(tmpdir(), 'cadence-bench-bot-'));
  const db = await openPglite(join(dir, 'db'));
  await migrate(db);
  const council = managerOf200();
  await loadCouncil(db, council);
  const emulator = await startGraphEmulator({ port: 0, latencyMs: 100 });
  emulator.seed(
    [...council.ids].map(([upn, id]) => ({ id, displayName: upn, userPrincipalName: upn })),
  );
  const calendar = createCalendarAdapter(createGraphClient(emulatorConnection(emulator)));
  // The channel: answers each reply the bot sends, as Teams' connector does.
  let replies = 0;
  const channel = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      replies += 1;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: `r${replies}` }));
    });
  });
  await new Promise<void>((resolve) => channel.listen(0, '127.0.0.1', resolve));
  const serviceUrl = `http://127.0.0.1:${(channel.address() as { port: number }).port}/`;
  const clock = fixedClock(londonInstant('2026-11-23' as IsoDate, '09:00'));
  const stack = await startBotStack({
    db,
    config: readConfig({ CADENCE_DATA_DIR: dir, PORT: '0' }),
    clock,
    calendar,
    log: () => {},
    background: false,
  });

  const post = async (upn: string, conversation: number, activity: Record<string, unknown>) => {
    const response = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: 'msteams',
        serviceUrl,
        id: randomUUID(),
        from: { id: `29:${upn}`, aadObjectId: council.ids.get(upn) },
        recipient: { id: '28:cadence' },
        conversation: { id: `bench-${upn}-${conversation}`, conversationType: 'personal' },
        ...activity,
      }),
    });
    const body = await response.text();
    if (!response.ok) throw new Error(`turn failed: ${response.status} ${body.slice(0, 200)}`);
    return body;
  };
  const relationships = await db.query<{ id: string; upn: string }>(
    `SELECT r.id, s.upn FROM relationships r JOIN people s ON s.id = r.supervisor_id WHERE s.upn LIKE 'tm%' AND r.to_on IS NULL ORDER BY r.id`,
  );

  // Warm up both paths (JIT, holiday tables, the Graph token).
  await post('m0@bench.example', 0, { type: 'message', text: 'overdue' });
  await post(relationships[0]!.upn, 0, {
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: {
      action: {
        type: 'Action.Execute',
        verb: 'propose',
        data: { verb: 'propose', relationshipId: Number(relationships[0]!.id) },
      },
    },
  });

  const overdue = await inLanes(TURNS, CONVERSATIONS, (i) =>
    post('m0@bench.example', i % CONVERSATIONS, { type: 'message', text: 'overdue' }).then(
      () => undefined,
    ),
  );
  emulator.resetLog();
  const proposals = await inLanes(TURNS, CONVERSATIONS, async (i) => {
    const r = relationships[i % relationships.length]!;
    const body = await post(r.upn, i % CONVERSATIONS, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'propose',
          data: { verb: 'propose', relationshipId: Number(r.id) },
        },
      },
    });
    if (!body.includes('Proposed supervision'))
      throw new Error(`not a proposal: ${body.slice(0, 200)}`);
  });
  const graphRoundTrips = emulator.counters.httpRoundTrips;

  await stack.stop();
  await emulator.close();
  await new Promise((resolve) => channel.close(resolve));
  await db.close();
  rmSync(dir, { recursive: true, force: true });

  const describe = (times: number[]) => {
    const sorted = [...times].sort((a, b) => a - b);
    return `p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`;
  };
  return [
    {
      name: `bot turn: "overdue" for a manager of 200 people, ${TURNS} turns, ${CONVERSATIONS} conversations at once (PGlite)`,
      runsMs: [],
      detail: `${describe(overdue)} (target p95 < 150 ms)`,
    },
    {
      name: `bot turn: book proposal (Action.Execute), ${TURNS} turns, ${CONVERSATIONS} at once, Graph emulator at 100 ms a round trip`,
      runsMs: [],
      detail: `${describe(proposals)} (target p95 < 1 s); ${(graphRoundTrips / TURNS).toFixed(2)} Graph round trips a proposal`,
    },
  ];
}
