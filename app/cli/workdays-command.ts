/** `cadence workdays add --from D --days N`: working days in England and Wales. */
import { addWorkingDays, parseIsoDate } from '../../rules/index.ts';
import type { Output } from './io.ts';
import { readOptions, requiredText, wholeNumber } from './options.ts';

export function workdaysAdd(args: string[]): Output {
  const { values } = readOptions('workdays add', args, {
    from: { type: 'string' },
    days: { type: 'string' },
  });
  const from = parseIsoDate(
    requiredText('workdays add', values, 'from', 'the date to count from, YYYY-MM-DD'),
    '--from',
  );
  const days = wholeNumber(
    'days',
    requiredText('workdays add', values, 'days', 'how many working days; negative counts back'),
  );
  const date = addWorkingDays(from, days);
  return {
    human: `${date} is ${Math.abs(days)} working day${Math.abs(days) === 1 ? '' : 's'} ${days < 0 ? 'before' : 'after'} ${from} (England and Wales bank holidays excluded)`,
    json: { date },
  };
}
