/** What every port shares: the clock, one transaction, an audit entry. */

/** The clock port: the only way the domain learns the time. */
export interface Clock {
  now(): Date;
}

/** Runs `work` in one transaction: all of it is written, or none. */
export type InTransaction<Port> = <T>(work: (port: Port) => Promise<T>) => Promise<T>;

export interface AuditEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string | number | null;
  detail?: Record<string, unknown>;
}
