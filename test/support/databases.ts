/**
 * The databases integration tests run on: PGlite always, and the PostgreSQL
 * server named by TEST_DATABASE_URL when it is set (CI sets it). Each call
 * gets an empty, migrated database: a fresh PGlite in memory, or a schema of
 * its own on the server, dropped by `close`.
 */
import { randomUUID } from 'node:crypto';
import { migrate, openPglite, openPostgres, type Database } from '../../store/index.ts';

export interface TestDatabase {
  name: string;
  open(): Promise<Database>;
}

const serverUrl = process.env.TEST_DATABASE_URL;

export const testDatabases: TestDatabase[] = [
  {
    name: 'PGlite',
    open: async () => {
      const db = await openPglite();
      await migrate(db);
      return db;
    },
  },
  ...(serverUrl
    ? [
        {
          name: 'PostgreSQL',
          open: async () => {
            const schema = `test_${randomUUID().replaceAll('-', '')}`;
            const admin = await openPostgres(serverUrl);
            await admin.exec(`CREATE SCHEMA ${schema}`);
            await admin.close();
            const db = await openPostgres(serverUrl, { schema });
            await migrate(db);
            return {
              ...db,
              close: async () => {
                await db.exec(`DROP SCHEMA ${schema} CASCADE`);
                await db.close();
              },
            };
          },
        },
      ]
    : []),
];
