/**
 * Every shipped pack loads (so it uses the stable ids of policy-ids.md, or
 * declares its own), and quotes its document truthfully: each rule's quote must
 * appear in the cited source file (docs/sources/, copies of the documents).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadShippedPack, shippedPolicyIds } from '../load-pack.ts';
import type { PolicyPack, Source } from '../schema.ts';

const SOURCES = new URL('../../docs/sources/', import.meta.url);

/** Markdown and HTML markup, curly quotes and runs of white space do not count. */
function normalise(text: string): string {
  return text
    .replace(/<\/?[a-z]+>/gi, ' ')
    .replace(/[*#]/g, '')
    .replace(/[‘’]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

function sourcesOf(pack: PolicyPack): Source[] {
  return [
    ...pack.roles.flatMap((role) =>
      role.types.flatMap((type) => [
        ...type.phases.map((phase) => phase.source),
        ...(type.agreedMayReduce ? [type.agreedMayReduce.source] : []),
      ]),
    ),
    ...pack.cases.flatMap((rule) => [
      ...(rule.first ? [rule.first.source] : []),
      ...rule.phases.map((phase) => phase.source),
    ]),
    ...[
      pack.agreedStaffFrequency,
      pack.recordDeadline,
      pack.agreement?.signWithin,
      pack.agreement?.required,
      pack.agreement?.review,
      pack.bookingHorizon,
      pack.supervisorLoad,
      pack.combinedSessions,
    ].flatMap((rule) => (rule ? [rule.source] : [])),
    ...pack.teamSessions.map((session) => session.source),
    ...pack.observations.map((rule) => rule.source),
    ...pack.notes.map((note) => note.source),
  ];
}

describe.each(shippedPolicyIds())('policy pack %s', (policyId) => {
  const pack = loadShippedPack(policyId);

  it('is the pack its file name says, and the file holds nothing else', () => {
    expect(pack.id).toBe(policyId);
    expect(
      readdirSync(new URL('.', import.meta.url)).filter((name) => name.endsWith('.json')),
    ).toContain(`${policyId}.json`);
  });

  it('quotes its document word for word, in the section it names', () => {
    for (const source of sourcesOf(pack)) {
      const document = normalise(readFileSync(new URL(source.file!, SOURCES), 'utf8'));
      expect(document, `quote not found in ${source.file}: ${source.quote}`).toContain(
        normalise(source.quote),
      );
      const heading = normalise(source.section).replace(/^Appendix (\d)/, 'Appendix $1');
      expect(document, `section not found in ${source.file}: ${source.section}`).toContain(
        heading.split(/ [–-] /)[0]!,
      );
    }
  });
});
