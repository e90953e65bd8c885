/**
 * The clock. Logic never reads the time itself: it is handed a Clock (the
 * port is declared in supervision/ports/common.ts), and tests hand it a fixed one.
 * "Today" is the date in Europe/London.
 */
import { londonDate, type IsoDate } from '../rules/index.ts';
import type { Clock } from '../supervision/index.ts';

export { COUNCIL_TIME_ZONE, endOfLondonDay, londonDate } from '../rules/index.ts';
export type { Clock } from '../supervision/index.ts';

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(instant: Date): Clock {
  return { now: () => new Date(instant) };
}

export function today(clock: Clock): IsoDate {
  return londonDate(clock.now());
}
