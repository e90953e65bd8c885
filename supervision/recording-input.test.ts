import { describe, expect, it } from 'vitest';
import { parseStoredRecord } from './recording-input.ts';

describe('a stored record read back', () => {
  it('keeps what recording wrote, and an import’s marker', () => {
    const written = {
      summary: 'Talked',
      heldOn: '2026-11-20',
      durationMinutes: 60,
      parts: ['welfare'],
    };
    expect(parseStoredRecord(written, 7)).toEqual(written);
    expect(parseStoredRecord({ importedFrom: 'roster' }, 7)).toEqual({ importedFrom: 'roster' });
    expect(parseStoredRecord(null, 7)).toBeNull();
  });

  it('refuses a shape recording never writes, naming the session and the field', () => {
    expect(() => parseStoredRecord({ parts: ['gossip'] }, 7)).toThrow(
      /stored record of session 7 is not readable at parts\.0/,
    );
  });
});
