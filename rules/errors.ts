/**
 * The few errors Cadence raises on purpose. Each carries the sentence a person
 * should read; the CLI (and later the bot) turn them into a message and an
 * exit code in one place, so nothing else formats errors.
 */
export class CadenceError extends Error {
  override name = 'CadenceError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Something a person typed or sent is wrong: an id, a date, a missing option. */
export class InputError extends CadenceError {
  override name = 'InputError';
}

/** A policy pack file that cannot be read, parsed or does not fit the schema. */
export class PolicyFileError extends CadenceError {
  override name = 'PolicyFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`policy file ${file}: ${problem}`, options);
  }
}
