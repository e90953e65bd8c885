/**
 * Who books a relationship's sessions, set by the roster's `booking` column:
 * `automatic`, the daily job, through the horizon; or `by-supervisor`, the
 * supervisor from the proposal card in Teams, so the daily job leaves it
 * alone. A group's `booking` column (groups file) means the same, the
 * facilitator booking. Its own file because the imports need the words, not
 * booking.
 */
export const BOOKING_MODES = ['automatic', 'by-supervisor'] as const;
export type BookingMode = (typeof BOOKING_MODES)[number];

/** A `booking` cell: empty means `automatic`, the daily job books, as before the column existed. */
export function readBooking(text: string | undefined, problems: string[]): BookingMode {
  if (!text) return 'automatic';
  const mode = BOOKING_MODES.find((known) => known === text.toLowerCase());
  if (!mode) problems.push(`booking '${text}' must be ${BOOKING_MODES.join(' or ')}`);
  return mode ?? 'automatic';
}
