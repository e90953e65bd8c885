/**
 * The `cadence` command line. Routes a command to its handler and is the one
 * place where errors become a message on stderr and an exit code:
 * 0 done, 1 something went wrong that is not the user's, 2 bad input or a bad
 * policy file (with one line saying what and what is accepted).
 *
 * Only what every command needs is imported up here. Each command's module,
 * and with it botbuilder, the Graph client or PGlite, is imported when that
 * command runs: every module costs tsx a few milliseconds, and importing them
 * all made even `cadence help` take seconds. For the same reason the Graph
 * errors come from graph/errors.ts, which imports nothing, not graph/index.ts.
 */
import { existsSync } from 'node:fs';
import { GraphRequestError, GraphResponseError } from '../../graph/errors.ts';
import { CadenceError, londonInstant, parseIsoDate } from '../../rules/index.ts';
import { fixedClock, systemClock, today, type Clock } from '../clock.ts';
import { readConfig } from '../config.ts';
import { print, type CliIo, type Output } from './io.ts';

export const USAGE = `Usage: cadence <command> [options]   (add --json for machine-readable output)

  policy list                                 the policy packs Cadence ships
  policy show <policy|file.json>              a policy's rules, each with its source passage
  policy frequency --policy P --role R [--type T] [--started D] [--approved D] [--agreed NAME=12w] [--agreed-every 4w] [--on D]
  policy frequency --policy P --case-status S [--since D] [--on D]
  policy next      --policy P --role R [--type T] [--started D] [--approved D] [--agreed NAME=12w] [--agreed-every 4w] --last D
  policy next      --policy P --case-status S [--since D] [--last D]
  policy plan      --policy P --role R [--type T] --started D [--approved D] [--agreed NAME=12w] [--agreed-every 4w] [--last D] [--from D] [--months N]
  policy plan      --policy P --case-status S --since D [--last D] [--from D] [--months N]
  workdays add     --from D --days N          N working days after D (D not counted)
  roster import    <file.csv> [--dry-run]     check a roster file whole, then import it in one go (docs/roster.md)
  cases import     <file.csv> [--dry-run]     check a file of children's cases (by reference only) whole, then import it (docs/cases.md)
  groups import    <file.csv> [--dry-run]     check a file of supervision groups (facilitator, members, quorum) whole, then import it (docs/roster.md#groups)
  groups list                                 the groups Cadence holds
  cover set        --supervisor UPN --cover UPN --from D --to D   who stands in for an absent supervisor (docs/roster.md#cover)
  cover list       [--all]                    cover now and to come (--all: past too)
  cover remove     <id>                       take a cover period out
  cover import     <file.csv> [--dry-run]     cover periods from a file (supervisor_upn, cover_upn, from, to)
  overdue          --manager UPN [--on D]     who below a manager is overdue, for what, worst first
  compliance       --manager UPN [--on D]     share supervised within policy over 3 and 12 months, by team and role
  book             --relationship ID | --supervisor UPN | --all [--dry-run]
                                              book sessions through the horizon in Outlook (docs/booking.md)
  reconcile                                   take ended relationships out of Outlook; notice sessions cancelled, declined or moved there; propose replacements
  daily                                       reconcile (as above), then book forward every relationship the roster leaves to Cadence (booking automatic)
  export           --from D --to D [--manager UPN | --team NAME] [--out DIR]
                                              sessions, actions and agreements as CSV for audits and Ofsted (docs/export.md);
                                              a manager's whole line, a team, or the whole council; at most 3 years
  retention        [--dry-run]                remove supervision data older than CADENCE_RETENTION_YEARS (docs/export.md)
  graph-emulator   [--port 5099] [--latency MS]  a local Graph with the demo council's calendars, to try booking
  migrate          [--app-role ROLE [--app-principal-id GUID]]
                                              bring the database's schema up to date, and say which migrations were applied;
                                              as the schema's owner, then let ROLE (Cadence's own) read and write rows only (docs/deploy.md#database)
  doctor           [--mailbox UPN] [--outside UPN]
                                              check the production configuration, changing nothing: settings, Graph token and
                                              permissions, mailbox scoping, database, bot identity; exit 1 if any FAIL (docs/doctor.md)
  start            [--today D] [--as supervisor|supervisee|manager|admin|...] [--no-playground] [--port 3978] [--playground-port 56150] [--graph-latency MS]
                                              the Teams bot on its embedded defaults: PGlite, the Graph emulator with
                                              the demo council, and the Agents Playground as the Teams client (docs/bot.md)
  serve            [--port N]                 production: migrate, then the bot (/api/messages, /healthz, /readyz), jobs and
                                              the outbox until SIGTERM; JSON logs on stdout (docs/operations.md)

Dates are YYYY-MM-DD; --on and --from default to today in Europe/London.
Data: PGlite in ./data (CADENCE_DATA_DIR), or the PostgreSQL server in DATABASE_URL.
CADENCE_TODAY=YYYY-MM-DD runs as if it were 09:00 London time that day.
cadence help <command> (or cadence <command> --help) shows one command's usage.`;

