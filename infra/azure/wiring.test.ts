/**
 * No Bicep compiler or Azure subscription is at hand, so these read the Bicep
 * as text and check what would otherwise fail only at deployment: main.bicep
 * gives each module the parameters it declares and needs, main.bicepparam
 * sets only parameters main.bicep has, and the environment the container app
 * is given is one app/config.ts accepts as a managed-identity bot. The image
 * (Dockerfile, .dockerignore) and the probes must agree on the port and the
 * folders. Syntax and types are not checked here: see docs/deploy.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../app/config.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The text with comments removed and every string literal emptied, so braces and keywords inside them do not count. */
function code(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; ) {
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
  return new Map([...text.matchAll(/^param (\w+) [\w.]+( = )?/gm)].map((m) => [m[1]!, m[2] !== undefined]));
}

const outputs = (text: string) => new Set([...text.matchAll(/^output (\w+) /gm)].map((m) => m[1]!));

const main = read('main.bicep');
const modules = [...main.matchAll(/^module (\w+) '([^']+)' = (?:if \([^)]*\) )?\{\n([\s\S]*?)^\}/gm)].map(([, name, path, body]) => ({
  name: name!,
  text: read(path!),
  given: new Set([...body!.matchAll(/^ {4}(\w+):/gm)].map((m) => m[1]!)),
}));

describe('the Bicep, read as text', () => {
  it('opens and closes every brace, bracket and parenthesis in each file', () => {
    const files = ['main.bicep', ...readdirSync(new URL('modules/', import.meta.url)).map((f) => `modules/${f}`)];
    for (const file of files) {
      const text = code(read(file));
      for (const [open, close] of ['{}', '[]', '()']) {
        expect(`${file} ${open}${text.split(open!).length}`).toBe(`${file} ${open}${text.split(close!).length}`);
      }
    }
  });

  it('gives every module each parameter it requires, and none it does not declare', () => {
    expect(modules.map((m) => m.name)).toEqual(['identity', 'monitoring', 'network', 'keyVault', 'registry', 'postgres', 'appEnvironment', 'bot', 'app']);
    for (const { name, text, given } of modules) {
      const declared = params(text);
      expect({ module: name, unknown: [...given].filter((p) => !declared.has(p)) }).toEqual({ module: name, unknown: [] });
      const missing = [...declared].filter(([p, hasDefault]) => !hasDefault && !given.has(p)).map(([p]) => p);
      expect({ module: name, missing }).toEqual({ module: name, missing: [] });
    }
  });

  it('uses only outputs the modules declare', () => {
    const byName = new Map(modules.map((m) => [m.name, outputs(m.text)]));
    for (const [, module, output] of main.matchAll(/(\w+)\.outputs\.(\w+)/g)) expect(`${module}.${output} ${byName.get(module!)?.has(output!)}`).toBe(`${module}.${output} true`);
  });

  it('sets in main.bicepparam only parameters main.bicep declares, and every one it requires', () => {
    const declared = params(main);
    const set = new Set([...read('main.bicepparam').matchAll(/^param (\w+) = /gm)].map((m) => m[1]!));
    expect([...set].filter((p) => !declared.has(p))).toEqual([]);
    expect([...declared].filter(([p, hasDefault]) => !hasDefault && !set.has(p)).map(([p]) => p)).toEqual([]);
  });

  it('outputs what the Teams package and docs/deploy.md need', () => {
    expect([...outputs(main)]).toEqual(expect.arrayContaining(['botAppId', 'botDomain', 'tenantId', 'keyVaultName', 'registryLoginServer', 'containerAppName', 'postgresHost']));
  });
});

describe('the container app', () => {
  const app = read('modules/app.bicep');
  const clientId = '7c1a3e52-2f41-4b8e-9d0a-5b2f6c8e1d34';
  const tenantId = '2b6e9f10-8c4d-4e7a-a1f3-0d5c7b9e2a61';
  // Each { name: 'X', value: expr } or { name: 'X', secretRef: 'y' } in the env arrays, with its expression.
  const env = [...app.matchAll(/\{ name: '(\w+)', (value|secretRef): ([^}]+?) \}/g)].map(([, name, kind, expr]) => ({ name: name!, kind: kind!, expr: expr!.trim() }));
  const sample: Record<string, string> = {
    identityClientId: clientId,
    'tenant().tenantId': tenantId,
    graphClientId: '0f8d2c7a-6b1e-4d39-8a52-e4c7b1f90d26',
    'string(port)': '3978',
    admins: 'psw@northdale.gov.uk',
    retentionYears: '7',
    logLevel: 'info',
    "'0.0.0.0'": '0.0.0.0',
    "'UserAssignedMSI'": 'UserAssignedMSI',
    "'graph-client-secret'": 'a-graph-secret',
    "'database-url'": 'postgres://cadenceadmin:pw@psql-cadence-northdale-abc123.postgres.database.azure.com:5432/cadence?sslmode=verify-full',
  };

  it('sets every variable from something the deployment knows, and secrets only by Key Vault reference', () => {
    for (const { name, expr } of env) expect(`${name} ${sample[expr] !== undefined}`).toBe(`${name} true`);
    expect(env.filter((e) => e.kind === 'secretRef').map((e) => e.name).sort()).toEqual(['DATABASE_URL', 'GRAPH_CLIENT_SECRET']);
    expect([...app.matchAll(/keyVaultUrl: '\$\{keyVaultUri\}secrets\/([\w-]+)'/g)].map((m) => m[1])).toEqual(['database-url', 'graph-client-secret']);
  });

  it('gives the app a configuration app/config.ts accepts: a managed-identity bot listening on 0.0.0.0:3978', () => {
    const values = Object.fromEntries(env.map(({ name, expr }) => [name, sample[expr]!]));
    const config = readConfig(values);
    expect(config.bot).toMatchObject({ appId: clientId, appType: 'UserAssignedMSI', tenantId, host: '0.0.0.0', port: 3978 });
    expect(config.graph).toMatchObject({ tenantId, clientId: values.GRAPH_CLIENT_ID, clientSecret: 'a-graph-secret' });
    expect(config.databaseUrl).toBe(values.DATABASE_URL);
    expect(values.AZURE_CLIENT_ID).toBe(clientId);
  });

  it('probes /healthz for liveness and /readyz/database for readiness on the port the image exposes', () => {
    const probes = [...app.matchAll(/type: '(\w+)'\n\s+httpGet: \{\n\s+path: '([^']+)'\n\s+port: port/g)].map(([, type, path]) => `${type} ${path}`);
    expect(probes).toEqual(['Startup /healthz', 'Liveness /healthz', 'Readiness /readyz/database']);
    expect(app).toMatch(/^var port = 3978$/m);
    const dockerfile = read('../container/Dockerfile');
    expect(dockerfile).toMatch(/^EXPOSE 3978$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "app\/bin\/cadence\.js", "serve"\]$/m);
    expect(app).toMatch(/minReplicas int = 2/);
  });
});

describe('the image', () => {
  it('copies the same folders the .dockerignore lets into the build context', () => {
    const copied = [...read('../container/Dockerfile').matchAll(/^COPY (\w+)\/ \.\/\1\/$/gm)].map((m) => m[1]);
    const allowed = [...read('../../.dockerignore').matchAll(/^!(\w+)\/$/gm)].map((m) => m[1]);
    expect(copied).toEqual(['app', 'bot', 'cards', 'graph', 'rules', 'store', 'supervision']);
    expect(allowed).toEqual(copied);
  });
});
