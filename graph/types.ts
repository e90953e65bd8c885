/**
 * The types `graph/` shares with the domain. The domain owns them (the ports
 * it is written against live in supervision/calendar-port.ts); the adapter
 * implements them, and no Graph SDK type appears in them.
 */
export type * from '../supervision/calendar-port.ts';
