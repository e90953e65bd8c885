/**
 * A tiny validator for the OpenAPI 3.0 subset in fixtures/graph-calendar-schemas.json:
 * $ref, allOf, type, enum, pattern, nullable, required, properties, items.
 * Stricter than the documents in one way: a property no schema lists is an
 * error (Microsoft allows extras; we want typos caught). A $ref'd property may
 * be null, as Graph returns (e.g. recurrence on a single event).
 */
import { readFileSync } from 'node:fs';

interface Schema {
  $ref?: string;
  allOf?: Schema[];
  type?: string;
  enum?: string[];
  pattern?: string;
  nullable?: boolean;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
}

const doc = JSON.parse(
  readFileSync(new URL('./fixtures/graph-calendar-schemas.json', import.meta.url), 'utf8'),
) as { components: { schemas: Record<string, Schema> } };

function resolve(s: Schema): Schema {
  if (!s.$ref) return s;
  const name = s.$ref.replace('#/components/schemas/', '');
  const found = doc.components.schemas[name];
  if (!found) throw new Error(`fixture has no schema ${name}`);
  return found;
}

/** All properties an object schema allows, through allOf. */
function properties(s: Schema): Record<string, Schema> {
  const r = resolve(s);
  return Object.assign({}, ...(r.allOf ?? []).map(properties), r.properties ?? {}) as Record<
    string,
    Schema
  >;
}

function required(s: Schema): string[] {
  const r = resolve(s);
  return [...(r.allOf ?? []).flatMap(required), ...(r.required ?? [])];
}

function check(value: unknown, s: Schema, path: string, errors: string[]): void {
  const r = resolve(s);
  if (value === null) {
    if (!(r.nullable || s.$ref)) errors.push(`${path}: null not allowed`);
    return;
  }
  const type = r.allOf ? 'object' : r.type;
  if (type === 'object') {
    if (typeof value !== 'object' || Array.isArray(value))
      return void errors.push(`${path}: expected object`);
    const props = properties(s);
    for (const k of required(s)) if (!(k in value)) errors.push(`${path}.${k}: required`);
    if (Object.keys(props).length === 0) return;
    for (const [k, v] of Object.entries(value)) {
      if (k.startsWith('@odata.') && !(k in props)) continue;
      const p = props[k];
      if (!p) errors.push(`${path}.${k}: not in the schema`);
      else check(v, p, `${path}.${k}`, errors);
    }
  } else if (type === 'array') {
    if (!Array.isArray(value)) return void errors.push(`${path}: expected array`);
    value.forEach((v, i) => check(v, r.items ?? {}, `${path}[${i}]`, errors));
  } else if (type === 'string') {
    if (typeof value !== 'string') return void errors.push(`${path}: expected string`);
    if (r.enum && !r.enum.includes(value))
      errors.push(`${path}: '${value}' not one of ${r.enum.join(', ')}`);
    if (r.pattern && !new RegExp(r.pattern).test(value))
      errors.push(`${path}: '${value}' does not match ${r.pattern}`);
  } else if (type === 'integer') {
    if (!Number.isInteger(value)) errors.push(`${path}: expected integer`);
  } else if (type === 'number') {
    if (typeof value !== 'number') errors.push(`${path}: expected number`);
  } else if (type === 'boolean') {
    if (typeof value !== 'boolean') errors.push(`${path}: expected boolean`);
  }
}

/** The ways `value` departs from the named schema (e.g. 'event'); empty when it conforms. */
export function validate(value: unknown, schema: string): string[] {
  const errors: string[] = [];
  check(value, { $ref: `#/components/schemas/microsoft.graph.${schema}` }, schema, errors);
  return errors;
}
