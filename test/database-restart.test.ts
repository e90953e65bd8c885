/**
 * "The database restarts" on a real PostgreSQL server (TEST_DATABASE_URL):
 * every connection the pool holds is ended by the server, as a restart or a
 * failover ends them. The process must not crash (node-postgres emits
 * 'error' for an idle connection that dies, and an EventEmitter with no
 * listener throws it), the loss is told, and the next queries and
 * transactions work on fresh connections. A transaction whose connection
 * dies under it fails with its own error and leaves nothing broken behind.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type Database } from '../store/index.ts';

const serverUrl = process.env.TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('the pool when PostgreSQL ends its connections', () => {
  const name = `cadence-restart-${randomUUID().slice(0, 8)}`;
  const lost: Error[] = [];
  let db: Database;
  let admin: Database;

  const endConnections = async () => {
    const rows = await admin.query<{ ended: boolean }>(
      'SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity WHERE application_name = $1',
      [name],
    );
    return rows.filter((row) => row.ended).length;
  };

  beforeAll(async () => {
    admin = await openPostgres(serverUrl!);
    db = await openPostgres(serverUrl!, {
      applicationName: name,
      onConnectionError: (error) => lost.push(error),
    });
  });
  afterAll(async () => {
    await db?.close();
    await admin?.close();
  });

  it('tells of idle connections lost, does not crash, and the next queries work', async () => {
    // Four queries at once leave four idle connections in the pool.
    await Promise.all([1, 2, 3, 4].map(() => db.query('SELECT pg_sleep(0.05)')));
    expect(await endConnections()).toBe(4);
    await expect.poll(() => lost.length, { timeout: 5_000 }).toBe(4);
    expect(lost.every((error) => error instanceof Error)).toBe(true);

    const [row] = await db.query<{ n: number }>('SELECT 41 + 1 AS n');
    expect(row!.n).toBe(42);
    expect(
      await db.transaction(async (tx) => (await tx.query<{ n: number }>('SELECT 7 AS n'))[0]!.n),
    ).toBe(7);
  });

  it('fails a transaction whose connection dies under it with that error, and the next transaction works', async () => {
    const toldBefore = lost.length;
    const failed = db.transaction(async (tx) => {
      await tx.query('SELECT 1');
      // The server ends this very connection while the transaction is open.
      await endConnections();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await tx.query('SELECT 2');
    });
    await expect(failed).rejects.toThrow(/terminat|Connection/i);
    // Lost while checked out, between two queries: told too, rather than thrown with nobody listening.
    expect(lost.length).toBeGreaterThan(toldBefore);
    for (let i = 0; i < 6; i += 1) {
      // More transactions than the pool has connections: none is handed the dead one.
      expect(
        await db.transaction(
          async (tx) => (await tx.query<{ n: number }>('SELECT $1::int AS n', [i]))[0]!.n,
        ),
      ).toBe(i);
    }
  });
});
