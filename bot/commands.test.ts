import { describe, expect, it } from 'vitest';
import { commandOf, MAX_COMMAND_CHARS } from './commands.ts';

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
    ['cover', 'cover'],
    ['Set cover', 'cover'],
  ])('%j is %j', (text, command) => {
    expect(commandOf(text)).toBe(command);
  });

  it.each(['overdew', 'bok', 'please delete everything', 'record everything for me now'])(
    '%j is not a command (the help card answers it)',
    (text) => {
      expect(commandOf(text)).toBeNull();
    },
  );

  it('a text longer than any command is not read: 250 KB of unclosed mentions is turned away at once', () => {
    const attack = '<at>'.repeat(64_000);
    const started = performance.now();
    expect(commandOf(attack)).toBeNull();
    // Read, the lazy mention pattern took 15 s on this; unread, it is a length check.
    expect(performance.now() - started).toBeLessThan(100);
    expect(commandOf(`<at>${'x'.repeat(MAX_COMMAND_CHARS)}</at> overdue`)).toBeNull();
    expect(commandOf(`<at>Cadence</at> ${' '.repeat(100)} overdue`)).toBe('overdue');
  });
});
