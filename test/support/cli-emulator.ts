/**
 * A Cadence CLI run against a fresh Graph emulator for each test: the
 * emulator seeded with the people (and their calendars' events), a data
 * directory of its own, and the environment `cadence` needs to reach both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import {
  startGraphEmulator,
  type GraphEmulator,
  type SeedEvent,
} from '../../graph/emulator/index.ts';
import { emulatorEnv } from './emulator-env.ts';

export interface CliEmulator {
  emulator: GraphEmulator;
  dir: string;
  env: Record<string, string>;
}

/** Registers the before/after hooks; the fields are set for each test. */
export function useCliWithEmulator(setup: {
  people: readonly { upn: string; name: string; manager?: string }[];
  events?: readonly SeedEvent[];
  today: string;
}): CliEmulator {
  const context = {} as CliEmulator;
  beforeEach(async () => {
    context.emulator = await startGraphEmulator({});
    context.emulator.seed(
      setup.people.map(({ upn, name, manager }) => ({
        displayName: name,
        userPrincipalName: upn,
        ...(manager && { manager }),
      })),
      setup.events ?? [],
    );
    context.dir = mkdtempSync(join(tmpdir(), 'cadence-cli-'));
    context.env = {
      CADENCE_DATA_DIR: join(context.dir, 'data'),
      CADENCE_TODAY: setup.today,
      ...emulatorEnv(context.emulator, join(context.dir, 'ca.pem')),
    };
  }, 120_000);
  afterEach(async () => {
    await context.emulator.close();
    rmSync(context.dir, { recursive: true, force: true });
  });
  return context;
}
