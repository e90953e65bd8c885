import { describe, expect, it } from 'vitest';
import { parseStored, storedPayload, StoredShapeError } from './stored-json.ts';

describe('stored JSON read back through its schema', () => {
  it('passes a shape the schema allows', () => {
    expect(parseStored(storedPayload, { dueOn: '2026-12-01', page: 2 }, 'the payload')).toEqual({
      dueOn: '2026-12-01',
      page: 2,
    });
  });

  it('refuses another, naming the column and the field', () => {
    const read = () => parseStored(storedPayload, { nested: { a: 1 } }, 'the payload of x');
    expect(read).toThrow(StoredShapeError);
    expect(read).toThrow(/the payload of x is not readable at nested/);
  });
});
