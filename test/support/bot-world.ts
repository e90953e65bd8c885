/**
 * The bot on a real port with what it talks to, for tests that press cards
 * as Teams does: the demo council in PGlite, Outlook in the Graph emulator
 * (over HTTP, through the product's adapter), and the stand-in Teams
 * connector (test/support/teams-connector.ts) as the bot's serviceUrl.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBotStack, type BotStack } from '../../app/bot-stack.ts';
import { seedDemoIfEmpty } from '../../app/embedded/stack.ts';
import { readConfig } from '../../app/config.ts';
import { startGraphEmulator, type GraphEmulator } from '../../graph/emulator/index.ts';
import type { FaultOptions } from '../../graph/emulator/types.ts';
import { londonDate } from '../../rules/index.ts';
import { migrate, openPglite, type Database } from '../../store/index.ts';
import type { CalendarPort, Clock } from '../../supervision/index.ts';
import { emulatorCalendar } from './emulator-env.ts';
import { startTeamsConnector, type TeamsConnector } from './teams-connector.ts';

export interface BotWorld {
  db: Database;
  emulator: GraphEmulator;
  connector: TeamsConnector;
  stack: BotStack;
  close(): Promise<void>;
}

/** Outlook whose series writes all fail (503) while `failing()` says so: a booking cut short. */
export function failingCreates(failing: () => boolean) {
  return (outlook: CalendarPort): CalendarPort => ({
    ...outlook,
    createSeries: (requests) =>
      failing()
        ? Promise.resolve(
            requests.map(() => ({ ok: false as const, error: new Error('Outlook answered 503') })),
          )
        : outlook.createSeries(requests),
  });
}

export async function startBotWorld(options: {
  clock: Clock;
  /** Read on every Graph request: a test may change them while the world runs. */
  faults?: FaultOptions;
  /** Wraps the calendar the bot books with (to make a call fail, say). */
  calendar?: (outlook: CalendarPort) => CalendarPort;
  /** The council's tenant (MicrosoftAppTenantId): the bot answers no other. None: any tenant is answered, as in the embedded mode. */
  tenantId?: string;
}): Promise<BotWorld> {
  const db = await openPglite(mkdtempSync(join(tmpdir(), 'cadence-bot-world-')));
  await migrate(db);
  const emulator = await startGraphEmulator({ faults: options.faults ?? {} });
  emulator.seedDemoCouncil({ today: londonDate(options.clock.now()) });
  const outlook = emulatorCalendar(emulator);
  await seedDemoIfEmpty(db, options.clock, outlook);
  const connector = await startTeamsConnector();
  const stack = await startBotStack({
    db,
    config: readConfig({
      PORT: '0',
      CADENCE_DATA_DIR: tmpdir(),
      ...(options.tenantId && { MicrosoftAppTenantId: options.tenantId }),
    }),
    clock: options.clock,
    calendar: options.calendar ? options.calendar(outlook) : outlook,
    log: () => {},
    background: false,
  });
  return {
    db,
    emulator,
    connector,
    stack,
    close: async () => {
      await stack.stop();
      await connector.close();
      await emulator.close();
      await db.close();
    },
  };
}

/** A person pressing a button on the card in message `messageId` of their personal chat, as Teams sends it. */
export function cardPresser(world: BotWorld) {
  let invokes = 0;
  return (
    who: { aadObjectId: string; id: string },
    messageId: string,
    pressed: { verb: string; data: Record<string, unknown> },
  ) => {
    invokes += 1;
    return world.connector.invoke(world.stack.server.url, {
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: `invoke-${invokes}`,
      from: who,
      recipient: { id: '28:cadence' },
      conversation: {
        id: `a:${who.id}-personal`,
        conversationType: 'personal',
        tenantId: 'tenant',
      },
      replyToId: messageId,
      value: { action: { type: 'Action.Execute', verb: pressed.verb, data: pressed.data } },
    });
  };
}
