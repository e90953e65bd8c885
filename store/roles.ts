/**
 * The two roles of a production database (docs/deploy.md#database): the
 * schema's owner, which runs the migrations (`cadence migrate`), and the
 * role Cadence runs as, which may read and write rows and nothing else. The
 * owner grants the second what it needs after every migration; the doctor
 * reads what the role Cadence connected as may do.
 */
import type { Sql } from './database.ts';

/** An identifier quoted for SQL: role names such as `id-cadence-northdale` hold hyphens. */
export function quoteIdent(name: string): string {
  if (name === '' || name.length > 63 || name.includes('\0'))
    throw new Error(`'${name}' is not a PostgreSQL role name (1 to 63 characters)`);
  return `"${name.replaceAll('"', '""')}"`;
}

export async function roleExists(db: Sql, role: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role])).length > 0;
}

/**
 * Lets `role` read and write the rows of every table in the current schema,
 * and nothing more: no CREATE on the schema, no ownership, no TRUNCATE, and
 * only SELECT on schema_migrations (it checks the schema is current; only the
 * owner records a migration). Identity columns need no sequence grant, but
 * USAGE on the sequences keeps a future serial column working. The default
 * privileges cover tables a later migration creates, should it be run by
 * this same owner without --app-role. Every statement is idempotent.
 */
export async function grantAppRole(db: Sql, role: string): Promise<void> {
  const who = quoteIdent(role);
  const [{ schema } = { schema: 'public' }] = await db.query<{ schema: string }>(
    'SELECT current_schema() AS schema',
  );
  const where = quoteIdent(schema);
  await db.exec(`
    GRANT USAGE ON SCHEMA ${where} TO ${who};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${where} TO ${who};
    REVOKE INSERT, UPDATE, DELETE ON schema_migrations FROM ${who};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${where} TO ${who};
    ALTER DEFAULT PRIVILEGES IN SCHEMA ${where} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${who};
    ALTER DEFAULT PRIVILEGES IN SCHEMA ${where} GRANT USAGE, SELECT ON SEQUENCES TO ${who};
  `);
}

/**
 * Creates the PostgreSQL role of a Microsoft Entra service principal (a
 * managed identity) as a regular role: not an administrator, no MFA. Azure's
 * function, in the `postgres` database only, run by an Entra administrator
 * (https://learn.microsoft.com/azure/postgresql/flexible-server/how-to-manage-azure-ad-users);
 * the role is bound to the object id, so a later identity of the same name
 * cannot take it over.
 */
export async function createEntraPrincipal(
  postgresDb: Sql,
  role: string,
  objectId: string,
): Promise<void> {
  await postgresDb.query(
    "SELECT * FROM pg_catalog.pgaadauth_create_principal_with_oid($1, $2, 'service', false, false)",
    [role, objectId],
  );
}

/** What the role a connection runs as may do beyond reading and writing rows. */
export interface RolePowers {
  role: string;
  superuser: boolean;
  createRole: boolean;
  createDb: boolean;
  replication: boolean;
  bypassRls: boolean;
  /** Member of azure_pg_admin, Azure's administrators' role; null where there is no such role (not Azure). */
  azureAdmin: boolean | null;
  schema: string;
  /** May create objects in the current schema. */
  createInSchema: boolean;
  /** Tables and views in the current schema it owns, or may act as owner of through membership. */
  owned: number;
  /** Owns the database. */
  ownsDatabase: boolean;
}

export async function rolePowers(db: Sql): Promise<RolePowers> {
  const [row] = await db.query<RolePowers>(`
    SELECT r.rolname AS role, r.rolsuper AS superuser, r.rolcreaterole AS "createRole", r.rolcreatedb AS "createDb",
           r.rolreplication AS replication, r.rolbypassrls AS "bypassRls",
           (SELECT pg_has_role(current_user, a.oid, 'MEMBER') FROM pg_roles a WHERE a.rolname = 'azure_pg_admin') AS "azureAdmin",
           current_schema() AS schema,
           coalesce(has_schema_privilege(current_schema(), 'CREATE'), false) AS "createInSchema",
           (SELECT count(*)::int FROM pg_class c
             WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
               AND c.relkind IN ('r', 'p', 'v', 'm') AND pg_has_role(current_user, c.relowner, 'MEMBER')) AS owned,
           (SELECT pg_has_role(current_user, d.datdba, 'MEMBER') FROM pg_database d WHERE d.datname = current_database()) AS "ownsDatabase"
      FROM pg_roles r WHERE r.rolname = current_user`);
  if (!row) throw new Error('the current role is not in pg_roles');
  return row;
}
