/**
 * The directory adapter: DirectoryPort over Graph's users, manager and
 * directReports, batched like the calendar. These are Entra ID calls, not
 * Outlook ones, so they carry no mailbox and the per-mailbox cap does not apply.
 */
import {
  createBatchSender,
  requireAll,
  type BatchOptions,
  type CallOutcome,
  type GraphCall,
} from './batch.ts';
import type { GraphClient } from './client.ts';
import { readCollections } from './paging.ts';
import { parseGraph, user } from './schemas.ts';
import type { DirectoryPort, DirectoryUser } from './types.ts';
import { query, userPath } from './urls.ts';

const USER_FIELDS = 'id,displayName,mail,userPrincipalName,jobTitle';

export function createDirectoryAdapter(
  client: GraphClient,
  options: BatchOptions = {},
): DirectoryPort {
  const send = createBatchSender(client, options);
  const calls = (upns: string[], suffix: string): GraphCall[] =>
    upns.map((upn) => ({
      method: 'GET',
      url: `${userPath(upn)}${suffix}${query({ $select: USER_FIELDS })}`,
      mailbox: null,
    }));

  /** One user per call; 404 (no such person, or no manager) is null, anything else that failed is thrown. */
  const oneEach = async (upns: string[], suffix: string) => {
    const sent = calls(upns, suffix);
    const outcomes = (await send(sent)).map((outcome): CallOutcome | null =>
      !outcome.ok && outcome.error.status === 404 ? null : outcome,
    );
    const replies = requireAll(outcomes.filter((outcome) => outcome !== null));
    let next = 0;
    return outcomes.map((outcome, index) =>
      outcome === null ? null : toUser(parseGraph(user, replies[next++]!.body, sent[index]!)),
    );
  };

  return {
    users: (upns) => oneEach(upns, ''),
    managers: (upns) => oneEach(upns, '/manager'),
    async directReports(upns) {
      const collections = await readCollections(send, calls(upns, '/directReports'));
      return collections.map(({ call, items }) =>
        items
          .map((item, position) => parseGraph(user, item, call, `value.${position}`))
          // Reports may include organisational contacts; only users are people Cadence knows.
          .filter(
            (entry) =>
              entry['@odata.type'] === undefined ||
              entry['@odata.type'] === '#microsoft.graph.user',
          )
          .map(toUser),
      );
    },
  };
}

function toUser(entry: ReturnType<typeof user.parse>): DirectoryUser {
  return {
    id: entry.id,
    upn: entry.userPrincipalName ?? entry.mail ?? entry.id,
    displayName: entry.displayName ?? entry.userPrincipalName ?? entry.id,
    mail: entry.mail ?? null,
    jobTitle: entry.jobTitle ?? null,
  };
}
