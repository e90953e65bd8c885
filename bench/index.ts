/**
 * `npm run bench`: prints figures, asserts nothing. Each benchmark runs a few
 * times; the first run includes warm-up (JIT, holiday tables), so the median
 * and best are the figures to quote. Figures without runs are breakdowns of the line above.
 */
import { benchDueDates, type Figures } from './due-dates.ts';
import { benchBooking } from './booking.ts';
import { benchReconcile } from './reconcile.ts';
import { benchOverdue } from './overdue.ts';
import { benchOutbox } from './outbox.ts';
import { benchBotTurns } from './bot-turns.ts';
import { benchCliStartup } from './cli-startup.ts';

function report({ name, runsMs, detail }: Figures): string {
  if (runsMs.length === 0) return `${name}: ${detail}`;
  const sorted = [...runsMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
  return `${name}: median ${fmt(median)}, best ${fmt(sorted[0]!)}, first ${fmt(runsMs[0]!)} (${runsMs.length} runs; ${detail})`;
}

for (const figures of await benchCliStartup()) process.stdout.write(`${report(figures)}\n`);
process.stdout.write(`${report(benchDueDates())}\n`);
for (const figures of await benchOverdue()) process.stdout.write(`${report(figures)}\n`);
for (const figures of await benchBooking()) process.stdout.write(`${report(figures)}\n`);
for (const figures of await benchReconcile()) process.stdout.write(`${report(figures)}\n`);
for (const figures of await benchOutbox()) process.stdout.write(`${report(figures)}\n`);
for (const figures of await benchBotTurns()) process.stdout.write(`${report(figures)}\n`);
