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

export class Directory {
  private readonly byId = new Map<string, User>();
  private readonly byName = new Map<string, string>();
  private readonly pendingManagers = new Map<string, string>();

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
    return added;
  }

  find(idOrName: string): User | undefined {
    const key = decodeURIComponent(idOrName).toLowerCase();
    return this.byId.get(key) ?? this.byId.get((this.byName.get(key) ?? '').toLowerCase());
  }

  /** 404 as Microsoft Entra answers for an unknown user. */
  require(idOrName: string): User {
    const u = this.find(idOrName);
    if (!u) throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${idOrName}' does not exist or one of its queried reference-property objects are not present.`);
    return u;
  }

  directReports(managerId: string): User[] {
    return [...this.byId.values()].filter((u) => u.managerId === managerId).sort((a, b) => a.displayName.localeCompare(b.displayName));
  }

  all(): User[] {
    return [...this.byId.values()];
  }

  /** Puts back users as `all()` gave them (managers already resolved), for a restart. */
  restore(users: readonly User[]): void {
    for (const user of users) {
      this.byId.set(user.id.toLowerCase(), { ...user });
      this.byName.set(user.userPrincipalName.toLowerCase(), user.id);
      this.byName.set(user.mail.toLowerCase(), user.id);
    }
  }
}
