/**
 * One-use nonces of actionable cards. Claim the nonce inside the transaction
 * that applies the action: a replay (a double click, Teams re-sending the
 * invoke) finds it taken and is answered with the current state instead, and
 * if the action's transaction rolls back the nonce is free again.
 */
import type { Sql } from './database.ts';

/** True if this call recorded `nonce` (the action may be applied), false if it was already used. */
export async function claimNonce(
  sql: Sql,
  nonce: string,
  verb: string,
  actorId: number | null,
): Promise<boolean> {
  const rows = await sql.query(
    'INSERT INTO card_actions (nonce, verb, actor_id) VALUES ($1, $2, $3) ON CONFLICT (nonce) DO NOTHING RETURNING nonce',
    [nonce, verb, actorId],
  );
  return rows.length === 1;
}

/** Frees a nonce whose action failed after it was claimed (a booking Outlook refused), so the card can be pressed again. */
export async function releaseNonce(sql: Sql, nonce: string): Promise<void> {
  await sql.query('DELETE FROM card_actions WHERE nonce = $1', [nonce]);
}
