/**
 * Reading policy packs: the five shipped with Cadence (`rules/packs/*.json`)
 * or a council's own file. A pack is parsed and checked against the schema
 * once, at load; a bad one is refused with the file, the path inside it and
 * the problem, so whoever edits it knows what to fix.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseTolerant, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { z } from 'zod';
import { InputError, PolicyFileError } from './errors.ts';
import { SHIPPED_POLICIES } from './ids.ts';
import { packSchema, type PolicyPack } from './schema.ts';

const PACKS_DIR = fileURLToPath(new URL('./packs/', import.meta.url));
const shipped = new Map<string, PolicyPack>();

/** Ids of the packs that ship with Cadence. */
export function shippedPolicyIds(): readonly string[] {
  return SHIPPED_POLICIES;
}

/** Loads a shipped pack by id, or refuses with the ids that exist. */
export function loadShippedPack(policyId: string): PolicyPack {
  const cached = shipped.get(policyId);
  if (cached) return cached;
  if (!(SHIPPED_POLICIES as readonly string[]).includes(policyId)) {
    throw new InputError(
      `unknown policy '${policyId}'; the policies are: ${SHIPPED_POLICIES.join(', ')}`,
    );
  }
  const pack = loadPackFile(`${PACKS_DIR}${policyId}.json`, `rules/packs/${policyId}.json`);
  shipped.set(policyId, pack);
  return pack;
}

/** Takes a shipped policy id or a path to a pack file (anything ending `.json`). */
export function loadPolicy(idOrPath: string): PolicyPack {
  if (idOrPath.endsWith('.json')) return loadPackFile(idOrPath);
  if (!(SHIPPED_POLICIES as readonly string[]).includes(idOrPath)) {
    throw new InputError(
      `unknown policy '${idOrPath}'; the policies are: ${SHIPPED_POLICIES.join(', ')} (or give the path of a policy file ending .json)`,
    );
  }
  return loadShippedPack(idOrPath);
}

/** Reads, parses and validates one pack file. `shownAs` is how the file is named in errors. */
export function loadPackFile(path: string, shownAs = path): PolicyPack {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new PolicyFileError(
      shownAs,
      code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? String(error)})`,
      {
        cause: error,
      },
    );
  }
  return parsePack(text, shownAs);
}

/** Parses pack JSON text; exported so tests can check the error messages without files. */
export function parsePack(text: string, shownAs: string): PolicyPack {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PolicyFileError(shownAs, `is not valid JSON: ${describeJsonError(text, error)}`, {
      cause: error,
    });
  }
  const result = packSchema.safeParse(data);
  if (!result.success) {
    throw new PolicyFileError(shownAs, describeIssues(result.error), { cause: result.error });
  }
  const pack = result.data;
  // Sources name their file only when it differs from the pack's document.
  const withFile = <T extends { source: { file?: string | undefined } }>(rule: T): T => ({
    ...rule,
    source: { ...rule.source, file: rule.source.file ?? pack.document.file },
  });
  return {
    ...pack,
    roles: pack.roles.map((role) => ({
      ...role,
      types: role.types.map((t) => ({
        ...t,
        phases: t.phases.map(withFile),
        agreedMayReduce: t.agreedMayReduce && withFile(t.agreedMayReduce),
      })),
    })),
    cases: pack.cases.map((rule) => ({
      ...rule,
      first: rule.first && withFile(rule.first),
      phases: rule.phases.map(withFile),
    })),
    agreedStaffFrequency: pack.agreedStaffFrequency && withFile(pack.agreedStaffFrequency),
    recordDeadline: pack.recordDeadline && withFile(pack.recordDeadline),
    signOffDeadline: pack.signOffDeadline && withFile(pack.signOffDeadline),
    agreement: pack.agreement && {
      signWithin: pack.agreement.signWithin && withFile(pack.agreement.signWithin),
      required: pack.agreement.required && withFile(pack.agreement.required),
      review: pack.agreement.review && withFile(pack.agreement.review),
    },
    bookingHorizon: pack.bookingHorizon && withFile(pack.bookingHorizon),
    teamSessions: pack.teamSessions.map(withFile),
    observations: pack.observations.map(withFile),
    supervisorLoad: pack.supervisorLoad && withFile(pack.supervisorLoad),
    combinedSessions: pack.combinedSessions && withFile(pack.combinedSessions),
    notes: pack.notes.map(withFile),
  };
}

/** "roles[3].types[0].every: must be 1 or more; id: …" — every problem on one line. */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.reduce<string>(
        (text, key) =>
          typeof key === 'number'
            ? `${text}[${key}]`
            : text
              ? `${text}.${String(key)}`
              : String(key),
        '',
      );
      return `${path || '(top level)'}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Where and what the first JSON syntax error is. Node 20's JSON.parse often
 * names no position ("Unexpected token ','"), so the text is parsed again with
 * jsonc-parser (VS Code's JSON parser), which reports the offset of each error.
 */
function describeJsonError(text: string, error: unknown): string {
  const errors: ParseError[] = [];
  parseTolerant(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (!first) return error instanceof Error ? error.message : String(error);
  const before = text.slice(0, first.offset);
  const line = before.split('\n').length;
  const column = first.offset - before.lastIndexOf('\n');
  const what = printParseErrorCode(first.error)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return `${what} at line ${line}, column ${column}`;
}
