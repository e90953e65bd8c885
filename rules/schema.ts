/**
 * The shape of a policy pack: one council's supervision policy as data.
 * Every rule carries the passage it encodes (`source`), so a principal social
 * worker can check Cadence against the document it came from.
 */
import { z } from 'zod';
import { CASE_STATUSES, STAFF_ROLES, SUPERVISION_TYPES } from './ids.ts';

const id = z
  .string()
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    'an id is lower-case letters and digits joined by hyphens, e.g. team-manager',
  );
const count = z.number().int('must be a whole number').positive('must be 1 or more');

export const unitSchema = z.enum(['day', 'working-day', 'week', 'month']);

/** Where a rule comes from: the document (defaults to the pack's), its section, and its words. */
export const sourceSchema = z.strictObject({
  file: z.string().min(1).optional(),
  section: z.string().min(1),
  quote: z.string().min(1),
});

/** How often: `{every: 2, unit: 'week'}` is fortnightly. */
export const intervalSchema = z.strictObject({ every: count, unit: unitSchema });

/** How long: `{amount: 6, unit: 'month'}` is six months from a start date. */
export const durationSchema = z.strictObject({ amount: count, unit: unitSchema });

/**
 * A stretch of time with one frequency. `until` ends it, counted from the
 * person's start (or approval) date, or from a case's `since` date; it is
 * either fixed by the document or left by it to agreement ("for an agreed
 * period"), in which case the person's record holds the length under the
 * named setting. The last phase has no end. `alternating` marks a phase whose
 * sessions the document has two supervisors take in turns (Lambeth's ASYE
 * professional supervision "every 2 weeks (alternating between ASYE Assessor
 * and Team Manager)"): where any phase of a type is marked, only the marked
 * ones alternate, and the others are the supervisor's alone.
 */
export const phaseSchema = z.strictObject({
  every: count,
  unit: unitSchema,
  until: z
    .union([durationSchema, z.strictObject({ agreed: id, meaning: z.string().min(1) })])
    .optional(),
  alternating: z.literal(true).optional(),
  source: sourceSchema,
});

export const roleTypeSchema = z.strictObject({
  type: id,
  /** Who supervises, in the document's words ("Team Manager"). */
  supervisor: z.string().min(1).optional(),
  phases: z.array(phaseSchema).min(1, 'needs at least one phase'),
  /**
   * Where the document lets an agreement lower the frequency for some people
   * (Solihull: short break foster carers, "proportionate to the amount of care
   * provided"): a frequency agreed for the person then applies even when it is
   * less frequent than the phases. Otherwise the phases are the minimum.
   */
  agreedMayReduce: z.strictObject({ when: z.string().min(1), source: sourceSchema }).optional(),
});

export const roleRuleSchema = z.strictObject({
  role: id,
  /** The staff group in the document's own words. */
  title: z.string().min(1),
  /** What phases count from: the start in the role, or a foster carer's approval. */
  phasesFrom: z.enum(['started', 'approved']).default('started'),
  types: z.array(roleTypeSchema).min(1, 'needs at least one supervision type'),
});

export const caseRuleSchema = z.strictObject({
  status: id,
  title: z.string().min(1),
  /** What the case's `since` date is for this status (e.g. the initial child protection conference). */
  since: z.string().min(1),
  /** A first discussion due sooner than the regular interval, counted from `since`. */
  first: z.strictObject({ within: intervalSchema, source: sourceSchema }).optional(),
  phases: z.array(phaseSchema).min(1, 'needs at least one phase'),
});

