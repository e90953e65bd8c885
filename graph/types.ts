/**
 * The types `graph/` shares with the domain. The domain owns them (the ports
 * it is written against live in supervision/ports/calendar.ts); the adapter
 * implements them, and no Graph SDK type appears in them.
 */
export type * from '../supervision/ports/calendar.ts';
export type { IsoDate } from '../rules/index.ts';
