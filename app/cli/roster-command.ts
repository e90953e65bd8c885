/** `cadence roster import <file.csv> [--dry-run]`. */
import { readFileSync } from 'node:fs';
import { InputError, londonDate } from '../../rules/index.ts';
import { rosterWriter } from '../../store/index.ts';
import {
  decodeFileBytes,
  describeRosterPlan,
  encodingNote,
  importRoster,
  type DecodedFile,
} from '../../supervision/index.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { describeEndings, endRelationships } from '../end-relationships.ts';
import { openDatabase } from '../open-database.ts';
import { openGraph } from '../open-graph.ts';
import type { Output } from './io.ts';
import { readOptions } from './options.ts';

export async function rosterImport(args: string[], config: Config, clock: Clock): Promise<Output> {
  const { values, positionals } = readOptions('roster import', args, {
    'dry-run': { type: 'boolean' },
  });
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0)
    throw new InputError('roster import: name one CSV file, e.g. cadence roster import roster.csv');
  const { text, encoding } = readText(file);
  const db = await openDatabase(config);
  try {
    const { plan, written } = await importRoster(
      (work) => db.transaction((tx) => work(rosterWriter(tx))),
      {
        text,
        file,
        actor: config.actor,
        today: londonDate(clock.now()),
        daysAhead: config.daysAhead,
        dryRun: values['dry-run'] === true,
      },
    );
    const summary = describeRosterPlan(plan, written || values['dry-run'] !== true);
    const outlook = written ? await endInOutlook(db, config, clock) : { lines: [], report: null };
    return {
      human: [
        values['dry-run']
          ? `dry run, nothing written — ${summary}`
          : written
            ? `imported — ${summary}`
            : `nothing to change — ${summary}`,
        ...encodingNote(encoding),
        ...outlook.lines,
      ].join('\n'),
      json: {
        written,
        encoding,
        outlook: outlook.report,
        added: plan.added.map((e) => e.upn),
        updated: plan.updated.map((u) => ({ upn: u.entry.upn, fields: u.fields })),
        supervisorChanged: plan.supervisorChanged.map((c) => ({
          upn: c.entry.upn,
          from: c.from,
          to: c.to,
        })),
        termsChanged: plan.termsChanged.map((c) => ({ upn: c.entry.upn, fields: c.fields })),
        unchanged: plan.unchanged,
        notInFile: plan.notInFile,
      },
    };
  } finally {
    await db.close();
  }
}

/**
 * Relationships this import ended leave Outlook now when Graph is configured;
 * the import is committed whatever Outlook answers, and the daily job retries
 * what did not land.
 */
async function endInOutlook(
  db: Parameters<typeof endRelationships>[0],
  config: Config,
  clock: Clock,
) {
  if (!config.graph) return { lines: [], report: null };
  try {
    const { client, calendar } = openGraph(config);
    const report = await endRelationships(db, calendar, clock);
    const used =
      client.usage.requests > 0
        ? [
            `Graph: ${client.usage.requests} requests in ${client.usage.roundTrips} HTTP round trips`,
          ]
        : [];
    return { lines: [...describeEndings(report), ...used], report };
  } catch (error) {
    return {
      lines: [
        `! Outlook could not be reached to end the relationships this import ended (${error instanceof Error ? error.message : String(error)}); the daily job retries`,
      ],
      report: null,
    };
  }
}

/** A CSV file's text, however Excel saved it (supervision/file-bytes.ts), or one line saying why not. */
export function readText(file: string): DecodedFile {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot be read (${code})`}`,
      { cause: error },
    );
  }
  return decodeFileBytes(bytes, file);
}