export const packSchema = z
  .strictObject({
    id,
    council: z.string().min(1),
    document: z.strictObject({
      title: z.string().min(1),
      date: z.string().min(1),
      file: z.string().min(1),
    }),
    roles: z.array(roleRuleSchema),
    cases: z.array(caseRuleSchema),
    /**
     * Set when the document leaves how often staff are supervised to
     * agreement (Knowsley: "at agreed frequency"): a role the pack has no rule
     * for is then supervised at the frequency recorded for the person.
     */
    agreedStaffFrequency: z.strictObject({ source: sourceSchema }).optional(),
    /** How soon after a session its record must be written. */
    recordDeadline: z.strictObject({ within: intervalSchema, source: sourceSchema }).optional(),
    /**
     * How soon the supervisee must sign off a record once it is saved. None of
     * the seeded documents gives a time (Solihull asks only that records are
     * "signed and dated by both parties"), so Cadence's default applies
     * (supervision/sign-off.ts) until a council's document does.
     */
    signOffDeadline: z.strictObject({ within: intervalSchema, source: sourceSchema }).optional(),
    agreement: z
      .strictObject({
        signWithin: z.strictObject({ within: durationSchema, source: sourceSchema }).optional(),
        /**
         * Every supervisee must have one, even where the document gives no
         * deadline in days (Lambeth: audits "that each staff member has a
         * completed supervision agreement"): one not recorded is shown as
         * missing, with no due date.
         */
        required: z.strictObject({ source: sourceSchema }).optional(),
        review: z.strictObject({ every: count, unit: unitSchema, source: sourceSchema }).optional(),
      })
      .optional(),
    /**
     * Set where the document lets one meeting give time to several
     * supervision types with the same supervisor (Lambeth 2.2: "separate
     * supervision sessions or the allocation of time and space within the
     * session"). Types of one person due with one supervisor at the same
     * frequency are then booked as one session whose record covers each type
     * (rules/combined-types.ts); without it every type is its own session.
     */
    combinedSessions: z.strictObject({ source: sourceSchema }).optional(),
    /** How far ahead sessions must be agreed. */
    bookingHorizon: z.strictObject({ atLeast: durationSchema, source: sourceSchema }).optional(),
    /** Sessions a whole team holds together (e.g. group supervision). */
    teamSessions: z
      .array(z.strictObject({ type: id, every: count, unit: unitSchema, source: sourceSchema }))
      .default([]),
    /**
     * How many supervisees one supervisor should have at most (Lambeth 3.2:
     * "1 Supervisor to 6 – 8 Supervisees"). `from` is the bottom of the range
     * when the document gives one; a supervisor is over the ratio above
     * `atMost`. It applies to supervisors of the listed roles (in the
     * document's words, `appliesTo`), and counts all their supervisees.
     */
    supervisorLoad: z
      .strictObject({
        from: count.optional(),
        atMost: count,
        roles: z.array(id).min(1, 'name at least one role whose supervisors the ratio applies to'),
        appliesTo: z.string().min(1),
        source: sourceSchema,
      })
      .optional(),
    /**
     * Sessions of a type of which one in every `oneIn` must be (or include) a
     * direct observation of practice (Lambeth 2.2.2: "1 in 3 professional
     * supervision session should be dedicated to the observation of
     * practice"): counted over the sessions recorded in Cadence
     * (supervision/observation.ts).
     */
    observations: z
      .array(
        z.strictObject({
          type: id,
          oneIn: count.min(2, 'one in 1 is every session'),
          source: sourceSchema,
        }),
      )
      .default([]),
    /**
     * Who is told when something stays overdue, and when: each step names a
     * person in the line above the one it concerns and the working days after
     * the due date it reaches them. None of the seeded documents gives days
     * (Knowsley only says staff "must escalate"), so Cadence's default ladder
     * applies (supervision/escalation-ladder.ts) until a council's does.
     */
    escalation: z
      .strictObject({
        steps: z
          .array(
            z.strictObject({
              to: z.enum(['person', 'supervisor', 'manager', 'next-level']),
              afterWorkingDays: z.number().int().min(0).max(120),
            }),
          )
          .min(1, 'name at least one step'),
        source: sourceSchema,
      })
      .optional(),
    /** Rules a person should know that Cadence does not compute (yet), with their source. */
    notes: z.array(z.strictObject({ text: z.string().min(1), source: sourceSchema })).default([]),
    /** Ids this pack adds to the stable ones of policy-ids.md, each with its meaning. */
    ownIds: z
      .strictObject({
        roles: z.record(id, z.string().min(1)).optional(),
        types: z.record(id, z.string().min(1)).optional(),
        caseStatuses: z.record(id, z.string().min(1)).optional(),
      })
      .optional(),
  })
  .superRefine((pack, ctx) => {
    const declared = (
      table: Record<string, string>,
      own: Record<string, string> | undefined,
      value: string,
    ) => value in table || (own !== undefined && value in own);
    pack.roles.forEach((rule, r) => {
      if (!declared(STAFF_ROLES, pack.ownIds?.roles, rule.role)) {
        ctx.addIssue({
          code: 'custom',
          path: ['roles', r, 'role'],
          message: `'${rule.role}' is not a stable role id; use one of policy-ids.md or declare it under ownIds.roles`,
        });
      }
      rule.types.forEach((t, i) => {
        if (!declared(SUPERVISION_TYPES, pack.ownIds?.types, t.type)) {
          ctx.addIssue({
            code: 'custom',
            path: ['roles', r, 'types', i, 'type'],
            message: `'${t.type}' is not a stable supervision type id; use one of policy-ids.md or declare it under ownIds.types`,
          });
        }
      });
    });
    pack.cases.forEach((rule, c) => {
      if (!declared(CASE_STATUSES, pack.ownIds?.caseStatuses, rule.status)) {
        ctx.addIssue({
          code: 'custom',
          path: ['cases', c, 'status'],
          message: `'${rule.status}' is not a stable case status id; use one of policy-ids.md or declare it under ownIds.caseStatuses`,
        });
      }
    });
    const load = pack.supervisorLoad;
    if (load?.from !== undefined && load.from > load.atMost)
      ctx.addIssue({
        code: 'custom',
        path: ['supervisorLoad', 'from'],
        message: `the range starts at ${load.from}, above its top (atMost ${load.atMost})`,
      });
    load?.roles.forEach((role, i) => {
      if (!pack.roles.some((rule) => rule.role === role))
        ctx.addIssue({
          code: 'custom',
          path: ['supervisorLoad', 'roles', i],
          message: `'${role}' is not a role of this pack`,
        });
    });
    reportDuplicates(
      pack.roles.map((rule) => rule.role),
      ['roles'],
      'role',
      ctx,
    );
    reportDuplicates(
      pack.cases.map((rule) => rule.status),
      ['cases'],
      'case status',
      ctx,
    );
    pack.roles.forEach((rule, r) => {
      reportDuplicates(
        rule.types.map((t) => t.type),
        ['roles', r, 'types'],
        'supervision type',
        ctx,
      );
      rule.types.forEach((t, i) => checkPhases(t.phases, ['roles', r, 'types', i, 'phases'], ctx));
    });
    pack.cases.forEach((rule, c) => checkPhases(rule.phases, ['cases', c, 'phases'], ctx));
  });

