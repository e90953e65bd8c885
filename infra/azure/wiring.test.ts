/**
 * No Bicep compiler or Azure subscription is at hand, so these read the Bicep
 * as text and check what would otherwise fail only at deployment: main.bicep
 * gives each module the parameters it declares and needs, main.bicepparam
 * sets only parameters main.bicep has, and the environment the container app
 * is given is one app/config.ts accepts as a managed-identity bot. The image
 * (Dockerfile, .dockerignore) and the probes must agree on the port and the
 * folders. And what the security review asked for (issue 13, item 6) stays
 * so: PostgreSQL with Microsoft Entra authentication only, the app signing in
 * as its own identity's non-administrator role with no password anywhere,
 * Key Vault and the registry reachable only through private endpoints.
 * Syntax and types are not checked here: see docs/deploy.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../app/config.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The text with comments removed and every string literal emptied, so braces and keywords inside them do not count. */
function code(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    if (text.startsWith("'''", i)) {
      i = text.indexOf("'''", i + 3) + 3;
      out += "''";
    } else if (text.startsWith('//', i)) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (text[i] === "'") {
      let j = i + 1;
      while (text[j] !== "'") j += text[j] === '\\' ? 2 : 1;
      out += "''";
      i = j + 1;
    } else out += text[i++];
  }
  return out;
}

/** Declared parameters, and whether each has a default. */
function params(text: string): Map<string, boolean> {
  return new Map(
    [...text.matchAll(/^param (\w+) [\w.]+( = )?/gm)].map((m) => [m[1]!, m[2] !== undefined]),
  );
}

const outputs = (text: string) => new Set([...text.matchAll(/^output (\w+) /gm)].map((m) => m[1]!));

const main = read('main.bicep');
const moduleFiles = readdirSync(new URL('modules/', import.meta.url)).map((f) => `modules/${f}`);

/** The lines of `resource <symbol> …` up to its closing brace at the start of a line. */
function resourceBlock(text: string, symbol: string): string {
  const match = new RegExp(
    `^resource ${symbol} '[^']+' = (?:\\[|if \\([^)]*\\) )?[\\s\\S]*?^[}\\]]`,
    'm',
  ).exec(text);
  expect(match, `resource ${symbol}`).not.toBeNull();
  return match![0];
}

/** The params main.bicep gives module `name`, as written (`key: expression` at four spaces). */
function moduleParams(name: string): Record<string, string> {
  const body =
    new RegExp(`^module ${name} '[^']+' = (?:if \\([^)]*\\) )?\\{\\n([\\s\\S]*?)^\\}`, 'm').exec(
      main,
    )?.[1] ?? '';
  return Object.fromEntries(
    [...body.matchAll(/^ {4}(\w+): (.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()]),
  );
}

/** Each { name: 'X', value: expr } or { name: 'X', secretRef: 'y' } in a container's env arrays, with its expression. */
function environment(text: string): { name: string; kind: string; expr: string }[] {
  return [...text.matchAll(/\{ name: '(\w+)', (value|secretRef): ([^}]+?) \}/g)].map(
    ([, name, kind, expr]) => ({ name: name!, kind: kind!, expr: expr!.trim() }),
  );
}

/** The string a `var name = '…'` holds, its ${…} left in. */
function variable(text: string, name: string): string {
  const match = new RegExp(`^var ${name} = '([^']*)'$`, 'm').exec(text);
  expect(match, `var ${name}`).not.toBeNull();
  return match![1]!;
}

/** A Bicep string with each ${expression} replaced by its sample value. */
function interpolate(template: string, values: Record<string, string>): string {
  return template.replace(/\$\{([^}]+)\}/g, (_, expr: string) => {
    expect(values[expr], `a sample value for \${${expr}}`).toBeDefined();
    return values[expr]!;
  });
}

const modules = [
  ...main.matchAll(/^module (\w+) '([^']+)' = (?:if \([^)]*\) )?\{\n([\s\S]*?)^\}/gm),
].map(([, name, path, body]) => ({
  name: name!,
  text: read(path!),
  given: new Set([...body!.matchAll(/^ {4}(\w+):/gm)].map((m) => m[1]!)),
}));

