/**
 * How a Graph client reaches a running emulator: its base URL, tenant, the
 * seeded app's credentials, and the https authority with its loopback
 * certificate (since @azure/identity only talks to an https authority and
 * cannot run instance discovery against anything but Microsoft's clouds).
 * Plain data, so the emulator needs nothing from the adapter.
 */
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from './auth.ts';
import type { GraphEmulator } from './emulator.ts';

export function emulatorConnection(emulator: GraphEmulator) {
  return {
    baseUrl: emulator.url,
    tenantId: emulator.tenantId,
    credential: { clientId: EMULATOR_CLIENT_ID, clientSecret: EMULATOR_CLIENT_SECRET },
    authorityHost: emulator.authorityHost!,
    disableInstanceDiscovery: true,
    authorityTlsCa: emulator.tlsCa!,
  };
}
