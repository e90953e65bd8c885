import type { Part } from './types.ts';

export const PART_LABELS: Record<Part, string> = {
  welfare: 'Welfare',
  performance: 'Performance',
  development: 'Development',
  practice: 'Practice',
};

/** Why a session was not held, as recording accepts it (`NOT_HELD_REASONS` in supervision/recording-input.ts). */
export const NOT_HELD_REASON_LABELS: Record<string, string> = {
  'annual-leave': 'Annual leave',
  sickness: 'Sickness',
  court: 'Court',
  other: 'Other',
};
