/**
 * The production logger as it writes: JSON lines with the instance, pino's
 * numeric levels, secrets redacted when one reaches a log object by mistake,
 * and errors reduced to their class and code. (That turns never log what
 * people typed is shown on the real process in serve.test.ts.)
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, errorFields, eventLog } from '../app/logger.ts';
import { jobEvent } from '../app/bot-stack.ts';
import { logLine } from '../app/log-line.ts';
import { GraphRequestError } from '../graph/index.ts';

function capture(level: Parameters<typeof createLogger>[0]['level'] = 'info') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  return { lines, logger: createLogger({ level, instance: 'test-instance', destination }) };
}

describe('the production logger', () => {
  it('writes one JSON object a line, with the level number, the time and the instance', () => {
    const { lines, logger } = capture();
    logger.info({ event: 'listening', url: 'http://127.0.0.1:3978/api/messages' });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({
      level: 30,
      instance: 'test-instance',
      event: 'listening',
      url: 'http://127.0.0.1:3978/api/messages',
    });
    expect(new Date(line.time as string).toISOString()).toBe(line.time);
  });

  it('redacts what could hold a secret, at the top and one level down', () => {
    const { lines, logger } = capture();
    logger.warn({
      event: 'oops',
      headers: { authorization: 'Bearer eyJhbGciOi.secret-token' },
      databaseUrl: 'postgres://cadence:pa55word@db.internal/cadence',
      graph: { clientSecret: 'graph-secret-value' },
      password: 'hunter2',
    });
    const text = lines.join('\n');
    expect(text).not.toMatch(/secret-token|pa55word|graph-secret-value|hunter2/);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: 40,
      headers: { authorization: '[redacted]' },
      databaseUrl: '[redacted]',
      graph: { clientSecret: '[redacted]' },
    });
  });

  it('writes each event at the level it asks for, and leaves debug out at info', () => {
    const { lines, logger } = capture('info');
    const log = eventLog(logger);
    log({ event: 'turn', command: 'overdue', outcome: 'overdue:3', ms: 12 });
    log({ event: 'outbox-pass-failed', level: 'warn', error: 'DatabaseError', code: '57P01' });
    log({ event: 'turn-error', level: 'error', error: 'TypeError' });
    log({ event: 'job', level: 'debug', job: 'prompts', status: 'taken' });
    expect(lines.map((line) => JSON.parse(line) as { level: number; event: string })).toEqual([
      expect.objectContaining({ level: 30, event: 'turn', command: 'overdue' }),
      expect.objectContaining({ level: 40, event: 'outbox-pass-failed', code: '57P01' }),
      expect.objectContaining({ level: 50, event: 'turn-error' }),
    ]);
    expect(lines.join('\n')).not.toContain('"level":"');
  });
});

describe('what is kept of an error', () => {
  it('is its class and code, never its message', () => {
    class DatabaseError extends Error {
      code = '28P01';
    }
    const fields = errorFields(
      new DatabaseError(
        'password authentication failed for user "cadence" at postgres://cadence:pw@db/cadence',
      ),
    );
    expect(fields).toEqual({ error: 'DatabaseError', code: '28P01' });
    expect(
      errorFields(
        Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' }),
      ),
    ).toEqual({ error: 'Error', code: 'ECONNREFUSED' });
    expect(errorFields('a string thrown')).toEqual({ error: 'unknown' });
  });
});

describe('the embedded mode’s lines', () => {
  it('are one readable line per event', () => {
    expect(
      logLine('2026-11-23 09:00', {
        event: 'turn',
        actor: 12,
        conversation: 'personal',
        command: 'overdue',
        outcome: 'overdue:3',
        ms: 41,
      }),
    ).toBe(
      '2026-11-23 09:00 turn actor=12 conversation=personal command=overdue outcome=overdue:3 ms=41',
    );
    expect(
      logLine('2026-11-23 09:00', {
        event: 'outbox-pass-failed',
        level: 'warn',
        error: 'DatabaseError',
        code: '57P01',
      }),
    ).toBe('2026-11-23 09:00 WARN outbox-pass-failed error=DatabaseError code=57P01');
  });
});

describe('a job that failed', () => {
  it('is logged with the kind of error it met (class and code), so the log says why, and never with its message', () => {
    const thrown = new GraphRequestError(
      410,
      'SyncStateNotFound',
      {
        method: 'GET',
        url: '/users/s.iqbal@northdale.example/calendarView/delta',
        mailbox: 's.iqbal@northdale.example',
      },
      '',
    );
    const event = jobEvent({
      job: 'daily-booking',
      runKey: '2026-12-08',
      status: 'failed',
      error: thrown.message,
      thrown,
    });
    expect(event).toEqual({
      event: 'job',
      job: 'daily-booking',
      runKey: '2026-12-08',
      status: 'failed',
      level: 'warn',
      error: 'GraphRequestError',
      code: 'SyncStateNotFound',
    });
    expect(logLine('2026-12-08 09:00', event)).toBe(
      '2026-12-08 09:00 WARN job job=daily-booking runKey=2026-12-08 status=failed error=GraphRequestError code=SyncStateNotFound',
    );
  });
});