describe('the Bicep, read as text', () => {
  it('opens and closes every brace, bracket and parenthesis in each file', () => {
    const files = ['main.bicep', ...moduleFiles];
    for (const file of files) {
      const text = code(read(file));
      for (const [open, close] of ['{}', '[]', '()']) {
        expect(`${file} ${open}${text.split(open!).length}`).toBe(
          `${file} ${open}${text.split(close!).length}`,
        );
      }
    }
  });

  it('gives every module each parameter it requires, and none it does not declare', () => {
    expect(modules.map((m) => m.name)).toEqual([
      'identity',
      'migrateIdentity',
      'monitoring',
      'network',
      'keyVault',
      'registry',
      'postgres',
      'appEnvironment',
      'bot',
      'app',
      'migrateJob',
    ]);
    for (const { name, text, given } of modules) {
      const declared = params(text);
      expect({ module: name, unknown: [...given].filter((p) => !declared.has(p)) }).toEqual({
        module: name,
        unknown: [],
      });
      const missing = [...declared]
        .filter(([p, hasDefault]) => !hasDefault && !given.has(p))
        .map(([p]) => p);
      expect({ module: name, missing }).toEqual({ module: name, missing: [] });
    }
  });

  it('uses only outputs the modules declare', () => {
    const byName = new Map(modules.map((m) => [m.name, outputs(m.text)]));
    for (const [, module, output] of main.matchAll(/(\w+)\.outputs\.(\w+)/g))
      expect(`${module}.${output} ${byName.get(module!)?.has(output!)}`).toBe(
        `${module}.${output} true`,
      );
  });

  it('sets in main.bicepparam only parameters main.bicep declares, and every one it requires', () => {
    const declared = params(main);
    const set = new Set(
      [...read('main.bicepparam').matchAll(/^param (\w+) = /gm)].map((m) => m[1]!),
    );
    expect([...set].filter((p) => !declared.has(p))).toEqual([]);
    expect(
      [...declared].filter(([p, hasDefault]) => !hasDefault && !set.has(p)).map(([p]) => p),
    ).toEqual([]);
  });

  it('requires the retention years, with no default, and the unedited parameter file does not deploy', () => {
    expect(main).toMatch(/@minValue\(1\)\s*@maxValue\(100\)\s*param retentionYears int\n/);
    expect(read('main.bicepparam')).toMatch(/^param retentionYears = 0$/m);
  });

  it('outputs what the Teams package and docs/deploy.md need', () => {
    expect([...outputs(main)]).toEqual(
      expect.arrayContaining([
        'botAppId',
        'botDomain',
        'tenantId',
        'keyVaultName',
        'registryName',
        'registryLoginServer',
        'containerAppName',
        'migrationJobName',
        'postgresHost',
        'postgresAppRole',
      ]),
    );
  });
});

