/**
 * Refusals. A card names what it acts on by id (a session, a supervision
 * arrangement, a reminder), and anyone can send any id. Whoever is not one of
 * its people gets the same answer as for an id that names nothing, and that
 * answer carries nothing they did not send: no name, no date, no other id.
 * Refusals that said whose session it was ("that session is between A and
 * B") let a person walking ids learn who supervises whom (issue 13).
 */
import { CadenceError } from '../rules/index.ts';

/** What a card named, in the words of the one answer for it. */
export type Unseen = 'session' | 'supervisee' | 'group' | 'reminder';

const NOT_FOUND_OR_NOT_YOURS: Record<Unseen, string> = {
  session:
    'Cadence could not find that session among yours. Ask for a fresh card with "my sessions".',
  supervisee:
    'Cadence could not find that person among the people you supervise now. Ask for a fresh list with "book".',
  group:
    'Cadence could not find that group among the groups whose meetings you organise. Ask for a fresh list with "book".',
  // Also what the recipient of a reminder long since pruned (90 days) sees when the card refreshes.
  reminder:
    'Cadence could not find that reminder among yours; it may be long done. Ask for what is waiting with "my sessions".',
};

/** The person asking may not do this. */
export class NotAllowedError extends CadenceError {
  override name = 'NotAllowedError';
  /**
   * Set when the thing asked about does not exist or is not theirs: the
   * message is then the one for that kind of thing, whichever it was.
   */
  readonly unseen: Unseen | null;

  constructor(message: string, unseen: Unseen | null = null) {
    super(message);
    this.unseen = unseen;
  }
}

/** The one refusal for a thing that does not exist or is not the actor's: which of the two it was is never said. */
export function notFoundOrNotYours(what: Unseen): NotAllowedError {
  return new NotAllowedError(NOT_FOUND_OR_NOT_YOURS[what], what);
}
