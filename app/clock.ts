/**
 * The clock port. Logic never reads the time itself: it is handed a Clock,
 * and tests hand it a fixed one. "Today" is the date in Europe/London, where
 * every council Cadence serves keeps its calendar.
 */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { parseIsoDate, type IsoDate } from '../rules/index.ts';

export const COUNCIL_TIME_ZONE = 'Europe/London';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function fixedClock(instant: Date): Clock {
  return { now: () => new Date(instant) };
}

/** The London calendar date of an instant (23:30 UTC on 30 June is 1 July in London). */
export function londonDate(instant: Date): IsoDate {
  return parseIsoDate(format(new TZDate(instant, COUNCIL_TIME_ZONE), 'yyyy-MM-dd'));
}

export function today(clock: Clock): IsoDate {
  return londonDate(clock.now());
}