describe('the container app', () => {
  const app = read('modules/app.bicep');
  const clientId = '7c1a3e52-2f41-4b8e-9d0a-5b2f6c8e1d34';
  const tenantId = '2b6e9f10-8c4d-4e7a-a1f3-0d5c7b9e2a61';
  const env = environment(app);
  const sample: Record<string, string> = {
    identityClientId: clientId,
    'tenant().tenantId': tenantId,
    graphClientId: '0f8d2c7a-6b1e-4d39-8a52-e4c7b1f90d26',
    'string(port)': '3978',
    admins: 'psw@northdale.gov.uk',
    'string(retentionYears)': '7',
    logLevel: 'info',
    "'0.0.0.0'": '0.0.0.0',
    "'UserAssignedMSI'": 'UserAssignedMSI',
    "'graph-client-secret'": 'a-graph-secret',
    "'entra'": 'entra',
    databaseUrl: interpolate(variable(app, 'databaseUrl'), {
      'uriComponent(databaseRole)': 'id-cadence-northdale',
      postgresHost: 'psql-cadence-northdale-abc123.postgres.database.azure.com',
      databaseName: 'cadence',
    }),
  };

  it('sets every variable from something the deployment knows, and secrets only by Key Vault reference', () => {
    for (const { name, expr } of env)
      expect(`${name} ${sample[expr] !== undefined}`).toBe(`${name} true`);
    expect(
      env
        .filter((e) => e.kind === 'secretRef')
        .map((e) => e.name)
        .sort(),
    ).toEqual(['GRAPH_CLIENT_SECRET']);
    expect(
      [...app.matchAll(/keyVaultUrl: '\$\{keyVaultUri\}secrets\/([\w-]+)'/g)].map((m) => m[1]),
    ).toEqual(['graph-client-secret']);
  });

  it('gives the app a configuration app/config.ts accepts: a managed-identity bot listening on 0.0.0.0:3978', () => {
    const values = Object.fromEntries(env.map(({ name, expr }) => [name, sample[expr]!]));
    const config = readConfig(values);
    expect(config.bot).toMatchObject({
      appId: clientId,
      appType: 'UserAssignedMSI',
      tenantId,
      host: '0.0.0.0',
      port: 3978,
    });
    expect(config.graph).toMatchObject({
      tenantId,
      clientId: values.GRAPH_CLIENT_ID,
      clientSecret: 'a-graph-secret',
    });
    expect(config.databaseUrl).toBe(
      'postgres://id-cadence-northdale@psql-cadence-northdale-abc123.postgres.database.azure.com:5432/cadence?sslmode=verify-full',
    );
    // Signed in to PostgreSQL with a token for the managed identity, as its own role.
    expect(config).toMatchObject({ databaseAuth: 'entra', azureClientId: clientId });
  });

  it('probes /healthz for liveness and /readyz/database for readiness on the port the image exposes', () => {
    const probes = [
      ...app.matchAll(/type: '(\w+)'\n\s+httpGet: \{\n\s+path: '([^']+)'\n\s+port: port/g),
    ].map(([, type, path]) => `${type} ${path}`);
    expect(probes).toEqual(['Startup /healthz', 'Liveness /healthz', 'Readiness /readyz/database']);
    expect(app).toMatch(/^var port = 3978$/m);
    const dockerfile = read('../container/Dockerfile');
    expect(dockerfile).toMatch(/^EXPOSE 3978$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "app\/bin\/cadence\.js", "serve"\]$/m);
    expect(app).toMatch(/minReplicas int = 2/);
  });
});

