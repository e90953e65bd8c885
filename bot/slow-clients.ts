/**
 * Cuts a connection whose request is not in within the limits the docs state:
 * its headers within `headersMs` of the connection opening (or of the last
 * answer on a kept-alive connection), its whole body within `requestMs` of
 * its headers. Node has both limits (server.headersTimeout, requestTimeout)
 * but checks them only every connectionsCheckingInterval, 30 s unless given to
 * http.createServer, which restify does not let us do; a slow client was cut
 * after 39–60 s. These timers cut it within milliseconds of its limit.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export function cutSlowClients(
  server: Server,
  limits: { headersMs: number; requestMs: number },
): void {
  const waiting = new WeakMap<Socket, ReturnType<typeof setTimeout>>();
  const cut = (socket: Socket) => () => socket.destroy();
  const waitForHeaders = (socket: Socket) => {
    clearTimeout(waiting.get(socket));
    waiting.set(socket, setTimeout(cut(socket), limits.headersMs).unref());
  };
  server.on('connection', (socket: Socket) => {
    waitForHeaders(socket);
    socket.once('close', () => clearTimeout(waiting.get(socket)));
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    clearTimeout(waiting.get(socket));
    // The body has requestMs from here; once it is all in, the answer may take as long as the turn needs.
    const body = setTimeout(cut(socket), limits.requestMs).unref();
    const bodyIn = () => clearTimeout(body);
    req.once('end', bodyIn);
    req.once('close', bodyIn);
    res.once('finish', () => {
      bodyIn();
      // Kept alive: the next request's headers have headersMs from now (Node's keepAliveTimeout closes an idle one sooner).
      if (!socket.destroyed) waitForHeaders(socket);
    });
  });
}
