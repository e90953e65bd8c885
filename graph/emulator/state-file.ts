/**
 * The emulator's mailboxes kept in a file, so that they outlive the process
 * as a real tenant's mailboxes do: users, every event with its per-occurrence
 * changes, transactionId de-duplication, the id counter, and the newest delta
 * tokens. Written whole to a temporary file in the same folder, flushed to
 * disk, then renamed over the old one: a kill mid-write leaves the previous
 * state, never half of one.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import type { CalendarStoreState } from './calendar-store.ts';
import type { DeltaState } from './delta.ts';
import type { User } from './types.ts';

export const STATE_FORMAT = 'cadence-graph-emulator/1';

export interface EmulatorStateFile {
  format: typeof STATE_FORMAT;
  users: User[];
  calendar: CalendarStoreState;
  delta: DeltaState;
}

/** A state file that cannot be used: it says which, and what to do. */
export class StateFileError extends Error {
  override name = 'StateFileError';
}

/** The state in `path`, or null when there is no such file. */
export function readStateFile(path: string): EmulatorStateFile | null {
  if (!existsSync(path)) return null;
  const refuse = (why: string) =>
    new StateFileError(`the Graph emulator's saved mailboxes in ${path} ${why}; delete the file to start with new calendars (and the demo's database with it, to start the demo afresh)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw refuse(`cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  const state = parsed as Partial<EmulatorStateFile> | null;
  if (!state || typeof state !== 'object' || state.format !== STATE_FORMAT) {
    throw refuse(`are not in a format this version knows (${JSON.stringify((state as { format?: unknown } | null)?.format ?? null)}, expected ${STATE_FORMAT})`);
  }
  if (!Array.isArray(state.users) || !Array.isArray(state.calendar?.events) || !Array.isArray(state.delta?.snapshots)) throw refuse('are incomplete');
  return state as EmulatorStateFile;
}

export function writeStateFile(path: string, state: EmulatorStateFile): void {
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(state));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
}