describe('PostgreSQL: Microsoft Entra authentication, and the app not an administrator (issue 13, item 6)', () => {
  const postgres = read('modules/postgres.bicep');
  const server = resourceBlock(postgres, 'server');
  const app = read('modules/app.bicep');
  const job = read('modules/migrate-job.bicep');

  it('turns Entra authentication on and passwords off, with no password administrator anywhere', () => {
    expect(server).toMatch(
      /authConfig: \{\n\s+activeDirectoryAuth: 'Enabled'\n\s+passwordAuth: 'Disabled'\n\s+tenantId: tenant\(\)\.tenantId\n/,
    );
    for (const file of ['main.bicep', 'main.bicepparam', ...moduleFiles]) {
      expect(`${file}: ${/administratorLogin|Password\b/.test(code(read(file)))}`).toBe(
        `${file}: false`,
      );
    }
    expect(server).toMatch(/publicNetworkAccess: 'Disabled'/);
  });

  it('makes the DBA group and the migration identity the Entra administrators, and never the app’s identity', () => {
    const group = resourceBlock(postgres, 'dbaGroup');
    const migration = resourceBlock(postgres, 'migrationIdentity');
    expect(group).toMatch(/'Microsoft\.DBforPostgreSQL\/flexibleServers\/administrators@[\d-]+'/);
    expect(group).toMatch(
      /name: adminGroupObjectId\n[\s\S]*principalName: adminGroupName\n\s+principalType: 'Group'/,
    );
    expect(migration).toMatch(
      /name: migrationPrincipalId\n[\s\S]*principalName: migrationPrincipalName\n\s+principalType: 'ServicePrincipal'/,
    );
    expect([
      ...postgres.matchAll(
        /^resource \w+ 'Microsoft\.DBforPostgreSQL\/flexibleServers\/administrators@/gm,
      ),
    ]).toHaveLength(2);
    const given = moduleParams('postgres');
    expect(given).toMatchObject({
      adminGroupObjectId: 'postgresAdminGroupObjectId',
      adminGroupName: 'postgresAdminGroupName',
      migrationPrincipalId: 'migrateIdentity.outputs.principalId',
      migrationPrincipalName: 'migrateIdentity.outputs.name',
    });
    expect(Object.values(given).filter((expr) => expr.startsWith('identity.'))).toEqual([]);
    expect(moduleParams('migrateIdentity').name).toBe('names.migrateIdentity');
    expect(moduleParams('identity').name).toBe('names.identity');
  });

  it('gives the app no database secret: DATABASE_URL names its own identity’s role, carries no password, and the password is a token', () => {
    expect(moduleParams('app')).toMatchObject({
      identityResourceId: 'identity.outputs.resourceId',
      identityClientId: 'identity.outputs.clientId',
      databaseRole: 'identity.outputs.name',
    });
    expect(
      Object.values(moduleParams('app')).filter((expr) => expr.startsWith('migrateIdentity.')),
    ).toEqual([]);
    const env = Object.fromEntries(environment(app).map((e) => [e.name, e]));
    expect(env.DATABASE_URL).toEqual({ name: 'DATABASE_URL', kind: 'value', expr: 'databaseUrl' });
    expect(env.DATABASE_AUTH).toEqual({ name: 'DATABASE_AUTH', kind: 'value', expr: "'entra'" });
    const url = variable(app, 'databaseUrl');
    expect(url).toBe(
      'postgres://${uriComponent(databaseRole)}@${postgresHost}:5432/${databaseName}?sslmode=verify-full',
    );
    // user@host, no user:password@host
    expect(/^postgres:\/\/[^:@]+@/.test(url)).toBe(true);
    expect(app).not.toMatch(/database-url/);
  });

  it('runs the migrations in a job of their own, as the migration identity, creating and granting the app’s role', () => {
    expect(moduleParams('migrateJob')).toMatchObject({
      identityResourceId: 'migrateIdentity.outputs.resourceId',
      identityClientId: 'migrateIdentity.outputs.clientId',
      identityName: 'migrateIdentity.outputs.name',
      appRole: 'identity.outputs.name',
      appPrincipalId: 'identity.outputs.principalId',
    });
    expect(job).toMatch(/triggerType: 'Manual'/);
    const args = /args: \[\n([\s\S]*?)\n\s+\]/
      .exec(job)?.[1]
      ?.split('\n')
      .map((line) => line.trim());
    expect(args).toEqual([
      "'app/bin/cadence.js'",
      "'migrate'",
      "'--app-role'",
      'appRole',
      "'--app-principal-id'",
      'appPrincipalId',
    ]);
    // Its environment is one app/config.ts accepts: a token for the migration identity, as its own role.
    const values = Object.fromEntries(
      environment(job).map(({ name, expr }) => [
        name,
        {
          databaseUrl: interpolate(variable(job, 'databaseUrl'), {
            'uriComponent(identityName)': 'id-cadence-northdale-migrate',
            postgresHost: 'psql-x.postgres.database.azure.com',
            databaseName: 'cadence',
          }),
          "'entra'": 'entra',
          identityClientId: '5d0c6a1e-3b7f-4c2a-9e8d-1f2a3b4c5d6e',
          "'migration-job'": 'migration-job',
          logLevel: 'info',
        }[expr]!,
      ]),
    );
    expect(readConfig(values)).toMatchObject({
      databaseAuth: 'entra',
      azureClientId: '5d0c6a1e-3b7f-4c2a-9e8d-1f2a3b4c5d6e',
      databaseUrl:
        'postgres://id-cadence-northdale-migrate@psql-x.postgres.database.azure.com:5432/cadence?sslmode=verify-full',
    });
  });
});

describe('Key Vault and the registry: private endpoints only (issue 13, item 6)', () => {
  const vaultFile = read('modules/key-vault.bicep');
  const registryFile = read('modules/registry.bicep');
  const network = read('modules/network.bicep');

  it('closes Key Vault to every network but its private endpoint, and writes the secret through Resource Manager', () => {
    const vault = resourceBlock(vaultFile, 'vault');
    expect(vault).toMatch(/publicNetworkAccess: 'Disabled'/);
    expect(vault).toMatch(
      /networkAcls: \{\n\s+defaultAction: 'Deny'\n\s+bypass: 'None'\n\s+ipRules: \[\]\n\s+virtualNetworkRules: \[\]/,
    );
    expect(vault).toMatch(/enableRbacAuthorization: true/);
    expect(resourceBlock(vaultFile, 'privateEndpoint')).toMatch(
      /privateLinkServiceId: vault\.id\n\s+groupIds: \[\n\s+'vault'/,
    );
    expect(resourceBlock(vaultFile, 'privateDnsZoneGroup')).toMatch(
      /privateDnsZoneId: privateDnsZoneResourceId/,
    );
    expect(moduleParams('keyVault')).toMatchObject({
      privateEndpointSubnetResourceId: 'network.outputs.privateEndpointsSubnetResourceId',
      privateDnsZoneResourceId: 'network.outputs.keyVaultPrivateDnsZoneResourceId',
      graphClientSecret: 'graphClientSecret',
    });
    expect(resourceBlock(vaultFile, 'graphSecret')).toMatch(/= if \(!empty\(graphClientSecret\)\)/);
    for (const text of [main, vaultFile])
      expect(text).toMatch(/@secure\(\)\nparam graphClientSecret string = ''/);
  });

  it('makes the registry Premium, closed to every network but its private endpoint, pulled from by the two identities only', () => {
    const registry = resourceBlock(registryFile, 'registry');
    expect(registry).toMatch(/sku: \{\n\s+name: 'Premium'/);
    expect(registry).toMatch(/adminUserEnabled: false\n\s+anonymousPullEnabled: false/);
    expect(registry).toMatch(/publicNetworkAccess: 'Disabled'/);
    // What lets az acr import bring the image in (docs/deploy.md); pulls still need the private endpoint.
    expect(registry).toMatch(/networkRuleBypassOptions: 'AzureServices'/);
    expect(registry).toMatch(/networkRuleSet: \{\n\s+defaultAction: 'Deny'\n\s+ipRules: \[\]/);
    expect(resourceBlock(registryFile, 'privateEndpoint')).toMatch(
      /privateLinkServiceId: registry\.id\n\s+groupIds: \[\n\s+'registry'/,
    );
    expect(resourceBlock(registryFile, 'pull')).toMatch(
      /roleDefinitionId: subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions', acrPull\)/,
    );
    expect(registryFile).toMatch(/^var acrPull = '7f951dda-4ed3-4680-a7ca-43fe172d538d'$/m);
    expect(
      /pullPrincipalIds: \[\n\s+identity\.outputs\.principalId\n\s+migrateIdentity\.outputs\.principalId\n\s+\]/.test(
        main,
      ),
    ).toBe(true);
    expect(moduleParams('registry')).toMatchObject({
      privateDnsZoneResourceId: 'network.outputs.registryPrivateDnsZoneResourceId',
    });
  });

  it('puts the endpoints in a subnet of the app’s virtual network, with the zones linked to it', () => {
    expect(network).toMatch(
      /name: 'snet-private-endpoints'\n\s+properties: \{\n\s+addressPrefix: privateEndpointsSubnetPrefix/,
    );
    expect(network).toMatch(
      /keyVault: 'privatelink\.vaultcore\.azure\.net'\n\s+registry: 'privatelink\.azurecr\.io'/,
    );
    expect(resourceBlock(network, 'privateLinkZoneLink')).toMatch(
      /virtualNetwork: \{\n\s+id: vnet\.id/,
    );
  });

  it('leaves public network access on only where it must be: the Azure Bot, which Teams reaches from the internet', () => {
    const open = moduleFiles.filter((file) => /publicNetworkAccess: 'Enabled'/.test(read(file)));
    expect(open).toEqual(['modules/bot.bicep']);
  });
});

describe('the image', () => {
  it('copies the same folders the .dockerignore lets into the build context', () => {
    const copied = [...read('../container/Dockerfile').matchAll(/^COPY (\w+)\/ \.\/\1\/$/gm)].map(
      (m) => m[1],
    );
    const allowed = [...read('../../.dockerignore').matchAll(/^!(\w+)\/$/gm)].map((m) => m[1]);
    expect(copied).toEqual(['app', 'bot', 'cards', 'graph', 'rules', 'store', 'supervision']);
    expect(allowed).toEqual(copied);
  });
});
