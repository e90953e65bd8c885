/**
 * A bulk read of the calendar port throws when any one of its requests fails
 * (reads have no per-request outcome), so one mailbox Outlook refuses (out of
 * the app's Exchange scope, say) would fail every other mailbox's read with
 * it. This reads in bulk first and, only when that throws, again mailbox by
 * mailbox, so each request ends with its own answer or its own error.
 */
export async function readEachMailbox<Request, Answer>(
  requests: readonly Request[],
  mailboxOf: (request: Request) => string,
  read: (requests: Request[]) => Promise<Answer[]>,
): Promise<(Answer | Error)[]> {
  if (requests.length === 0) return [];
  try {
    return await read([...requests]);
  } catch (error) {
    const groups = new Map<string, number[]>();
    requests.forEach((request, index) => {
      const mailbox = mailboxOf(request).toLowerCase();
      groups.set(mailbox, [...(groups.get(mailbox) ?? []), index]);
    });
    const answers: (Answer | Error)[] = requests.map(() => asError(error));
    if (groups.size === 1) return answers;
    await Promise.all(
      [...groups.values()].map(async (indexes) => {
        try {
          const got = await read(indexes.map((i) => requests[i]!));
          indexes.forEach((i, k) => (answers[i] = got[k]!));
        } catch (failure) {
          for (const i of indexes) answers[i] = asError(failure);
        }
      }),
    );
    return answers;
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
