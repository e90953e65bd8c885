import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PolicyFileError } from './errors.ts';
import { loadPackFile, loadPolicy, parsePack } from './load-pack.ts';

const solihull = JSON.parse(
  readFileSync(new URL('./packs/solihull.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & {
  roles: { role: string; types: { phases: Record<string, unknown>[] }[] }[];
};

function problemWith(edit: (pack: typeof solihull) => void): string {
  const copy = structuredClone(solihull);
  edit(copy);
  try {
    parsePack(JSON.stringify(copy), 'council.json');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyFileError);
    return (error as Error).message;
  }
  throw new Error('the pack was accepted');
}

describe('loading a policy pack', () => {
  it('names the file, the line and the column of a JSON syntax error', () => {
    expect(() => parsePack('{\n  "id": "x",\n  "roles": [,]\n}', 'council.json')).toThrow(
      'policy file council.json: is not valid JSON: value expected at line 3, column 13',
    );
  });

  it('names the path inside the file and the problem when a rule does not fit', () => {
    expect(problemWith((p) => (p.roles[1]!.types[0]!.phases[0]!.every = 0))).toBe(
      'policy file council.json: roles[1].types[0].phases[0].every: must be 1 or more',
    );
    expect(problemWith((p) => (p.roles[1]!.types[0]!.phases[0]!.unit = 'fortnight'))).toMatch(
      /^policy file council\.json: roles\[1\]\.types\[0\]\.phases\[0\]\.unit: .*"day"\|"working-day"\|"week"\|"month"/,
    );
  });

  it('lists every problem on one line', () => {
    const message = problemWith((p) => {
      delete p.council;
      p.roles[0]!.role = 'Team Manager';
    });
    expect(message).toContain('council: ');
    expect(message).toContain(
      'roles[0].role: an id is lower-case letters and digits joined by hyphens',
    );
    expect(message).not.toContain('\n');
  });

  it('refuses misspelt keys instead of ignoring them', () => {
    expect(problemWith((p) => (p.roles[0]!.types[0]!.phases[0]!.evry = 1))).toContain(
      'roles[0].types[0].phases[0]: Unrecognized key: "evry"',
    );
  });

  it('refuses ids that are neither stable ones nor declared by the pack', () => {
    expect(problemWith((p) => (p.roles[0]!.role = 'senior-practitioner'))).toContain(
      "roles[0].role: 'senior-practitioner' is not a stable role id; use one of policy-ids.md or declare it under ownIds.roles",
    );
    const copy = structuredClone(solihull);
    copy.roles[0]!.role = 'senior-practitioner';
    copy.ownIds = { roles: { 'senior-practitioner': 'senior practitioner' } };
    expect(parsePack(JSON.stringify(copy), 'council.json').roles[0]!.role).toBe(
      'senior-practitioner',
    );
  });

  it('refuses a role listed twice and phases that are open-ended too early or out of order', () => {
    expect(problemWith((p) => p.roles.push(structuredClone(p.roles[0]!)))).toContain(
      `roles[${solihull.roles.length}]: role 'student' appears twice`,
    );
    expect(problemWith((p) => delete p.roles[1]!.types[0]!.phases[0]!.until)).toContain(
      'roles[1].types[0].phases[0].until: every phase but the last needs an end',
    );
    expect(
      problemWith((p) => (p.roles[1]!.types[0]!.phases[1]!.until = { amount: 2, unit: 'week' })),
    ).toContain('roles[1].types[0].phases[1].until: phases must end in order');
  });

  it('refuses a supervisor ratio whose range is upside down or names a role the pack does not have', () => {
    const load = (from: number, roles: string[]) => (p: typeof solihull) => {
      p.supervisorLoad = {
        from,
        atMost: 8,
        roles,
        appliesTo: 'supervisors of front-line staff',
        source: { section: 'x', quote: 'y' },
      };
    };
    expect(problemWith(load(9, ['social-worker']))).toBe(
      'policy file council.json: supervisorLoad.from: the range starts at 9, above its top (atMost 8)',
    );
    expect(problemWith(load(6, ['social-worker', 'chef']))).toBe(
      "policy file council.json: supervisorLoad.roles[1]: 'chef' is not a role of this pack",
    );
  });

  it('fills in the document as each rule’s file when the rule does not name another', () => {
    const pack = loadPolicy('solihull');
    expect(pack.roles[0]!.types[0]!.phases[0]!.source.file).toBe('000_0d324aa887ee33a1.txt');
  });

  it('reads a council’s own pack from a file, and says when the file is missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cadence-pack-'));
    const file = join(dir, 'our-council.json');
    writeFileSync(file, JSON.stringify({ ...solihull, id: 'our-council' }));
    expect(loadPackFile(file).id).toBe('our-council');
    expect(() => loadPolicy(join(dir, 'missing.json'))).toThrow(
      `policy file ${join(dir, 'missing.json')}: no such file`,
    );
    expect(() => loadPolicy('camden')).toThrow("unknown policy 'camden'; the policies are: ");
  });
});
