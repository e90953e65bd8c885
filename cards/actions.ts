/**
 * Every card action's data, as it arrives from Teams: the action's own data
 * (`verb` and ids the card was built with) merged with the card's inputs.
 * Parsed with zod before anything reads it; ids inside are only *which*
 * thing — whether the user may act on it is decided by the bot from the
 * activity's `from.aadObjectId`, never from this data.
 *
 * Input.Number and Input.Toggle values can arrive as text, and a multi-select
 * ChoiceSet arrives as one comma-separated string, so the schemas accept both.
 */
import { z } from 'zod';
import { PARTS } from './types.ts';

/**
 * Action rows the record card carries: the first INITIAL_ACTION_ROWS shown,
 * the rest revealed one at a time by "Add another action" (recording accepts
 * up to 50; a longer list belongs in the full record).
 */
export const MAX_ACTION_ROWS = 10;
export const INITIAL_ACTION_ROWS = 3;
/** A row's number on the form, 1 to MAX_ACTION_ROWS. */
export type ActionRowNumber = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;
type ActionRowField = `action${ActionRowNumber}${'Text' | 'Owner' | 'Due' | 'Review'}`;

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** The longest nonce a button may carry (a card's UUID and a button's suffix fit well inside). */
export const NONCE_MAX = 64;
const nonce = z.string().min(8).max(NONCE_MAX);
const text = (max: number) => z.string().max(max).optional();
const slot = z.object({
  weekday: z.coerce.number().int().min(1).max(7),
  time: z.string().regex(/^\d{2}:\d{2}$/),
});
const duration = z.coerce.number().int().min(15).max(240);
/** A comma-separated multi-select, or a list. */
const list = z
  .union([z.array(z.string()), z.string()])
  .transform((v) =>
    (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter((s) => s !== ''),
  );
const flag = z
  .union([z.boolean(), z.enum(['true', 'false'])])
  .transform((v) => v === true || v === 'true');

export const COMMANDS = [
  'help',
  'my sessions',
  'book',
  'record',
  'overdue',
  'compliance',
  'team',
  'cover',
  'not installed',
] as const;

export const commandAction = z.object({ verb: z.literal('command'), command: z.enum(COMMANDS) });

/** Ask for (another) proposal: a supervisee picked, another time or another duration. */
export const proposeAction = z.object({
  verb: z.literal('propose'),
  relationshipId: id,
  durationMinutes: duration.optional(),
  avoid: z.array(slot).max(20).default([]),
});

export const bookAction = z.object({
  verb: z.literal('book'),
  relationshipId: id,
  durationMinutes: duration,
  avoid: z.array(slot).max(20).default([]),
  nonce,
});

/** A group's proposal, from the `book` list (docs/roster.md#groups). */
export const proposeGroupAction = z.object({
  verb: z.literal('proposeGroup'),
  groupId: id,
  /** Slots turned down with Another time, as for a one-to-one. */
  avoid: z.array(slot).max(20).default([]),
});

/** Book a group's proposal (with the slots it was proposed around), or finish or retry its booking. */
export const bookGroupAction = z.object({
  verb: z.literal('bookGroup'),
  groupId: id,
  avoid: z.array(slot).max(20).default([]),
  nonce,
});

export const openRecordAction = z.object({ verb: z.literal('openRecord'), sessionId: id });

const actionRows = Object.fromEntries(
  Array.from({ length: MAX_ACTION_ROWS }, (_, i) => [
    [`action${i + 1}Text`, text(500)],
    [`action${i + 1}Owner`, text(320)],
    [`action${i + 1}Due`, text(32)],
    [`action${i + 1}Review`, text(32)],
  ]).flat(),
) as Record<ActionRowField, ReturnType<typeof text>>;

/** The record card's submit: the form's inputs as typed; recording checks them field by field. */
export const recordAction = z.object({
  verb: z.literal('record'),
  sessionId: id,
  nonce,
  held: z.enum(['yes', 'no']).optional(),
  reason: text(32),
  note: text(2000),
  heldOn: text(32),
  durationMinutes: z.union([z.number(), z.string().max(8)]).optional(),
  parts: list.pipe(z.array(z.enum(PARTS))).optional(),
  summary: text(2000),
  nextDate: text(32),
  recordLocation: text(2000),
  cases: list.pipe(z.array(z.string().max(64)).max(200)).optional(),
  /** One meeting for several types: those ticked as covered (absent on a one-type session's card). */
  typesCovered: list.pipe(z.array(z.string().max(64)).max(10)).optional(),
  /** A direct observation of practice (only on a card whose session's type the policy counts). */
  observed: flag.optional(),
  ...actionRows,
});

/** The supervisee's answer to a held record (supervision/sign-off.ts); `version` is the record the card showed. */
export const signOffAction = z.object({
  verb: z.literal('signOff'),
  sessionId: id,
  version: z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  outcome: z.enum(['agreed', 'commented', 'disagreed']),
  // Longer than recording takes, so an over-long comment is refused beside its box, not as a tampered card.
  comment: text(8000),
});

const instant = z.iso.datetime({ offset: true });

/** A supervisee's "Tell my manager" on their own overdue-supervision notice (supervision/tell-manager.ts). */
export const tellManagerAction = z.object({
  verb: z.literal('tellManager'),
  type: z.string().min(1).max(64),
  dueOn: z.iso.date(),
  nonce,
});

/** Sign on the agreement card: whose agreement, and the kind and deadline the card showed (supervision/agreement-signing.ts). */
export const signAgreementAction = z.object({
  verb: z.literal('signAgreement'),
  superviseeId: id,
  kind: z.enum(['agreement', 'review', 'update']),
  dueOn: z.iso.date().optional(),
});

/** Book on a lost session's card: the replacement it proposed (supervision/lost-sessions.ts), and why it was lost when asked. */
export const rebookAction = z.object({
  verb: z.literal('rebook'),
  sessionId: id,
  start: instant,
  nonce,
  lostReason: z.enum(['annual-leave', 'sickness', 'court', 'other']).optional(),
});

/** Another time on a lost session's card: the proposals turned down so far. */
export const rebookProposeAction = z.object({
  verb: z.literal('rebookPropose'),
  sessionId: id,
  avoid: z.array(instant).max(20).default([]),
  lostReason: z.enum(['annual-leave', 'sickness', 'court', 'other']).optional(),
});

export const openGroupRecordAction = z.object({
  verb: z.literal('openGroupRecord'),
  sessionId: id,
});

/** A group meeting's record card's Save: a toggle per member (`attended<personId>`), cases, summary, and why not when nobody came. */
export const recordGroupAction = z
  .object({
    verb: z.literal('recordGroup'),
    sessionId: id,
    nonce,
    summary: text(2000),
    reason: text(32),
    cases: list.pipe(z.array(z.string().max(64)).max(200)).optional(),
  })
  .catchall(z.unknown())
  .transform((data) => {
    const attendedIds: number[] = [];
    for (const [key, value] of Object.entries(data)) {
      const match = /^attended(\d{1,15})$/.exec(key);
      if (match && flag.safeParse(value).data === true) attendedIds.push(Number(match[1]));
    }
    return {
      verb: data.verb,
      sessionId: data.sessionId,
      nonce: data.nonce,
      summary: data.summary,
      reason: data.reason,
      cases: data.cases,
      attendedIds,
    };
  });

/** The preparation card's Save: each previous action's toggle (`done<actionId>`) and a new agenda item. */
export const prepareAction = z
  .object({
    verb: z.literal('prepare'),
    sessionId: id,
    nonce,
    agenda: text(500),
  })
  .catchall(z.unknown())
  .transform((data) => {
    const done: { actionId: number; done: boolean }[] = [];
    for (const [key, value] of Object.entries(data)) {
      const match = /^done(\d{1,15})$/.exec(key);
      if (!match) continue;
      const parsed = flag.safeParse(value);
      if (parsed.success) done.push({ actionId: Number(match[1]), done: parsed.data });
    }
    return {
      verb: data.verb,
      sessionId: data.sessionId,
      nonce: data.nonce,
      agenda: data.agenda,
      done,
    };
  });

/** The cover card's Set cover: who is away, who covers, first and last days (docs/roster.md#cover). */
export const setCoverAction = z.object({
  verb: z.literal('setCover'),
  nonce,
  supervisorUpn: text(320),
  coverUpn: text(320),
  from: text(32),
  to: text(32),
});

export const removeCoverAction = z.object({ verb: z.literal('removeCover'), coverId: id });

export const overduePageAction = z.object({
  verb: z.literal('overduePage'),
  page: z.coerce.number().int().min(1).max(10_000),
});

export const chaseAction = z.object({
  verb: z.literal('chase'),
  upn: z.string().min(3).max(320),
  kind: z.string().min(1).max(40),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  nonce,
});

export const snoozeAction = z.object({
  verb: z.literal('snooze'),
  subject: z.string().min(1).max(200),
  days: z.coerce.number().int().min(1).max(14),
  nonce,
});

/** Universal Actions' automatic refresh: show the card's current state to whoever opens it. */
export const refreshAction = z.object({
  verb: z.literal('refresh'),
  card: z.enum([
    'record',
    'proposal',
    'preparation',
    'chase',
    'escalation',
    'booking',
    'group-booking',
  ]),
  sessionId: id.optional(),
  relationshipId: id.optional(),
  groupId: id.optional(),
  subject: z.string().max(200).optional(),
  /** The outbox message a proactive card was sent as: its refresh builds that message again from the current state. */
  key: z.string().max(200).optional(),
});

export const cardAction = z.discriminatedUnion('verb', [
  commandAction,
  proposeAction,
  bookAction,
  proposeGroupAction,
  bookGroupAction,
  openRecordAction,
  recordAction,
  signOffAction,
  rebookAction,
  rebookProposeAction,
  signAgreementAction,
  tellManagerAction,
  openGroupRecordAction,
  recordGroupAction,
  prepareAction,
  setCoverAction,
  removeCoverAction,
  overduePageAction,
  chaseAction,
  snoozeAction,
  refreshAction,
]);

export type CardAction = z.output<typeof cardAction>;
export type Verb = CardAction['verb'];

/** Parses a card action's data; a tampered or stale shape comes back as `ok: false` with which fields were wrong. */
export function parseCardAction(
  data: unknown,
): { ok: true; action: CardAction } | { ok: false; fields: string[] } {
  const result = cardAction.safeParse(data);
  if (result.success) return { ok: true, action: result.data };
  return {
    ok: false,
    fields: [...new Set(result.error.issues.map((i) => i.path.join('.') || '(data)'))],
  };
}
