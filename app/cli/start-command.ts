/**
 * `cadence start [--today D] [--no-playground] [--port N] [--playground-port N]`:
 * the embedded stack — PGlite, the Graph emulator with the demo council, the
 * bot on localhost, the Agents Playground as the Teams client — until Ctrl+C.
 * `--today` starts the clock at 09:00 London on that day, so prompts and
 * chasers that would take weeks show at once.
 */
import { londonDate, parseIsoDate } from '../../rules/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { clockFrom, startEmbedded } from '../embedded/stack.ts';
import type { CliIo, Output } from './io.ts';
import { optionalText, readOptions, wholeNumber } from './options.ts';

export async function startCommand(
  args: string[],
  config: Config,
  clock: Clock,
  io: CliIo,
): Promise<Output> {
  const { values } = readOptions('start', args, {
    today: { type: 'string' },
    'no-playground': { type: 'boolean' },
    port: { type: 'string' },
    'playground-port': { type: 'string' },
    'graph-latency': { type: 'string' },
    as: { type: 'string' },
  });
  const todayText = optionalText(values, 'today');
  const running = todayText ? clockFrom(parseIsoDate(todayText, '--today'), clock) : clock;
  const port = wholeNumber('port', optionalText(values, 'port') ?? String(config.bot.port), {
    min: 0,
  });
  // Development by definition: the Graph emulator runs in this process on loopback, the bot on 127.0.0.1, and the
  // GRAPH_* settings are not read. So this bypasses serve's refusal of development settings (app/serve.ts) and
  // needs no CADENCE_DEVELOPMENT; nothing here can send a token beyond this machine.
  const embedded = await startEmbedded({
    // The embedded mode never validates tokens, so it listens on localhost only.
    config: {
      ...config,
      bot: { ...config.bot, appId: null, appPassword: null, host: '127.0.0.1', port },
    },
    clock: running,
    playground: values['no-playground'] !== true,
    playgroundPort: wholeNumber(
      'playground-port',
      optionalText(values, 'playground-port') ?? '56150',
      { min: 1 },
    ),
    graphLatencyMs: wholeNumber('graph-latency', optionalText(values, 'graph-latency') ?? '0', {
      min: 0,
    }),
    log: (line) => io.stderr(`${line}\n`),
    ...(optionalText(values, 'as') ? { currentUser: optionalText(values, 'as')! } : {}),
  });
  const playing = optionalText(values, 'as') ?? 'supervisor';
  const who = embedded.personas
    .map(
      (p) =>
        `  ${p.key === playing ? '*' : ' '} ${p.key.padEnd(26)} ${p.name} <${p.upn}>${p.description ? ` — ${p.description}` : ''}`,
    )
    .join('\n');
  io.stdout(
    `Cadence is running on its embedded defaults (today is ${londonDate(running.now())} in the demo).\n` +
      `  bot:        ${embedded.stack.server.url}\n` +
      `  database:   PGlite in ${config.dataDir}\n` +
      `  Outlook:    the Graph emulator at ${embedded.emulator.url} with the demo council's calendars\n` +
      (embedded.playground
        ? `\nOpen ${embedded.playground.url} in a browser: the Agents Playground, a local Teams client.\n` +
          `The browser is the person marked *; the Playground types only as one person, so to be someone else\n` +
          `stop and run npm start -- --as <key> (e.g. --as manager). The demo people:\n${who}\n` +
          `\nType "help" in the chat. Stop with Ctrl+C.\n`
        : `\nNo Playground (--no-playground). Stop with Ctrl+C.\n`),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await embedded.stop();
  return { human: 'Cadence stopped.', json: { stopped: true } };
}
