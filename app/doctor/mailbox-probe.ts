/**
 * Whether Cadence's Graph app may read one mailbox's calendar: GET
 * /users/{upn}/calendar (https://learn.microsoft.com/graph/api/calendar-get)
 * through the same Graph client Cadence books with. It reads the calendar's
 * id only: nothing is written, and nothing of the calendar is shown.
 */
import type { TokenCredential } from '@azure/identity';
import { z } from 'zod';
import { createGraphClient, GraphRequestError } from '../../graph/index.ts';

/** The one inner response of the `$batch` answer (https://learn.microsoft.com/graph/json-batching#response-format). */
const batchAnswer = z.object({
  responses: z.tuple([
    z.object({
      status: z.number().int(),
      body: z
        .object({ error: z.object({ code: z.string() }).optional() })
        .passthrough()
        .optional(),
    }),
  ]),
});

export interface Probe {
  upn: string;
  /** Graph's status for the request: 200 read, 403 refused, 404 no such mailbox; 0 when Graph could not be reached. */
  status: number;
  code: string;
}

export async function probeCalendars(
  connection: { tenantId: string; baseUrl?: string; credential: TokenCredential },
  upns: string[],
): Promise<Probe[]> {
  const client = createGraphClient({
    tenantId: connection.tenantId,
    credential: { tokenCredential: connection.credential },
    ...(connection.baseUrl && { baseUrl: connection.baseUrl }),
    retry: { delaySeconds: 1, maxRetries: 1 },
  });
  return Promise.all(
    upns.map(async (upn) => {
      const request = {
        id: '1',
        method: 'GET',
        url: `/users/${encodeURIComponent(upn)}/calendar?$select=id`,
      };
      try {
        const [reply] = batchAnswer.parse(
          await client.postBatch([request], new Map([[upn.toLowerCase(), 1]])),
        ).responses;
        return {
          upn,
          status: reply.status,
          code: reply.body?.error?.code ?? (reply.status === 200 ? 'ok' : 'unknown'),
        };
      } catch (error) {
        if (error instanceof GraphRequestError)
          return { upn, status: error.status, code: error.code };
        throw error;
      }
    }),
  );
}
