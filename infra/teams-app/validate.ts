/**
 * Checks a filled Teams app manifest against Microsoft's JSON schema for its
 * manifestVersion, offline: the schema files ship in @microsoft/app-manifest
 * (build/json-schemas/teams/v<version>/MicrosoftTeams.schema.json), the same
 * files published at https://developer.microsoft.com/json-schemas/teams/.
 * The manifest has to conform to that schema (reference:
 * https://learn.microsoft.com/microsoftteams/platform/resources/schema/manifest-schema);
 * checking it when the zip is built means a mistake is named here, with its
 * path, rather than found by the administrator at upload.
 *
 * The schemas up to v1.22 declare JSON Schema draft-04. Ajv 8's default class
 * speaks draft-07 and carries no draft-04 meta-schema (Microsoft's own
 * validator uses the separate ajv-draft-04 class, which this project does not
 * depend on). The schema is therefore compiled with the draft-07 class and
 * `validateSchema: false` (the schema itself is not checked against a
 * meta-schema). That is sound only while the schema uses no keyword whose
 * meaning differs between the two drafts — boolean exclusiveMaximum or
 * exclusiveMinimum, or `id` as a base URI — which `draftDifferences()` checks
 * and the tests assert for the version the manifest uses.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
// ajv-formats is CommonJS whose module.exports is the plugin; `.default` is the same function and is what its types describe.
import formats from 'ajv-formats';

/** One way the manifest fails the schema: a JSON pointer into the manifest and what is wrong there. */
export interface SchemaProblem {
  path: string;
  message: string;
}

const require = createRequire(import.meta.url);
const compiled = new Map<string, ValidateFunction>();

/** Where the schema for `manifestVersion` is, or null if @microsoft/app-manifest has none by that name. */
export function schemaFile(manifestVersion: string): string | null {
  if (!/^(\d+\.\d+|DevPreview)$/.test(manifestVersion)) return null;
  try {
    return require.resolve(
      `@microsoft/app-manifest/build/json-schemas/teams/v${manifestVersion}/MicrosoftTeams.schema.json`,
    );
  } catch {
    return null;
  }
}

/** The schema's JSON for `manifestVersion`; throws if there is none. */
export function loadSchema(manifestVersion: string): Record<string, unknown> {
  const file = schemaFile(manifestVersion);
  if (!file)
    throw new Error(
      `no Teams manifest schema for manifestVersion ${JSON.stringify(manifestVersion)} in @microsoft/app-manifest`,
    );
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/**
 * Keywords in `schema` that draft-04 and draft-07 read differently (see the
 * file comment). Property names under `properties`, `patternProperties` and
 * `definitions` are names, not keywords, and are not counted.
 */
export function draftDifferences(schema: unknown): string[] {
  const found: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${at}/${i}`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (key === 'properties' || key === 'patternProperties' || key === 'definitions') {
        if (value && typeof value === 'object')
          for (const [name, sub] of Object.entries(value as Record<string, unknown>))
            walk(sub, `${at}/${key}/${name}`);
        continue;
      }
      if ((key === 'exclusiveMaximum' || key === 'exclusiveMinimum') && typeof value === 'boolean')
        found.push(`${at}/${key}`);
      if (key === 'id' && typeof value === 'string') found.push(`${at}/id`);
      walk(value, `${at}/${key}`);
    }
  };
  walk(schema, '#');
  return found;
}

function validatorFor(manifestVersion: string): ValidateFunction {
  const cached = compiled.get(manifestVersion);
  if (cached) return cached;
  const schema = loadSchema(manifestVersion);
  const differences = draftDifferences(schema);
  if (differences.length > 0) {
    throw new Error(
      `the v${manifestVersion} manifest schema uses keywords draft-07 reads differently from draft-04 (${differences.join(', ')}); validate.ts needs a draft-04 validator for it`,
    );
  }
  // strict: false because Microsoft's schemas carry keywords Ajv's strict mode rejects (e.g. `default` beside `$ref`).
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  formats.default(ajv, ['uri', 'email', 'regex']);
  const validate = ajv.compile(schema);
  compiled.set(manifestVersion, validate);
  return validate;
}

/** Where an Ajv error points, naming the missing or extra property itself rather than its parent. */
function pathOf(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const child = params.missingProperty ?? params.additionalProperty;
  return child === undefined ? error.instancePath || '/' : `${error.instancePath}/${child}`;
}

function messageOf(error: ErrorObject): string {
  const params = error.params as { allowedValues?: unknown[] };
  if (error.keyword === 'required') return 'is required and missing';
  if (error.keyword === 'additionalProperties') return 'is not a property the schema allows here';
  if (error.keyword === 'enum' && params.allowedValues)
    return `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return error.message ?? error.keyword;
}

/**
 * How `manifest` fails the schema of its own manifestVersion; empty when it
 * passes. A manifest naming a version with no schema is one problem at
 * /manifestVersion.
 */
export function manifestProblems(manifest: unknown): SchemaProblem[] {
  const version = (manifest as { manifestVersion?: unknown } | null)?.manifestVersion;
  if (typeof version !== 'string' || !schemaFile(version)) {
    return [
      {
        path: '/manifestVersion',
        message: `must name a Teams manifest schema version @microsoft/app-manifest has (such as "1.22"), not ${JSON.stringify(version)}`,
      },
    ];
  }
  const validate = validatorFor(version);
  if (validate(manifest)) return [];
  const seen = new Set<string>();
  const problems: SchemaProblem[] = [];
  for (const error of validate.errors ?? []) {
    const problem = { path: pathOf(error), message: messageOf(error) };
    const key = `${problem.path} ${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

/** The problems as one line each, path first: what package.ts prints when it refuses. */
export function describeProblems(problems: readonly SchemaProblem[]): string {
  return problems.map((p) => `${p.path} ${p.message}`).join('; ');
}
