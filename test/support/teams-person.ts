/** A person in Cadence as the bot sees them on a turn: the assistant's dependencies over `db` at `now`, and their actor. */
import { tmpdir } from 'node:os';
import { assistantDeps } from '../../app/bot-stack.ts';
import { fixedClock } from '../../app/clock.ts';
import { readConfig } from '../../app/config.ts';
import type { Database } from '../../store/index.ts';

export async function teamsPerson(db: Database, upn: string, now: Date) {
  const deps = assistantDeps(db, readConfig({ CADENCE_DATA_DIR: tmpdir() }), fixedClock(now), null);
  const person = await deps.store.personByUpn(upn);
  if (!person) throw new Error(`${upn} is not in Cadence`);
  return { deps, actor: (await deps.store.actorById(person.id))! };
}
