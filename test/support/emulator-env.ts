/**
 * The GRAPH_* settings that point a `cadence` process at an in-test Graph
 * emulator: its URL, its tenant and app, and its authority host over TLS with
 * the emulator's certificate written to `caFile` (what @azure/identity needs).
 * Those are development settings, which `cadence serve` takes only with
 * CADENCE_DEVELOPMENT=1 and everything on loopback: set here, since the
 * emulator is on loopback (a test of serve also keeps CADENCE_BOT_HOST there).
 */
import { writeFileSync } from 'node:fs';
import { createCalendarAdapter, createGraphClient } from '../../graph/index.ts';
import {
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  emulatorConnection,
  type GraphEmulator,
} from '../../graph/emulator/index.ts';
import type { CalendarPort } from '../../supervision/index.ts';

export function emulatorEnv(emulator: GraphEmulator, caFile: string): Record<string, string> {
  writeFileSync(caFile, emulator.tlsCa!);
  return {
    GRAPH_BASE_URL: emulator.url,
    GRAPH_TENANT_ID: emulator.tenantId,
    GRAPH_CLIENT_ID: EMULATOR_CLIENT_ID,
    GRAPH_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    GRAPH_AUTHORITY_HOST: emulator.authorityHost!,
    GRAPH_AUTHORITY_CA_FILE: caFile,
    CADENCE_DEVELOPMENT: '1',
  };
}

/** The product's calendar adapter over an in-test emulator, as the embedded stack wires it. */
export function emulatorCalendar(emulator: GraphEmulator): CalendarPort {
  return createCalendarAdapter(createGraphClient(emulatorConnection(emulator)));
}
