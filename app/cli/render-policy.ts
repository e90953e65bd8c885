/**
 * `cadence policy show`: a pack as a principal social worker would read it,
 * every rule followed by the passage it comes from.
 */
import {
  describeDuration,
  describeId,
  describeInterval,
  describeRatio,
  type Phase,
  type PolicyPack,
  type RoleRule,
  type Source,
} from '../../rules/index.ts';

export function renderPolicy(pack: PolicyPack): string {
  const lines: string[] = [
    `${pack.council} — ${pack.document.title} (${pack.document.date})`,
    `Policy id: ${pack.id}. Source document: docs/sources/${pack.document.file}`,
    '"monthly" means within one calendar month of the last session; weeks are 7 days; working days exclude weekends and England and Wales bank holidays.',
    '',
    'Staff supervision (who, what kind, how often)',
  ];
  if (pack.agreedStaffFrequency) {
    lines.push(
      `  ${pack.roles.length > 0 ? 'any other role' : 'every role'}: at the frequency agreed for the person (record it on their supervision)`,
      cite(pack.agreedStaffFrequency.source, pack),
    );
  }
  for (const role of pack.roles) lines.push(...renderRole(pack, role));
  if (pack.teamSessions.length > 0) {
    lines.push('', 'Team sessions');
    for (const session of pack.teamSessions) {
      lines.push(
        `  ${session.type}: ${describeInterval(session)} per team`,
        cite(session.source, pack),
      );
    }
  }
  if (pack.supervisorLoad) {
    const load = pack.supervisorLoad;
    lines.push(
      '',
      'Supervisor load (shown against each supervisor, not enforced)',
      `  at most ${describeRatio(load)} supervisees for ${load.appliesTo} (roles ${load.roles.join(', ')})`,
      cite(load.source, pack),
    );
  }
  if (pack.combinedSessions) {
    lines.push(
      '',
      'Several types in one session',
      '  types with the same kind of supervisor, due at the same frequency, are booked as one session whose record covers each',
      cite(pack.combinedSessions.source, pack),
    );
  }
  lines.push('', "Children's cases (how often each child is discussed in supervision)");
  if (pack.cases.length === 0) lines.push('  (the document sets no case discussion frequency)');
  for (const rule of pack.cases) {
    lines.push(`  ${rule.status} — ${rule.title}`);
    if (rule.first)
      lines.push(
        `    first discussion within ${describeDuration({ amount: rule.first.within.every, unit: rule.first.within.unit })} of ${rule.since}`,
        cite(rule.first.source, pack, 6),
      );
    lines.push(...renderPhases(rule.phases, rule.since, pack));
  }
  lines.push('', 'Deadlines');
  const { recordDeadline, agreement, bookingHorizon } = pack;
  if (recordDeadline) {
    const within = describeDuration({
      amount: recordDeadline.within.every,
      unit: recordDeadline.within.unit,
    });
    lines.push(`  record each session within ${within}`, cite(recordDeadline.source, pack));
  }
  if (agreement?.signWithin)
    lines.push(
      `  supervision agreement signed within ${describeDuration(agreement.signWithin.within)} of a new supervisory relationship`,
      cite(agreement.signWithin.source, pack),
    );
  if (agreement?.required && !agreement.signWithin)
    lines.push(
      '  a supervision agreement for every supervisee (no time given: one not recorded is shown as missing)',
      cite(agreement.required.source, pack),
    );
  if (agreement?.review)
    lines.push(
      `  supervision agreement reviewed ${describeInterval(agreement.review)}`,
      cite(agreement.review.source, pack),
    );
  if (bookingHorizon)
    lines.push(
      `  sessions agreed at least ${describeDuration(bookingHorizon.atLeast)} ahead`,
      cite(bookingHorizon.source, pack),
    );
  if (!recordDeadline && !agreement && !bookingHorizon) lines.push('  (the document sets none)');
  if (pack.notes.length > 0) {
    lines.push('', 'Also in the document (not computed by Cadence)');
    for (const note of pack.notes) lines.push(`  - ${note.text}`, cite(note.source, pack));
  }
  return lines.join('\n');
}

function renderRole(pack: PolicyPack, role: RoleRule): string[] {
  const meaning = describeId('role', role.role);
  const lines = [`  ${role.role} — ${role.title}${meaning ? '' : ' (an id of this policy)'}`];
  const from = role.phasesFrom === 'approved' ? 'approval' : 'start in the role';
  for (const type of role.types) {
    lines.push(`    ${type.type}${type.supervisor ? `, by ${type.supervisor}` : ''}`);
    lines.push(...renderPhases(type.phases, from, pack, 6));
    if (type.agreedMayReduce)
      lines.push(
        `      an agreed frequency applies even when less frequent, for ${type.agreedMayReduce.when}`,
        cite(type.agreedMayReduce.source, pack, 8),
      );
  }
  return lines;
}

function renderPhases(phases: Phase[], from: string, pack: PolicyPack, indent = 4): string[] {
  const pad = ' '.repeat(indent);
  return phases.flatMap((phase, i) => {
    const until = phase.until;
    const when = !until
      ? i === 0
        ? ''
        : ' after that'
      : 'amount' in until
        ? ` until ${describeDuration(until)} after ${from}`
        : ` for an agreed period (setting '${until.agreed}': ${until.meaning})`;
    const turns = phase.alternating ? ', alternating between two supervisors' : '';
    return [
      `${pad}${describeInterval(phase)}${when}${turns}`,
      cite(phase.source, pack, indent + 2),
    ];
  });
}

function cite(source: Source, pack: PolicyPack, indent = 4): string {
  const file = source.file && source.file !== pack.document.file ? `${source.file}, ` : '';
  return `${' '.repeat(indent)}[${file}${source.section}] “${source.quote}”`;
}
