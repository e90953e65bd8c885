/**
 * The emulator's state file: users, every event with its overrides, the
 * transactionId map, the id counter and the delta tokens, as one JSON
 * document, so the emulator's mailboxes outlive a restart as Exchange's do.
 * Maps go in as arrays of [key, value] pairs, in their order. The file is
 * checked whole when read: one that is cut short, edited into another shape
 * or written by another format version is refused with the file's name,
 * never half-loaded.
 */
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { CalendarState, CalendarStore } from './calendar-store.ts';
import type { DeltaState, DeltaTracker } from './delta.ts';
import type { Directory, DirectoryState } from './directory.ts';
import type { EventInput } from './types.ts';

const FORMAT = 'cadence-graph-emulator-state';
/** Bump when the shape changes; an older emulator then refuses the newer file instead of misreading it. */
export const STATE_VERSION = 1;

/** The emulator cannot use its state file. The message says which file, what is wrong, and what to do. */
export class EmulatorStateError extends Error {
  override readonly name = 'EmulatorStateError';
  constructor(
    readonly file: string,
    problem: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Graph emulator state file ${file} ${problem}; delete it to start the emulator afresh`,
      options,
    );
  }
}

export interface EmulatorStateParts {
  directory: Directory;
  store: CalendarStore;
  delta: DeltaTracker;
}

export interface SavedState {
  directory: DirectoryState;
  calendar: CalendarState;
  delta: DeltaState;
}

const pair = <T extends z.ZodType>(value: T) => z.tuple([z.string(), value]);
const response = z.enum([
  'none',
  'organizer',
  'tentativelyAccepted',
  'accepted',
  'declined',
  'notResponded',
]);
const day = z.enum(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday']);
const dateTimeZone = z.object({ dateTime: z.string(), timeZone: z.string() });

// The event's input is what a client POSTed, already checked then; here only what placing it needs.
const eventInput = z.custom<EventInput>(
  (v) =>
    dateTimeZone.safeParse((v as EventInput | null)?.start).success &&
    dateTimeZone.safeParse((v as EventInput | null)?.end).success,
  'an event input with start and end',
);

const transition = z.object({
  time: z.string(),
  dayOccurrence: z.number().int(),
  dayOfWeek: day,
  month: z.number().int(),
  year: z.number().int(),
});
const workingHoursZone = z.union([
  z.object({
    '@odata.type': z.literal('#microsoft.graph.customTimeZone'),
    name: z.string(),
    bias: z.number().int(),
    standardOffset: transition,
    daylightOffset: transition.extend({ daylightBias: z.number().int() }),
  }),
  z.object({ name: z.string() }),
]);

const directory: z.ZodType<DirectoryState> = z.object({
  users: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      userPrincipalName: z.string(),
      mail: z.string(),
      jobTitle: z.string().nullable(),
      managerId: z.string().nullable(),
      workingDays: z.array(day),
      workingHours: z.object({
        start: z.string(),
        end: z.string(),
        timeZone: workingHoursZone.optional(),
      }),
      freeBusyHidden: z.boolean().optional(),
      onlineMeetingProviders: z.array(z.string()).optional(),
    }),
  ),
  names: z.array(pair(z.string())),
  pendingManagers: z.array(pair(z.string())),
});

const calendar: z.ZodType<CalendarState> = z.object({
  counter: z.number().int().nonnegative(),
  revision: z.number().int().nonnegative(),
  events: z.array(
    z.object({
      id: z.string(),
      mailboxId: z.string(),
      input: eventInput,
      zone: z.string(),
      startMs: z.number(),
      endMs: z.number(),
      createdMs: z.number(),
      modifiedMs: z.number(),
      version: z.number().int(),
      response,
      createdFrom: z.string().optional(),
      overrides: z.array(
        pair(
          z.object({
            startMs: z.number().optional(),
            endMs: z.number().optional(),
            cancelled: z.boolean().optional(),
            response: response.optional(),
            attendeeResponses: z.record(z.string(), response).optional(),
            version: z.number().int(),
          }),
        ),
      ),
    }),
  ),
  transactions: z.array(pair(z.array(pair(z.string())))),
});

const delta: z.ZodType<DeltaState> = z.object({
  snapshots: z.array(
    pair(
      z.object({
        mailboxId: z.string(),
        fromMs: z.number(),
        toMs: z.number(),
        known: z.array(pair(z.string())),
        createdMs: z.number().optional(),
      }),
    ),
  ),
});

const file = z.object({
  format: z.literal(FORMAT),
  version: z.literal(STATE_VERSION),
  directory,
  calendar,
  delta,
});

/** The whole state as the file's text. Synchronous, so it is one consistent moment. */
export function encodeState(parts: EmulatorStateParts): string {
  return JSON.stringify({
    format: FORMAT,
    version: STATE_VERSION,
    directory: parts.directory.snapshot(),
    calendar: parts.store.snapshot(),
    delta: parts.delta.snapshot(),
  });
}

/** Puts a saved state into freshly made parts, before the emulator answers anything. */
export function restoreState(parts: EmulatorStateParts, saved: SavedState): void {
  parts.directory.restore(saved.directory);
  parts.store.restore(saved.calendar);
  parts.delta.restore(saved.delta);
}

/** The file's text checked whole: the state in it, or an EmulatorStateError naming what is wrong. */
export function decodeState(path: string, text: string): SavedState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new EmulatorStateError(
      path,
      `is not valid JSON (${e instanceof Error ? e.message : String(e)}): it may have been cut short or edited`,
      { cause: e },
    );
  }
  const head = raw as { format?: unknown; version?: unknown } | null;
  if (head?.format !== FORMAT)
    throw new EmulatorStateError(path, 'is not a Graph emulator state file');
  if (head.version !== STATE_VERSION)
    throw new EmulatorStateError(
      path,
      `is in format version ${JSON.stringify(head.version)}, and this emulator reads version ${STATE_VERSION} only`,
    );
  const parsed = file.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EmulatorStateError(
      path,
      `does not have the expected shape at ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'unknown problem'}`,
    );
  }
  return parsed.data;
}

/** The saved state, or undefined when there is no file yet (a first start). */
export async function readStateFile(path: string): Promise<SavedState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new EmulatorStateError(
      path,
      `cannot be read (${e instanceof Error ? e.message : String(e)})`,
      { cause: e },
    );
  }
  return decodeState(path, text);
}

/** Where a write goes before it is renamed into place. */
export const tempFileOf = (path: string): string => `${path}.tmp`;

/**
 * Replaces the file atomically: the text goes to a temporary file in the same
 * folder, is flushed to the disk, and is renamed over the old file, so a
 * process killed at any point leaves either the previous file or the new one
 * (https://man7.org/linux/man-pages/man2/rename.2.html). A temporary file left
 * by a killed write is never read, and the next write replaces it.
 */
export async function writeStateFile(path: string, text: string): Promise<void> {
  const temp = tempFileOf(path);
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}
