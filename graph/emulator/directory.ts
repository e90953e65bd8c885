/**
 * The tenant's users: ids, names, managers and the working hours their
 * mailbox settings would hold.
 */
import { createHash } from 'node:crypto';
import { GraphError } from './errors.ts';
import type { DayOfWeek, SeedUser, User } from './types.ts';

const WEEKDAYS: DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

/** A stable GUID from a name, so seeded users keep their ids from run to run. */
export function guidFrom(name: string): string {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The directory as plain data, for the state file (state-file.ts). */
export interface DirectoryState {
  users: User[];
  /** Lower-case UPN or mail → user id, as add() left them (a later user may have taken over a name). */
  names: [string, string][];
  /** Managers named before they were added: user id → the manager's UPN or id. */
  pendingManagers: [string, string][];
}

export class Directory {
  // Not readonly: restore() replaces them whole.
  private byId = new Map<string, User>();
  private byName = new Map<string, string>();
  private pendingManagers = new Map<string, string>();
  /** Called after every change; the state file's saver listens. */
  onChange: () => void = () => undefined;

  /** Adds or replaces users; managers may be named before they are added. */
  add(seeds: readonly SeedUser[]): User[] {
    const added = seeds.map((s) => {
      const upn = s.userPrincipalName.toLowerCase();
      const id = s.id ?? this.byName.get(upn) ?? guidFrom(upn);
      const user: User = {
        id,
        displayName: s.displayName,
        userPrincipalName: s.userPrincipalName,
        mail: s.mail ?? s.userPrincipalName,
        jobTitle: s.jobTitle ?? null,
        managerId: null,
        workingDays: s.workingDays ?? WEEKDAYS,
        workingHours: s.workingHours ?? { start: '09:00', end: '17:00' },
        ...(s.freeBusyHidden ? { freeBusyHidden: true } : {}),
        ...(s.onlineMeetingProviders && { onlineMeetingProviders: [...s.onlineMeetingProviders] }),
      };
      this.byId.set(id.toLowerCase(), user);
      this.byName.set(upn, id);
      this.byName.set(user.mail.toLowerCase(), id);
      if (s.manager) this.pendingManagers.set(id, s.manager);
      return user;
    });
    for (const [id, manager] of this.pendingManagers) {
      const m = this.find(manager);
      const u = this.byId.get(id.toLowerCase());
      if (m && u) {
        u.managerId = m.id;
        this.pendingManagers.delete(id);
      }
    }
    this.onChange();
    return added;
  }

  /** Everything the directory holds. Shares the users with it: serialise at once. */
  snapshot(): DirectoryState {
    return {
      users: [...this.byId.values()],
      names: [...this.byName],
      pendingManagers: [...this.pendingManagers],
    };
  }

  /** Replaces everything with a snapshot, as the emulator starts. */
  restore(state: DirectoryState): void {
    this.byId = new Map(state.users.map((u) => [u.id.toLowerCase(), u]));
    this.byName = new Map(state.names);
    this.pendingManagers = new Map(state.pendingManagers);
  }

  find(idOrName: string): User | undefined {
    const key = decodeURIComponent(idOrName).toLowerCase();
    return this.byId.get(key) ?? this.byId.get((this.byName.get(key) ?? '').toLowerCase());
  }

  /** 404 as Microsoft Entra answers for an unknown user. */
  require(idOrName: string): User {
    const u = this.find(idOrName);
    if (!u)
      throw new GraphError(
        404,
        'Request_ResourceNotFound',
        `Resource '${idOrName}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return u;
  }

  /** The mailbox stops sharing its free/busy (or starts again): getSchedule answers it with ErrorAccessDenied. */
  hideFreeBusy(idOrName: string, hidden: boolean): void {
    const user = this.require(idOrName);
    if (hidden) user.freeBusyHidden = true;
    else delete user.freeBusyHidden;
    this.onChange();
  }

  directReports(managerId: string): User[] {
    return [...this.byId.values()]
      .filter((u) => u.managerId === managerId)
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  all(): User[] {
    return [...this.byId.values()];
  }
}
