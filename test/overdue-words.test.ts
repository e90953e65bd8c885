/**
 * One set of words for what is overdue: `cadence overdue` lists each item
 * under the label the Teams cards show for it (supervision/overdue-labels.ts),
 * so a manager reading the CLI and a supervisor reading a card are told the
 * same thing. The CLI runs in-process on the demo roster in PGlite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../app/cli/main.ts';
import { overdueCard } from '../cards/index.ts';
import { OVERDUE_LABELS } from '../supervision/index.ts';
import { cardText } from './support/card-reading.ts';

const ROSTER = new URL('../app/demo/roster.csv', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'cadence-overdue-words-'));
const env = {
  CADENCE_DATA_DIR: join(dir, 'data'),
  CADENCE_TODAY: '2026-11-23',
  CADENCE_ACTOR: 'test',
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cadence(...argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (t) => (out += t), stderr: (t) => (err += t) }, { env });
  expect(err).toBe('');
  expect(code).toBe(0);
  return out;
}

describe('the words for what is overdue', () => {
  it('are the same in `cadence overdue` as on the overdue card', async () => {
    await cadence('roster', 'import', ROSTER);
    const listing = await cadence('overdue', '--manager', 'r.osei@northdale.example');
    const items = listing.split('\n').filter((line) => line.startsWith('  '));
    expect(items.length).toBeGreaterThan(0);
    const labels = Object.values(OVERDUE_LABELS);
    for (const line of items)
      expect(labels.some((label) => line.includes(` ${label} `))).toBe(true);
    const item = {
      kind: 'agreement-missing' as const,
      person: { upn: 'a.khan@northdale.example', name: 'Amira Khan' },
      team: null,
      daysOverdue: 3,
      detail: 'no agreement signed',
    };
    const card = cardText(
      overdueCard({
        manager: { upn: 'r.osei@northdale.example', name: 'Ruth Osei' },
        on: '2026-11-23',
        people: 1,
        total: 1,
        groups: [{ kind: item.kind, count: 1, items: [item] }],
        page: 1,
        pages: 1,
        nonce: 'words',
      }),
    );
    expect(card).toContain(OVERDUE_LABELS['agreement-missing']);
  }, 60_000);
});
