/**
 * The bot's HTTP endpoint: restify with `POST /api/messages`, a request size
 * limit (Teams' activities are well under it), and `GET /healthz`. Without an
 * app id the server refuses to listen anywhere but on the loopback interface.
 */
import restify from 'restify';
import type { ActivityHandler } from 'botbuilder';
import { CadenceError } from '../rules/index.ts';
import { assertSafeBinding, createAdapter, type BotCredentials, type CloudAdapter } from './adapter.ts';

export const MAX_BODY_BYTES = 256 * 1024;

/** What jsonwebtoken says of a token that is not what it claims (a bad signature, say). */
const TOKEN_REFUSALS = /^(invalid signature|invalid token|jwt malformed|jwt signature is required|invalid algorithm|jwt (audience|issuer|id|subject) invalid)/;

/**
 * botbuilder answers a token whose signature does not verify with 500, not
 * 401: jsonwebtoken's error is not its AuthenticationError. The request is
 * refused either way; this makes the answer say why, as Teams expects.
 */
function answeringBadSignaturesWith401(res: restify.Response) {
  let status = 200;
  let sent = false;
  const wrapper = {
    status: (code: number) => {
      status = code;
      return code;
    },
    send: (body?: unknown) => {
      sent = true;
      const forged = status === 500 && typeof body === 'string' && TOKEN_REFUSALS.test(body);
      res.status(forged ? 401 : status);
      res.send(forged ? 'Unauthorized: the token could not be verified' : body);
    },
    end: () => {
      if (!sent) {
        res.status(status);
        res.end();
      }
    },
    header: (name: string, value: string): unknown => res.header(name, value),
  };
  return wrapper as unknown as restify.Response;
}

export interface BotServer {
  url: string;
  port: number;
  adapter: CloudAdapter;
  close(): Promise<void>;
}

export async function startBotServer(options: {
  bot: ActivityHandler;
  credentials: BotCredentials;
  host: string;
  port: number;
  onError?: (error: unknown) => void;
}): Promise<BotServer> {
  assertSafeBinding(options.credentials, options.host);
  const adapter = createAdapter(options.credentials);
  adapter.onTurnError = async (context, error) => {
    options.onError?.(error);
    await context.sendActivity('Sorry: Cadence hit a problem answering that. Nothing was changed; please try again in a minute.');
  };
  const server = restify.createServer({ name: 'cadence' });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, answeringBadSignaturesWith401(res), (context) => options.bot.run(context));
  });
  server.get('/healthz', (_req, res, next) => {
    res.send(200, { status: 'ok' });
    return next();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new CadenceError(`port ${options.port} on ${options.host} is already in use: stop what is using it, or choose another port (PORT, or --port)`)
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}/api/messages`,
    port,
    adapter,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}
