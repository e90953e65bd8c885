/**
 * A supervisee's sign-off of a held session's record (migration 026): asked
 * in the record's transaction, answered from the sign-off card, read by
 * "who is overdue?" and the export.
 */
import type { RecordingWriter, SignOff, SignOffOutcome } from '../supervision/ports/index.ts';
import type { Sql } from './database.ts';

type SignOffWrites = Pick<
  RecordingWriter,
  'signOffOf' | 'requestSignOff' | 'withdrawSignOff' | 'answerSignOff'
>;

const FIELDS = `session_id AS "sessionId", supervisee_id AS "superviseeId", record_at AS "recordAt",
  to_char(requested_on, 'YYYY-MM-DD') AS "requestedOn", outcome, comment, signed_at AS "signedAt"`;

type Row = Omit<SignOff, 'sessionId' | 'superviseeId'> & {
  sessionId: string;
  superviseeId: string;
};

const fromRow = (row: Row): SignOff => ({
  ...row,
  sessionId: Number(row.sessionId),
  superviseeId: Number(row.superviseeId),
});

/** A session's sign-off, as it stands (locked, inside a transaction). */
export async function signOffOf(sql: Sql, sessionId: number, lock = true): Promise<SignOff | null> {
  const [row] = await sql.query<Row>(
    `SELECT ${FIELDS} FROM record_sign_offs WHERE session_id = $1${lock ? ' FOR UPDATE' : ''}`,
    [sessionId],
  );
  return row ? fromRow(row) : null;
}

export function signOffWriter(sql: Sql): SignOffWrites {
  return {
    signOffOf: (sessionId) => signOffOf(sql, sessionId),
    requestSignOff: async (request) => {
      await sql.query(
        `INSERT INTO record_sign_offs (session_id, supervisee_id, record_at, requested_on)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (session_id) DO UPDATE
            SET supervisee_id = excluded.supervisee_id, record_at = excluded.record_at,
                requested_on = excluded.requested_on, outcome = NULL, comment = NULL, signed_at = NULL`,
        [request.sessionId, request.superviseeId, request.recordAt, request.requestedOn],
      );
    },
    withdrawSignOff: async (sessionId) => {
      await sql.query('DELETE FROM record_sign_offs WHERE session_id = $1', [sessionId]);
    },
    answerSignOff: async (
      sessionId: number,
      answer: { outcome: SignOffOutcome; comment: string | null; signedAt: Date },
    ) => {
      await sql.query(
        'UPDATE record_sign_offs SET outcome = $2, comment = $3, signed_at = $4 WHERE session_id = $1',
        [sessionId, answer.outcome, answer.comment, answer.signedAt],
      );
    },
  };
}