/**
 * One command's usage: its lines of USAGE (the one source of both), each
 * synopsis with the lines that continue it, and what every command shares.
 */
export function commandUsage(name: string): string {
  const lines = USAGE.split('\n');
  const mine: string[] = [];
  let inside = false;
  for (const line of lines) {
    const synopsis = /^ {2}(\S.*?)(?: {2}|$)/.exec(line);
    if (synopsis && !line.startsWith('   ')) {
      const words = synopsis[1]!.split(/ +/);
      inside = words.slice(0, name.split(' ').length).join(' ') === name;
    } else if (!line.startsWith('   ')) {
      inside = false;
    }
    if (inside) mine.push(line);
  }
  const shared = lines.slice(lines.findIndex((line) => line.startsWith('Dates are')));
  return [
    `Usage: cadence ${name} [options]   (add --json for machine-readable output)`,
    '',
    ...mine,
    '',
    ...shared.slice(0, 3),
  ].join('\n');
}

const HELP_FLAGS = new Set(['--help', '-h']);

interface Context {
  clock: Clock;
  env: Record<string, string | undefined>;
  io: CliIo;
}

type Handler = (args: string[], context: Context) => Output | Promise<Output>;

/**
 * `cadence start` and `cadence graph-emulator` are for a development machine:
 * the production image leaves out their modules and the Graph emulator
 * (.dockerignore, issue 13), so there they answer one line and exit 2 rather
 * than crash on a module not found. Looked for before the import, so a module
 * missing from a checkout is still the crash it is.
 */
function developmentOnly(command: string, module: string, runs: string): void {
  const needed = [
    new URL(module, import.meta.url),
    new URL('../../graph/emulator/index.ts', import.meta.url),
  ];
  if (!needed.every((url) => existsSync(url))) {
    throw new CadenceError(
      `not in the production image: cadence ${command} runs ${runs}, which the image leaves out; run it from a checkout of Cadence (docs/operations.md#development-settings)`,
    );
  }
}

