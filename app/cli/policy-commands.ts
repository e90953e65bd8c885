/**
 * `cadence policy …`: list and show packs; ask how often, when next, and the
 * due dates through a horizon, for a role or a child's case status.
 */
import {
  InputError,
  addMonths,
  caseDueDates,
  caseFrequencyOn,
  caseNextDue,
  describeInterval,
  dueDates,
  findRoleType,
  frequenciesOn,
  frequencyOn,
  loadPolicy,
  nextDue,
  roleFor,
  shippedPolicyIds,
  loadShippedPack,
  type ChildCase,
  type IsoDate,
  type PolicyPack,
  type Supervisee,
} from '../../rules/index.ts';
import type { Output } from './io.ts';
import {
  agreedInterval,
  agreedPeriods,
  optionalDate,
  optionalText,
  readOptions,
  requiredText,
  wholeNumber,
  type ParsedOptions,
} from './options.ts';
import { renderPolicy } from './render-policy.ts';

const WHO = {
  policy: { type: 'string' },
  role: { type: 'string' },
  type: { type: 'string' },
  started: { type: 'string' },
  approved: { type: 'string' },
  agreed: { type: 'string', multiple: true },
  'agreed-every': { type: 'string' },
  'case-status': { type: 'string' },
  since: { type: 'string' },
} as const;

export function policyList(args: string[] = []): Output {
  // It takes no options, and says so of one it is given rather than ignore it.
  readOptions('policy list', args, {});
  const packs = shippedPolicyIds().map(loadShippedPack);
  return {
    human: packs
      .map(
        (pack) =>
          `${pack.id.padEnd(16)}${pack.council} — ${pack.document.title} (${pack.document.date})`,
      )
      .join('\n'),
    json: packs.map((pack) => ({ id: pack.id, council: pack.council, document: pack.document })),
  };
}

export function policyShow(args: string[]): Output {
  const { positionals } = readOptions('policy show', args, {});
  const [policy, ...extra] = positionals;
  if (!policy || extra.length > 0) {
    throw new InputError(
      `policy show: name one policy, e.g. cadence policy show solihull (policies: ${shippedPolicyIds().join(', ')})`,
    );
  }
  const pack = loadPolicy(policy);
  return { human: renderPolicy(pack), json: pack };
}

export function policyFrequency(args: string[], today: IsoDate): Output {
  const { values } = readOptions('policy frequency', args, { ...WHO, on: { type: 'string' } });
  const pack = policyOf('policy frequency', values);
  const on = optionalDate(values, 'on') ?? today;
  const type = optionalText(values, 'type');
  const childCase = caseOf(values);
  if (childCase) {
    const inForce = caseFrequencyOn(pack, childCase, on);
    return {
      human: `${childCase.status} on ${on} (${pack.id}): discussed ${describeInterval(inForce)}${until(inForce.phaseEndsOn)}\n  [${inForce.source.section}] “${inForce.source.quote}”`,
      json: { every: inForce.every, unit: inForce.unit },
    };
  }
  const person = superviseeOf('policy frequency', values, pack);
  const all = type === undefined && roleFor(pack, person, type).types.length > 1;
  const answers = all ? frequenciesOn(pack, person, on) : [frequencyOn(pack, person, on, type)];
  return {
    human: [
      `${person.role} on ${on} (${pack.id}):`,
      ...answers.map(
        (a) =>
          `  ${a.type}: ${describeInterval(a)}${a.agreed ? ' (agreed for this person)' : ''}${until(a.phaseEndsOn)}\n    [${a.source.section}] “${a.source.quote}”`,
      ),
    ].join('\n'),
    json: all
      ? answers.map((a) => ({ type: a.type, every: a.every, unit: a.unit }))
      : { every: answers[0]!.every, unit: answers[0]!.unit },
  };
}

