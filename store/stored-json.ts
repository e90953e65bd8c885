/**
 * jsonb columns read back through a zod schema rather than a cast: a stored
 * shape the code does not expect (an old version's, a hand edit) is an error
 * naming the column and the field, not a wrong value further on.
 */
import { z } from 'zod';

/** A stored JSON value whose shape is not the one its schema allows. */
export class StoredShapeError extends Error {
  override name = 'StoredShapeError';
}

export function parseStored<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  what: string,
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StoredShapeError(
    `${what} is not readable at ${issue?.path.join('.') || '(top)'}: ${issue?.message ?? 'unknown problem'}`,
  );
}

/** Any JSON object (audit details, job outcomes, conversation references). */
export const storedObject = z.record(z.string(), z.unknown());

/** An outbox message's payload: flat, scalar values only. */
export const storedPayload = z.record(
  z.string(),
  z.union([z.string(), z.number(), z.boolean(), z.null()]),
);
