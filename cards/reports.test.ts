import { describe, expect, it } from 'vitest';
import { complianceCard } from './compliance.ts';
import { digestCard } from './digest.ts';
import * as f from '../test/support/card-fixtures.ts';
import { teamCard } from './team.ts';
import { button, buttonTitles, cardText, walk } from '../test/support/card-support.ts';

describe('complianceCard', () => {
  const card = complianceCard(f.complianceView);
  const text = cardText(card);

  it('has a column per period and a row per group with the share and the count behind it', () => {
    expect(text).toContain('Last 3 months');
    expect(text).toContain('Last 12 months');
    expect(text).toContain('**Children in Need North**');
    expect(text).toContain('**78%**');
    expect(text).toContain('31 of 40 (4 partial)');
    expect(text).toContain('10 of 12');
  });

  it('draws the month-by-month trend as a Teams line chart, with the same figures as a list where charts are not drawn', () => {
    const chart = [...walk(card)].find((node) => node.type === 'Chart.Line')!;
    expect(chart).toMatchObject({ title: 'Supervised within policy (%)' });
    const [series] = chart.data as { legend: string; values: { x: string; y: number }[] }[];
    expect(series!.legend).toBe('Everyone');
    expect(series!.values.slice(0, 2)).toEqual([
      { x: 'Dec 2025', y: 50 },
      { x: 'Jan 2026', y: 53 },
    ]);
    expect(series!.values).toHaveLength(12);
    const fallback = chart.fallback as { type: string; facts: { title: string; value: string }[] };
    expect(fallback.type).toBe('FactSet');
    expect(fallback.facts.at(-1)).toEqual({ title: 'Nov 2026', value: '78% (31 of 40)' });
  });

  it('gives the other measures for everyone in words and by group, and the roles after the teams', () => {
    expect(text).toContain('Children discussed on time 78% (31 of 40)');
    expect(text).toContain('Records written on time 75% (30 of 40)');
    expect(text).toContain('Records signed off –');
    expect(text).toContain('Observations of practice done 50% (1 of 2)');
    expect(text).toContain('**Social worker**');
    // By group, only the measures anyone could be judged on (none was asked to sign off): no such column.
    expect(text).toContain('Group\nChildren\nRecords\nAgreements\nObserved\n');
    expect(text).toContain('Social worker\n67%\n63%\n100%\n50%');
  });

  it('explains partial counts when there are some', () => {
    expect(text).toContain('"Partial"');
    const whole = complianceCard({
      ...f.complianceView,
      rows: [
        { group: 'everyone', people: 2, periods: [{ months: 3, within: 2, share: 1, partial: 0 }] },
      ],
    });
    expect(cardText(whole)).not.toContain('Partial');
  });
});

describe('teamCard', () => {
  const card = teamCard(f.teamView);

  it('has a row per supervisee with frequency and dates', () => {
    const text = cardText(card);
    expect(text).toContain('  Sara Iqbal');
    expect(text).toContain(
      'ASYE, fortnightly (ASYE weeks 7–26): last held 17 Nov 2026, next due 1 Dec 2026, next booked 1 Dec 2026',
    );
    expect(text).toContain(
      'social worker, every 4 weeks: last held 20 Oct 2026, next due 17 Nov 2026, next booked none',
    );
    expect(text).toContain('2 people, 1 overdue, 1 due soon.');
  });

  it('shows the state as a coloured badge, overdue first', () => {
    const badges = [...walk(card)].filter(
      (node) => node.type === 'TextRun' && node.weight === 'Bolder' && node.color,
    );
    expect(badges.map((b) => [b.text, b.color])).toEqual([
      ['Overdue', 'Attention'],
      ['Due soon', 'Warning'],
    ]);
  });
});

describe('digestCard', () => {
  const card = digestCard(f.digestView);

  it('counts by kind and lists the worst items', () => {
    const text = cardText(card);
    expect(text).toContain('Week of Mon 30 Nov 2026');
    expect(text).toContain('7 things overdue across 40 people.');
    expect(text).toContain('Supervision overdue');
    expect(text).toContain('Session not recorded');
    expect(text).toContain('session on Tue 24 Nov 2026 not recorded');
  });

  it('opens the full overdue list', () => {
    expect(button(card, 'Show everything overdue').data).toEqual({
      verb: 'command',
      command: 'overdue',
    });
    expect(buttonTitles(digestCard({ ...f.digestView, counts: [], worst: [] }))).toEqual([]);
  });
});
