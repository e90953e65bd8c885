/**
 * The gate in front of `/api/messages`: what a request must be before any of
 * its body is read, and the body read within a limit counted on the bytes
 * that arrive. botbuilder 4.x is archived (no security fixes since the end of
 * 2025) and restify's bodyParser inflates gzip before it checks the size
 * (a 249 KB request became 250 MB in memory), dies on a truncated gzip stream,
 * and writes multipart uploads to the temp folder — so Cadence reads the body
 * itself and hands botbuilder a parsed `req.body`.
 *
 * The Bot Connector posts each activity as `application/json`, uncompressed
 * (https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference),
 * a few kilobytes: anything else is refused with 415 and is never read.
 */
import type { IncomingMessage } from 'node:http';

export type GateRefusal = { status: 400 | 413 | 415; message: string };

/** The request's headers allow reading its body, or why not. */
export function refuseBeforeReading(
  headers: IncomingMessage['headers'],
  maxBytes: number,
): GateRefusal | null {
  const type = String(headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
  if (type !== 'application/json')
    return { status: 415, message: 'Only application/json is accepted here.' };
  const encoding = String(headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  if (encoding !== 'identity' && encoding !== '')
    return { status: 415, message: 'Compressed request bodies are not accepted here.' };
  const length = headers['content-length'];
  if (length !== undefined && !(Number(length) <= maxBytes))
    return { status: 413, message: `A request body may be at most ${maxBytes} bytes.` };
  return null;
}

/** Reads the body as JSON, stopping as soon as more than `maxBytes` have arrived. */
export async function readJsonBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ ok: true; body: unknown } | { ok: false; refusal: GateRefusal }> {
  try {
    return await readWithin(req, maxBytes);
  } catch (error) {
    if (!(error instanceof BodyCutOffError)) throw error;
    return {
      ok: false,
      refusal: { status: 400, message: 'The request body did not arrive whole.' },
    };
  }
}

/** The request's stream failed, or the client left, before its body ended. */
class BodyCutOffError extends Error {
  override name = 'BodyCutOffError';
}

async function readWithin(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ ok: true; body: unknown } | { ok: false; refusal: GateRefusal }> {
  const chunks: Buffer[] = [];
  let received = 0;
  const tooBig = await new Promise<boolean>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received > maxBytes) {
        // Stop reading: what else the client sends is not kept (the connection is closed after the answer).
        req.off('data', onData);
        req.pause();
        resolve(true);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(false));
    req.once('error', (error) =>
      reject(new BodyCutOffError('the request failed before its body ended', { cause: error })),
    );
    // A client that goes away mid-body: nothing more will come, and nobody waits for an answer.
    req.once('close', () =>
      req.readableEnded
        ? undefined
        : reject(new BodyCutOffError('the client closed the request before its body ended')),
    );
  });
  if (tooBig)
    return {
      ok: false,
      refusal: { status: 413, message: `A request body may be at most ${maxBytes} bytes.` },
    };
  try {
    return { ok: true, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    return { ok: false, refusal: { status: 400, message: 'The request body is not valid JSON.' } };
  }
}