export type Unit = z.infer<typeof unitSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type Interval = z.infer<typeof intervalSchema>;
export type Duration = z.infer<typeof durationSchema>;
export type Phase = z.infer<typeof phaseSchema>;
export type RoleRule = z.infer<typeof roleRuleSchema>;
export type RoleTypeRule = z.infer<typeof roleTypeSchema>;
export type CaseRule = z.infer<typeof caseRuleSchema>;
export type PolicyPack = z.infer<typeof packSchema>;
export type SupervisorLoadRule = NonNullable<PolicyPack['supervisorLoad']>;

/** Rough length in days, only to check that phases are in order. */
export function approximateDays(length: { unit: Unit }, amount: number): number {
  const perUnit: Record<Unit, number> = { day: 1, 'working-day': 1.4, week: 7, month: 30.44 };
  return amount * perUnit[length.unit];
}

function checkPhases(phases: Phase[], path: (string | number)[], ctx: z.RefinementCtx): void {
  let previousEnd = 0;
  phases.forEach((phase, i) => {
    const isLast = i === phases.length - 1;
    if (isLast && phase.until) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'until'],
        message: 'the last phase must have no end (remove "until")',
      });
    }
    if (!isLast && !phase.until) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, i, 'until'],
        message: 'every phase but the last needs an end ("until")',
      });
    }
    if (phase.until && 'amount' in phase.until) {
      const end = approximateDays(phase.until, phase.until.amount);
      if (end <= previousEnd) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, i, 'until'],
          message: 'phases must end in order, each later than the one before',
        });
      }
      previousEnd = end;
    }
  });
}

function reportDuplicates(
  ids: string[],
  path: (string | number)[],
  what: string,
  ctx: z.RefinementCtx,
): void {
  const seen = new Set<string>();
  ids.forEach((value, i) => {
    if (seen.has(value))
      ctx.addIssue({
        code: 'custom',
        path: [...path, i],
        message: `${what} '${value}' appears twice`,
      });
    seen.add(value);
  });
}