export function policyNext(args: string[]): Output {
  const { values } = readOptions('policy next', args, { ...WHO, last: { type: 'string' } });
  const pack = policyOf('policy next', values);
  const last = optionalDate(values, 'last');
  const childCase = caseOf(values);
  if (childCase) {
    const due = caseNextDue(pack, childCase, last);
    return { human: `${childCase.status}: next discussion due by ${due}`, json: { due } };
  }
  const person = superviseeOf('policy next', values, pack);
  const types = typesAsked(pack, person, optionalText(values, 'type'));
  const dues = types.map((type) => ({ type, due: nextDue(pack, person, last, type) }));
  return {
    human: dues.map((d) => `${person.role} ${d.type}: next session due by ${d.due}`).join('\n'),
    json: dues.length === 1 ? { due: dues[0]!.due } : dues,
  };
}

export function policyPlan(args: string[], today: IsoDate): Output {
  const { values } = readOptions('policy plan', args, {
    ...WHO,
    from: { type: 'string' },
    months: { type: 'string' },
    last: { type: 'string' },
  });
  const pack = policyOf('policy plan', values);
  const from = optionalDate(values, 'from') ?? today;
  const months = wholeNumber('months', optionalText(values, 'months') ?? '3', { min: 1 });
  const window = { from, through: addMonths(from, months), last: optionalDate(values, 'last') };
  const childCase = caseOf(values);
  if (childCase) {
    const dates = caseDueDates(pack, childCase, { ...window, lastDiscussed: window.last });
    return {
      human: dates.join('\n') || `(nothing due from ${from} to ${window.through})`,
      json: dates,
    };
  }
  const person = superviseeOf('policy plan', values, pack);
  const types = typesAsked(pack, person, optionalText(values, 'type'));
  const plans = types.flatMap((type) =>
    dueDates(pack, person, window, type).map((date) => ({ date, type })),
  );
  plans.sort((a, b) => a.date.localeCompare(b.date) || a.type.localeCompare(b.type));
  const empty = `(nothing due from ${from} to ${window.through})`;
  if (types.length === 1) {
    const dates = plans.map((plan) => plan.date);
    return { human: dates.join('\n') || empty, json: dates };
  }
  return {
    human: plans.map((plan) => `${plan.date} ${plan.type}`).join('\n') || empty,
    json: plans,
  };
}

function policyOf(command: string, values: ParsedOptions): PolicyPack {
  return loadPolicy(
    requiredText(
      command,
      values,
      'policy',
      `one of ${shippedPolicyIds().join(', ')}, or a policy file .json`,
    ),
  );
}

function caseOf(values: ParsedOptions): ChildCase | undefined {
  const status = optionalText(values, 'case-status');
  if (status === undefined) return undefined;
  if (optionalText(values, 'role') !== undefined)
    throw new InputError('give either --role or --case-status, not both');
  const since = optionalDate(values, 'since');
  return since ? { status, since } : { status };
}

function superviseeOf(command: string, values: ParsedOptions, pack: PolicyPack): Supervisee {
  const role = requiredText(
    command,
    values,
    'role',
    `a staff role such as ${pack.roles[0]?.role ?? 'social-worker'}, or use --case-status`,
  );
  const person: Supervisee = { role, agreed: agreedPeriods(values) };
  const agreedEvery = optionalText(values, 'agreed-every');
  if (agreedEvery !== undefined) {
    person.agreedFrequency = {
      [optionalText(values, 'type') ?? 'one-to-one']: agreedInterval(agreedEvery),
    };
  }
  const started = optionalDate(values, 'started');
  const approved = optionalDate(values, 'approved');
  if (started) person.started = started;
  if (approved) person.approved = approved;
  return person;
}

/** The types to answer for: the one asked, the role's only one, or all of a role's several. */
function typesAsked(pack: PolicyPack, person: Supervisee, type: string | undefined): string[] {
  const rule = roleFor(pack, person, type);
  return type === undefined && rule.types.length > 1
    ? rule.types.map((t) => t.type)
    : [findRoleType(pack, rule, type).type];
}

function until(endsOn: IsoDate | undefined): string {
  return endsOn ? `, changing on ${endsOn}` : '';
}
