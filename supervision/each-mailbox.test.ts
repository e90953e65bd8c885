import { describe, expect, it } from 'vitest';
import { readEachMailbox } from './each-mailbox.ts';

/** A bulk read that throws when any request names a refused mailbox, as the calendar port's reads do. */
const reader = (refused: string) => {
  const calls: string[][] = [];
  const read = (mailboxes: string[]) => {
    calls.push(mailboxes);
    if (mailboxes.includes(refused)) return Promise.reject(new Error(`403 for ${refused}`));
    return Promise.resolve(mailboxes.map((m) => `events of ${m}`));
  };
  return { calls, read };
};

describe('readEachMailbox', () => {
  it('reads in one bulk call when every mailbox answers', async () => {
    const { calls, read } = reader('nobody');
    expect(await readEachMailbox(['a', 'b', 'a'], (m) => m, read)).toEqual([
      'events of a',
      'events of b',
      'events of a',
    ]);
    expect(calls).toHaveLength(1);
  });

  it('gives the others their answers when one mailbox is refused, and the refused one its error', async () => {
    const { read } = reader('b');
    const answers = await readEachMailbox(['a', 'b', 'c', 'a'], (m) => m, read);
    expect(answers.map((a) => (a instanceof Error ? a.message : a))).toEqual([
      'events of a',
      '403 for b',
      'events of c',
      'events of a',
    ]);
  });
});
