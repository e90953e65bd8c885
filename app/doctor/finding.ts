/**
 * What `cadence doctor` reports: one finding per line, each with what it
 * found and, for a problem, what to do about it.
 */

/** `skip` is a check that could not run because one it depends on failed; it says which. */
export type Status = 'ok' | 'warn' | 'FAIL' | 'skip';

export type CheckName =
  | 'settings'
  | 'graph token'
  | 'permissions'
  | 'mailbox'
  | 'database'
  | 'database role'
  | 'reconcile'
  | 'bot identity';

export interface Finding {
  check: CheckName;
  status: Status;
  /** What was found: a setting's name and value (never a secret), a reason from Entra, a count. */
  found: string;
  /** What to do: the setting to set, the permission to grant or remove, the command to run, where the docs say more. */
  fix?: string;
}

export const ok = (check: CheckName, found: string): Finding => ({ check, status: 'ok', found });
export const warn = (check: CheckName, found: string, fix: string): Finding => ({
  check,
  status: 'warn',
  found,
  fix,
});
export const fail = (check: CheckName, found: string, fix: string): Finding => ({
  check,
  status: 'FAIL',
  found,
  fix,
});
export const skip = (check: CheckName, found: string): Finding => ({
  check,
  status: 'skip',
  found,
});
