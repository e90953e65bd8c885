/**
 * Reading a command's options with node's own parser, turning its errors and
 * bad values into one clear line that lists what is accepted.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  InputError,
  parseIsoDate,
  type Duration,
  type Interval,
  type IsoDate,
  type Unit,
} from '../../rules/index.ts';

type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type ParsedOptions = Record<string, string | boolean | string[] | undefined>;

export function readOptions(
  command: string,
  args: string[],
  options: OptionSpec,
): { values: ParsedOptions; positionals: string[] } {
  const spec: OptionSpec = { ...options, json: { type: 'boolean' }, help: { type: 'boolean' } };
  try {
    const { values, positionals } = parseArgs({
      args,
      options: spec,
      strict: true,
      allowPositionals: true,
    });
    return { values: values as ParsedOptions, positionals };
  } catch (error) {
    const known = Object.keys(spec)
      .map((name) => `--${name}`)
      .join(', ');
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new InputError(`${command}: ${reason?.replace(/\.$/, '')}; its options are: ${known}`);
  }
}

export function optionalText(values: ParsedOptions, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function requiredText(
  command: string,
  values: ParsedOptions,
  name: string,
  hint: string,
): string {
  const value = optionalText(values, name);
  if (value === undefined || value === '')
    throw new InputError(`${command}: --${name} is required (${hint})`);
  return value;
}

export function optionalDate(values: ParsedOptions, name: string): IsoDate | undefined {
  const value = optionalText(values, name);
  return value === undefined ? undefined : parseIsoDate(value, `--${name}`);
}

export function wholeNumber(name: string, text: string, { min }: { min?: number } = {}): number {
  if (!/^-?\d+$/.test(text) || (min !== undefined && Number(text) < min)) {
    throw new InputError(
      `--${name} '${text}' must be a whole number${min !== undefined ? ` of at least ${min}` : ''}`,
    );
  }
  return Number(text);
}

const DURATION_UNITS: Record<string, Unit> = { d: 'day', wd: 'working-day', w: 'week', m: 'month' };

/** `--agreed-every 4w` → every 4 weeks. */
export function agreedInterval(text: string): Interval {
  const match = /^(\d+)(d|wd|w|m)$/.exec(text);
  if (!match || Number(match[1]) < 1) {
    throw new InputError(
      `--agreed-every '${text}' must be a number and a unit, e.g. 4w (units: d days, wd working days, w weeks, m months)`,
    );
  }
  return { every: Number(match[1]), unit: DURATION_UNITS[match[2]!]! };
}

/** `--agreed returner-period=12w` → `{ 'returner-period': {amount: 12, unit: 'week'} }`. */
export function agreedPeriods(values: ParsedOptions): Record<string, Duration> {
  const entries = (values.agreed as string[] | undefined) ?? [];
  return Object.fromEntries(
    entries.map((entry) => {
      const match = /^([a-z0-9-]+)=(\d+)(d|wd|w|m)$/.exec(entry);
      if (!match || Number(match[2]) < 1) {
        throw new InputError(
          `--agreed '${entry}' must be a setting and a length, e.g. returner-period=12w (units: d days, wd working days, w weeks, m months)`,
        );
      }
      return [match[1]!, { amount: Number(match[2]), unit: DURATION_UNITS[match[3]!]! }];
    }),
  );
}
