import { describe, expect, it } from 'vitest';
import { commandOf } from './commands.ts';

describe('what a person types', () => {
  it.each([
    ['help', 'help'],
    ['Hi', 'help'],
    ['', 'help'],
    ['my sessions', 'my sessions'],
    ['Sessions', 'my sessions'],
    ['book', 'book'],
    ['record', 'record'],
    ['Who is overdue?', 'overdue'],
    ["who's overdue", 'overdue'],
    ['<at>Cadence</at> overdue', 'overdue'],
    ['compliance', 'compliance'],
    ['team', 'team'],
    ['My team', 'team'],
  ])('%j is %j', (text, command) => {
    expect(commandOf(text)).toBe(command);
  });

  it.each(['overdew', 'bok', 'please delete everything', 'record everything for me now'])('%j is not a command (the help card answers it)', (text) => {
    expect(commandOf(text)).toBeNull();
  });
});
