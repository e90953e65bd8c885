/**
 * Cover set by a manager in Teams (issue 15, item 4), on both databases: the
 * `cover` card lists who may be away and who may cover (those below the
 * manager), sets a period as `cadence cover set` does, refuses an overlap or
 * a tampered card writing nothing, and removes one. Today is Monday 23
 * November 2026.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandOf } from '../bot/commands.ts';
import { runAction, runCommand } from '../bot/turns.ts';
import { parseCardAction } from '../cards/index.ts';
import type { Database } from '../store/index.ts';
import { button, cardText } from './support/card-reading.ts';
import { testDatabases } from './support/databases.ts';
import { SEED_HEADER, seedRoster } from './support/seed.ts';
import { teamsPerson } from './support/teams-person.ts';

const NOW = new Date('2026-11-23T10:00:00Z');

describe.each(testDatabases)('the cover card on $name', (database) => {
  let db: Database;
  beforeEach(async () => {
    db = await database.open();
    await seedRoster(
      db,
      [
        'sm@l.example,Sam Service,service-manager,lambeth,2015-01-01,,Leads,,',
        'tm@l.example,Tara Lead,team-manager,lambeth,2018-01-01,sm@l.example,Assessment,,',
        'ap@l.example,Ann Practitioner,social-worker,lambeth,2016-01-01,tm@l.example,Assessment,,',
        'sw1@l.example,Wes One,social-worker,lambeth,2020-01-01,tm@l.example,Assessment,,',
        'om@l.example,Olu Other,team-manager,lambeth,2018-01-01,,Other,,',
        'sw9@l.example,Sid Nine,social-worker,lambeth,2020-01-01,om@l.example,Other,,',
      ],
      '2026-11-01',
      SEED_HEADER,
    );
  });
  afterEach(async () => {
    await db.close();
  });

  const periods = async () =>
    (
      await db.query<{
        supervisor: string;
        cover: string;
        from_on: string;
        to_on: string;
        set_by: string;
      }>(
        `SELECT s.upn AS supervisor, c.upn AS cover, c2.from_on::text, c2.to_on::text, c2.set_by
           FROM cover_periods c2 JOIN people s ON s.id = c2.supervisor_id JOIN people c ON c.id = c2.cover_id`,
      )
    ).map((r) => `${r.supervisor} ← ${r.cover} ${r.from_on}..${r.to_on} by ${r.set_by}`);

  async function press(upn: string, data: Record<string, unknown>) {
    const { deps, actor } = await teamsPerson(db, upn, NOW);
    const parsed = parseCardAction(data);
    if (!parsed.ok) throw new Error(`bad card data: ${parsed.fields.join(', ')}`);
    return runAction(deps, actor, parsed.action);
  }

  it('sets cover for a supervisor below the manager, once for a double click, and removes it', async () => {
    const { deps, actor } = await teamsPerson(db, 'sm@l.example', NOW);
    const card = (await runCommand(deps, actor, commandOf('cover'))).card;
    const text = cardText(card);
    expect(text).toContain('No cover is set now or to come');
    const save = button(card, 'Set cover');
    const inputs = {
      supervisorUpn: 'tm@l.example',
      coverUpn: 'ap@l.example',
      from: '2026-11-30',
      to: '2026-12-18',
    };
    const set = await press('sm@l.example', { ...save.data, ...inputs });
    expect(cardText(set.card)).toContain(
      'Ann Practitioner covers for Tara Lead from Mon 30 Nov 2026 to Fri 18 Dec 2026.',
    );
    expect(set.outcome).toBe('cover:set');
    const replay = await press('sm@l.example', { ...save.data, ...inputs });
    expect(replay.outcome).toBe('cover:replayed');
    expect(await periods()).toEqual([
      'tm@l.example ← ap@l.example 2026-11-30..2026-12-18 by sm@l.example',
    ]);

    // The same days again: refused, naming the period in the way, what was chosen kept.
    const again = button(set.card, 'Set cover');
    const refused = await press('sm@l.example', {
      ...again.data,
      ...inputs,
      coverUpn: 'sw1@l.example',
      from: '2026-12-14',
    });
    expect(refused.outcome).toBe('cover:refused');
    expect(cardText(refused.card)).toMatch(
      /tm@l\\?\.example is already covered by ap@l\\?\.example from 2026-11-30 to 2026-12-18/,
    );
    expect(JSON.stringify(refused.card)).toContain('"value":"2026-12-14"');
    expect(await periods()).toHaveLength(1);

    const remove = button(refused.card, 'Remove cover for Tara Lead');
    // Someone who does not manage Tara cannot remove it.
    expect(cardText((await press('om@l.example', remove.data)).card)).toContain(
      'Cadence can set cover only for supervisors below you',
    );
    expect(await periods()).toHaveLength(1);
    const removed = await press('sm@l.example', remove.data);
    expect(cardText(removed.card)).toContain(
      'Cover removed: Ann Practitioner no longer covers for Tara Lead.',
    );
    expect(await periods()).toEqual([]);
  });

  it('refuses a tampered card naming a supervisor or cover outside the manager’s chain, writing nothing', async () => {
    const { deps, actor } = await teamsPerson(db, 'sm@l.example', NOW);
    const save = button((await runCommand(deps, actor, commandOf('cover'))).card, 'Set cover');
    for (const inputs of [
      { supervisorUpn: 'om@l.example', coverUpn: 'ap@l.example' },
      { supervisorUpn: 'tm@l.example', coverUpn: 'sw9@l.example' },
    ]) {
      const answer = await press('sm@l.example', {
        ...save.data,
        ...inputs,
        from: '2026-11-30',
        to: '2026-12-18',
      });
      expect(cardText(answer.card)).toContain(
        'Cadence can set cover only for supervisors below you',
      );
    }
    expect(await periods()).toEqual([]);
    // A bad date is the CLI's refusal, in the same words.
    const bad = await press('sm@l.example', {
      ...save.data,
      supervisorUpn: 'tm@l.example',
      coverUpn: 'ap@l.example',
      from: '2026-12-18',
      to: '2026-11-30',
    });
    expect(cardText(bad.card)).toContain(
      'the last day of cover (2026-11-30) is before the first (2026-12-18)',
    );
    expect(await periods()).toEqual([]);
  });
});
