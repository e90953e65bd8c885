/**
 * What recording a session accepts, checked at the boundary: the Teams bot
 * passes a card's data through here. A bad input is refused with the path of
 * each field and its problem — never with the text that was typed, so no
 * record text reaches an error message or a log.
 */
import { z } from 'zod';
import { InputError, parseIsoDate } from '../rules/index.ts';

export const SUMMARY_MAX = 2000;
export const NOTE_MAX = 2000;
export const ACTION_TEXT_MAX = 500;
export const RECORD_LOCATION_MAX = 2000;
export const CASE_REFERENCE_MAX = 64;
export const NOT_HELD_REASONS = ['annual-leave', 'sickness', 'court', 'other'] as const;
/** The parts of supervision a session covered (the four functions of supervision in the councils' policies). */
export const SUPERVISION_PARTS = ['welfare', 'performance', 'development', 'practice'] as const;

/** Card inputs send "" for a field left empty: a blank optional field is absent. */
const blankAsAbsent = (value: unknown) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;

const text = (max: number) =>
  z.string().trim().min(1, 'is empty').max(max, `is longer than ${max} characters`);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsAbsent, schema.optional());

const isoDate = z
  .string()
  .trim()
  .transform((value, ctx) => {
    try {
      return parseIsoDate(value, 'the date');
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        message: error instanceof InputError ? error.message : 'is not a date',
      });
      return z.NEVER;
    }
  });

const upn = z.string().trim().min(1, 'is empty').max(320, 'is longer than 320 characters');

const heldOutcome = z.object({
  held: z.literal(true),
  /** The day it was held, when not the booked day. */
  heldOn: optional(isoDate),
  durationMinutes: optional(
    z.coerce
      .number({ error: 'must be minutes' })
      .int('must be whole minutes')
      .min(5, 'must be at least 5 minutes')
      .max(480, 'must be at most 480 minutes'),
  ),
  parts: z
    .array(z.enum(SUPERVISION_PARTS, { error: `must be among ${SUPERVISION_PARTS.join(', ')}` }))
    .max(4)
    .default([]),
  summary: optional(text(SUMMARY_MAX)),
  nextDate: optional(isoDate),
  recordLocation: optional(text(RECORD_LOCATION_MAX)),
  actions: z
    .array(
      z.object({
        text: text(ACTION_TEXT_MAX),
        ownerUpn: upn,
        due: optional(isoDate),
        review: optional(isoDate),
      }),
    )
    .max(50, 'has more than 50 actions')
    .default([]),
  casesDiscussed: z.array(text(CASE_REFERENCE_MAX)).max(200, 'has more than 200 cases').default([]),
  /**
   * One meeting for several types: those it covered, when not all of them
   * (absent: every type booked). A type left out stays due (migration 024).
   */
  typesCovered: z.array(text(64)).max(10).optional(),
  /** Whether it was (or included) a direct observation of practice, where the policy counts them (migration 027). */
  observed: z.boolean().optional(),
});

const notHeldOutcome = z.object({
  held: z.literal(false),
  reason: z.enum(NOT_HELD_REASONS, { error: `must be one of ${NOT_HELD_REASONS.join(', ')}` }),
  note: optional(text(NOTE_MAX)),
});

export const recordingRequestSchema = z.object({
  sessionId: z
    .number({ error: 'must be a session id' })
    .int('must be a session id')
    .positive('must be a session id')
    .max(Number.MAX_SAFE_INTEGER),
  recorderUpn: upn,
  outcome: z.discriminatedUnion('held', [heldOutcome, notHeldOutcome], {
    error: (issue) =>
      issue.input === undefined ? 'is missing' : 'must be true (held) or false (not held)',
  }),
  amend: z.boolean().default(false),
});

/** What a caller sends (dates as text). */
export type RecordingRequest = z.input<typeof recordingRequestSchema>;
/**
 * What a form sends before it is checked: text where the request has dates,
 * reasons and parts. `recordSession` accepts it and the schema refuses what is
 * wrong, field by field, so the card's strings need no cast to a checked type.
 */
export interface RecordingDraft {
  sessionId: number;
  recorderUpn: string;
  outcome:
    | { held: false; reason: string | undefined; note: string | undefined }
    | {
        /** `undefined` when the form said neither: the schema refuses it as missing. */
        held: true | undefined;
        heldOn: string | undefined;
        durationMinutes: number | string | undefined;
        parts: readonly string[];
        summary: string | undefined;
        nextDate: string | undefined;
        recordLocation: string | undefined;
        casesDiscussed: readonly string[];
        actions: readonly {
          text: string;
          ownerUpn: string;
          due: string | undefined;
          review?: string | undefined;
        }[];
        typesCovered?: readonly string[] | undefined;
        observed?: boolean | undefined;
      };
}

/** What it is once checked (dates as IsoDate, lists present). */
export type CheckedRecordingRequest = z.output<typeof recordingRequestSchema>;

/**
 * A session's record as stored (jsonb): what `recordSession` wrote (short
 * fields only; the actions and cases have tables of their own), or an
 * import's marker. Other keys are kept as they are.
 */
const storedRecordSchema = z.looseObject({
  summary: z.string().optional(),
  note: z.string().optional(),
  heldOn: z.string().optional(),
  nextDate: z.string().optional(),
  durationMinutes: z.number().optional(),
  parts: z.array(z.enum(SUPERVISION_PARTS)).optional(),
  importedFrom: z.string().optional(),
});

export type StoredRecord = z.output<typeof storedRecordSchema>;

/** Reads a stored record back; a shape recording never writes is an error naming the session and the field. */
export function parseStoredRecord(value: unknown, sessionId: number): StoredRecord | null {
  if (value === null || value === undefined) return null;
  const parsed = storedRecordSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new Error(
    `the stored record of session ${sessionId} is not readable at ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'unknown problem'}`,
  );
}

export interface FieldProblem {
  /** e.g. `outcome.actions[1].due` */
  path: string;
  message: string;
}

/** A recording refused for its fields; `problems` lets a card mark each one. */
export class RecordingInputError extends InputError {
  override name = 'RecordingInputError';
  constructor(readonly problems: readonly FieldProblem[]) {
    super(`the record was not saved: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  }
}

export function parseRecordingRequest(data: unknown): CheckedRecordingRequest {
  const result = recordingRequestSchema.safeParse(data);
  if (result.success) return result.data;
  throw new RecordingInputError(
    result.error.issues.map((issue) => ({ path: pathOf(issue.path), message: issue.message })),
  );
}

function pathOf(path: readonly PropertyKey[]): string {
  const text = path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
  return text || '(the whole input)';
}
