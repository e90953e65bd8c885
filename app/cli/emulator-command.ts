/**
 * `cadence graph-emulator [--port N] [--latency MS]`: the Graph emulator on
 * its own, seeded with the demo council's calendars, for trying `cadence book`
 * and `cadence reconcile` by hand. Prints the settings to use, runs until
 * stopped (Ctrl+C).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  startGraphEmulator,
} from '../../graph/emulator/index.ts';
import { today, type Clock } from '../clock.ts';
import type { CliIo, Output } from './io.ts';
import { optionalText, readOptions, wholeNumber } from './options.ts';

export async function graphEmulatorCommand(
  args: string[],
  clock: Clock,
  io: CliIo,
): Promise<Output> {
  const { values } = readOptions('graph-emulator', args, {
    port: { type: 'string' },
    latency: { type: 'string' },
  });
  const port = wholeNumber('port', optionalText(values, 'port') ?? '5099', { min: 0 });
  const latencyMs = wholeNumber('latency', optionalText(values, 'latency') ?? '0', { min: 0 });
  const emulator = await startGraphEmulator({ port, latencyMs });
  const seeded = emulator.seedDemoCouncil({ today: today(clock) });
  const caFile = join(mkdtempSync(join(tmpdir(), 'cadence-emulator-')), 'ca.pem');
  writeFileSync(caFile, emulator.tlsCa ?? '');
  const settings = {
    GRAPH_BASE_URL: emulator.url,
    GRAPH_TENANT_ID: emulator.tenantId,
    GRAPH_CLIENT_ID: EMULATOR_CLIENT_ID,
    GRAPH_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    GRAPH_AUTHORITY_HOST: emulator.authorityHost ?? '',
    GRAPH_AUTHORITY_CA_FILE: caFile,
    // For `cadence serve` against the emulator: it refuses these development settings without the flag.
    CADENCE_DEVELOPMENT: '1',
  };
  io.stdout(
    `Graph emulator on ${emulator.url} with the demo council (${seeded.users.length} people, ${seeded.events} events). In another shell:\n\n` +
      `${Object.entries(settings)
        .map(([name, value]) => `export ${name}='${value}'`)
        .join('\n')}\n\n` +
      'then: npx cadence book --supervisor s.iqbal@northdale.example --dry-run\nStop with Ctrl+C.\n',
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await emulator.close();
  return { human: 'Graph emulator stopped.', json: { stopped: true } };
}
