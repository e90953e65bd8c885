/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- tests read Graph's JSON untyped, over HTTP; schemas.test.ts checks its shape. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGraphEmulator, type GraphEmulator } from './index.ts';
import { client, london } from '../../test/support/emulator-client.ts';

describe('seedDemoCouncil', () => {
  let em: GraphEmulator;
  beforeAll(async () => {
    em = await startGraphEmulator({ https: false });
  });
  afterAll(() => em.close());

  it('loads the roster with managers and gives everyone a busy, deterministic calendar', async () => {
    const { users, events } = em.seedDemoCouncil({ today: '2026-09-07', seed: 7 });
    expect(users.length).toBeGreaterThan(30);
    expect(events).toBeGreaterThan(users.length * 100);
    const call = client(em);
    const manager = await call('GET', '/users/d.marsh@northdale.example/manager');
    expect(manager.body.userPrincipalName).toBe('r.osei@northdale.example');
    const reports = await call(
      'GET',
      '/users/r.osei@northdale.example/directReports?$select=id,displayName,userPrincipalName',
    );
    expect(reports.body.value.length).toBeGreaterThan(0);
    expect(Object.keys(reports.body.value[0]).sort()).toEqual([
      '@odata.type',
      'displayName',
      'id',
      'userPrincipalName',
    ]);

    const upns = users.slice(0, 20).map((u) => u.userPrincipalName);
    const schedule = await call('POST', `/users/${upns[0]}/calendar/getSchedule`, {
      schedules: upns,
      startTime: london('2026-10-19T00:00:00'),
      endTime: london('2026-11-16T00:00:00'),
      availabilityViewInterval: 60,
    });
    const busy = schedule.body.value.map(
      (s: { availabilityView: string }) => [...s.availabilityView].filter((c) => c !== '0').length,
    );
    expect(Math.min(...busy)).toBeGreaterThan(20);
    expect(
      schedule.body.value.some(
        (s: { workingHours: { daysOfWeek: string[] } }) => s.workingHours.daysOfWeek.length === 4,
      ),
    ).toBe(true);
    const statuses = new Set(
      schedule.body.value.flatMap((s: { scheduleItems: { status: string }[] }) =>
        s.scheduleItems.map((i) => i.status),
      ),
    );
    expect([...statuses].sort()).toEqual(['busy', 'oof', 'tentative', 'workingElsewhere']);

    // The children's home and the foster carers have no Teams; the rest of the council has.
    const providers = async (upn: string) =>
      (await call('GET', `/users/${upn}/calendar`)).body.allowedOnlineMeetingProviders as string[];
    expect(await providers('a.fisher@northdale.example')).toEqual(['unknown']);
    expect(await providers('fc.taylor@northdale.example')).toEqual(['unknown']);
    expect(await providers('s.iqbal@northdale.example')).toEqual(['teamsForBusiness']);

    const again = await startGraphEmulator({ https: false });
    try {
      again.seedDemoCouncil({ today: '2026-09-07', seed: 7 });
      const other = await client(again)('POST', `/users/${upns[0]}/calendar/getSchedule`, {
        schedules: upns,
        startTime: london('2026-10-19T00:00:00'),
        endTime: london('2026-11-16T00:00:00'),
        availabilityViewInterval: 60,
      });
      expect(other.body.value.map((s: { availabilityView: string }) => s.availabilityView)).toEqual(
        schedule.body.value.map((s: { availabilityView: string }) => s.availabilityView),
      );
    } finally {
      await again.close();
    }
  });
});
