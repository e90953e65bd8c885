/**
 * The ports the domain is written against, one file per concern. `store/`
 * implements the store ports over SQL, `graph/` the calendar and directory
 * over Microsoft Graph, `bot/` delivery to Teams, `app/` the clock and the
 * log; each implementation is typed with the port it implements
 * (`import type`, so no room gains a runtime dependency on this one).
 * docs/architecture.md lists them.
 */
export type * from './agreements.ts';
export type * from './assistant.ts';
export type * from './booking.ts';
export type * from './calendar.ts';
export type * from './cases.ts';
export type * from './common.ts';
export type * from './cover.ts';
export type * from './ending.ts';
export type * from './groups.ts';
export type * from './log.ts';
export type * from './ladder.ts';
export type * from './lost.ts';
export { MESSAGE_KINDS, type MessageKind } from './outbox.ts';
export type * from './outbox.ts';
export type * from './prompts.ts';
export type * from './reconcile.ts';
export type * from './recording.ts';
export type * from './roster.ts';
export type * from './team.ts';
