/**
 * Who books a relationship's sessions, set by the roster's `booking` column:
 * `automatic`, the daily job, through the horizon; or `by-supervisor`, the
 * supervisor from the proposal card in Teams, so the daily job leaves it
 * alone. Its own file because roster import needs the words, not booking.
 */
export const BOOKING_MODES = ['automatic', 'by-supervisor'] as const;
export type BookingMode = (typeof BOOKING_MODES)[number];