const COMMANDS: Record<string, Handler> = {
  'policy list': async (args) => (await import('./policy-commands.ts')).policyList(args),
  'policy show': async (args) => (await import('./policy-commands.ts')).policyShow(args),
  'policy frequency': async (args, { clock }) =>
    (await import('./policy-commands.ts')).policyFrequency(args, today(clock)),
  'policy next': async (args) => (await import('./policy-commands.ts')).policyNext(args),
  'policy plan': async (args, { clock }) =>
    (await import('./policy-commands.ts')).policyPlan(args, today(clock)),
  'workdays add': async (args) => (await import('./workdays-command.ts')).workdaysAdd(args),
  'roster import': async (args, { clock, env }) =>
    (await import('./roster-command.ts')).rosterImport(args, readConfig(env), clock),
  'cases import': async (args, { clock, env }) =>
    (await import('./cases-command.ts')).casesImport(args, readConfig(env), clock),
  'groups import': async (args, { clock, env }) =>
    (await import('./groups-command.ts')).groupsImport(args, readConfig(env), clock),
  'groups list': async (args, { env }) =>
    (await import('./groups-command.ts')).groupsList(args, readConfig(env)),
  'cover set': async (args, { env }) =>
    (await import('./cover-command.ts')).coverSet(args, readConfig(env)),
  'cover list': async (args, { env, clock }) =>
    (await import('./cover-command.ts')).coverList(args, readConfig(env), clock),
  'cover remove': async (args, { env }) =>
    (await import('./cover-command.ts')).coverRemove(args, readConfig(env)),
  'cover import': async (args, { clock, env }) =>
    (await import('./cover-command.ts')).coverImport(args, readConfig(env), clock),
  overdue: async (args, { clock, env }) =>
    (await import('./overdue-command.ts')).overdueCommand(args, readConfig(env), clock),
  compliance: async (args, { clock, env }) =>
    (await import('./overdue-command.ts')).complianceCommand(args, readConfig(env), clock),
  book: async (args, { clock, env }) =>
    (await import('./book-command.ts')).bookCommand(args, readConfig(env), clock),
  reconcile: async (args, { clock, env }) =>
    (await import('./reconcile-command.ts')).reconcileCommand(args, readConfig(env), clock),
  daily: async (args, { clock, env }) =>
    (await import('./reconcile-command.ts')).reconcileCommand(args, readConfig(env), clock, true),
  export: async (args, { clock, env }) =>
    (await import('./export-command.ts')).exportCommand(args, readConfig(env), clock),
  retention: async (args, { clock, env }) =>
    (await import('./retention-command.ts')).retentionCommand(args, readConfig(env), clock),
  'graph-emulator': async (args, { clock, io }) => {
    developmentOnly('graph-emulator', './emulator-command.ts', 'the Graph emulator');
    return (await import('./emulator-command.ts')).graphEmulatorCommand(args, clock, io);
  },
  migrate: async (args, { env }) =>
    (await import('./migrate-command.ts')).migrateCommand(args, readConfig(env)),
  doctor: async (args, { env }) => (await import('./doctor-command.ts')).doctorCommand(args, env),
  start: async (args, { clock, env, io }) => {
    developmentOnly(
      'start',
      './start-command.ts',
      'the demo on the Graph emulator and the Agents Playground',
    );
    return (await import('./start-command.ts')).startCommand(args, readConfig(env), clock, io);
  },
  serve: async (args, { clock, env }) =>
    (await import('./serve-command.ts')).serveCommand(args, readConfig(env), clock),
};

/** Every command `cadence` knows, one or two words each. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

export async function main(
  argv: string[],
  io: CliIo,
  { clock = systemClock, env = process.env }: Partial<Omit<Context, 'io'>> = {},
): Promise<number> {
  const asJson = argv.includes('--json');
  // `cadence help <command>` is `cadence <command> --help`.
  const asked = argv[0] === 'help' && argv.length > 1 ? [...argv.slice(1), '--help'] : argv;
  const [first, second, ...rest] = asked;
  if (first === undefined || first === 'help' || HELP_FLAGS.has(first)) {
    io.stdout(`${USAGE}\n`);
    return first === undefined ? 2 : 0;
  }
  const twoWords = `${first} ${second ?? ''}`.trim();
  const [name, args] = COMMANDS[twoWords] ? [twoWords, rest] : [first, asked.slice(1)];
  const handler = COMMANDS[name];
  if (!handler) {
    io.stderr(
      `cadence: unknown command '${twoWords.replace(/ (--help|-h)$/, '')}'; commands: ${Object.keys(COMMANDS).join(', ')} (cadence help for more)\n`,
    );
    return 2;
  }
  // Usage, not an error: the convention of every command line, and nothing runs.
  if (args.some((arg) => HELP_FLAGS.has(arg))) {
    io.stdout(`${commandUsage(name)}\n`);
    return 0;
  }
  try {
    // CADENCE_TODAY pins "now" to 09:00 London on that day: for demos, and for tests that run the real command.
    if (env.CADENCE_TODAY)
      clock = fixedClock(londonInstant(parseIsoDate(env.CADENCE_TODAY, 'CADENCE_TODAY'), '09:00'));
    const output = await handler(args, { clock, env, io });
    print(io, output, asJson);
    return output.exitCode ?? 0;
  } catch (error) {
    if (error instanceof CadenceError) {
      io.stderr(`cadence: ${error.message}\n`);
      return 2;
    }
    if (error instanceof GraphRequestError || error instanceof GraphResponseError) {
      // Outlook or Entra ID said no, or could not be reached: say so in one line, with what to check.
      io.stderr(
        `cadence: ${error.message.split('\n')[0]}; nothing more was sent. Check the GRAPH_* settings and the app's permissions (docs/booking.md), then run the command again: it picks up where it stopped\n`,
      );
      return 1;
    }
    io.stderr(
      `cadence: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
