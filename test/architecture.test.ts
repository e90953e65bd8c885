/**
 * The rooms and what each may import (docs/architecture.md): read from the
 * source, so a change that crosses a wall fails here rather than in review.
 * Tests, test support and benchmarks may import anything and are not read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const ROOMS = ['rules', 'store', 'supervision', 'graph', 'cards', 'bot', 'app'] as const;
type Room = (typeof ROOMS)[number];

/** What each room may import from the others: at run time, and as types only. */
const ALLOWED: Record<Room, { runtime: Room[]; types: Room[] }> = {
  rules: { runtime: [], types: [] },
  store: { runtime: [], types: ['supervision'] },
  supervision: { runtime: ['rules'], types: ['rules'] },
  graph: { runtime: ['rules'], types: ['rules', 'supervision'] },
  cards: { runtime: ['rules', 'supervision'], types: ['rules', 'supervision'] },
  bot: { runtime: ['rules', 'supervision', 'cards'], types: ['rules', 'supervision', 'cards'] },
  app: { runtime: [...ROOMS], types: [...ROOMS] },
};

function sourcesOf(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourcesOf(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

interface Import {
  file: string;
  target: string;
  typeOnly: boolean;
}

const IMPORT = /^(import|export)\s+(type\s+)?(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => ({
    file: relative(ROOT, file),
    target: m[3]!,
    typeOnly: Boolean(m[2]),
  }));
}

function roomOf(file: string, target: string): string | null {
  if (!target.startsWith('.')) return null;
  const path = relative(ROOT, join(ROOT, file, '..', target));
  return path.split('/')[0]!;
}

describe('the rooms', () => {
  for (const room of ROOMS) {
    it(`${room}/ imports only what docs/architecture.md allows it`, () => {
      const crossings = sourcesOf(join(ROOT, room))
        // The Graph emulator is a stand-in for Microsoft's service, for development and tests.
        .filter((file) => !file.includes('/graph/emulator/'))
        .flatMap(importsOf)
        .flatMap(({ file, target, typeOnly }) => {
          const to = roomOf(file, target);
          if (!to || to === room) return [];
          const allowed = typeOnly ? ALLOWED[room].types : ALLOWED[room].runtime;
          return allowed.includes(to as Room)
            ? []
            : [`${file} → ${target}${typeOnly ? ' (type)' : ''}`];
        });
      expect(crossings).toEqual([]);
    });
  }

  it('botbuilder is imported in bot/ alone', () => {
    const outside = ROOMS.filter((room) => room !== 'bot')
      .flatMap((room) => sourcesOf(join(ROOT, room)))
      .flatMap(importsOf)
      .filter(({ target }) => target === 'botbuilder' || target.startsWith('botbuilder-'))
      .map(({ file }) => file);
    expect(outside).toEqual([]);
  });
});
