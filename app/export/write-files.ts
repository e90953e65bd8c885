/**
 * Writing an export's files so that a failure leaves no half file: each is
 * written whole to a temporary name beside its target, and only when all are
 * written (and the export is in the audit log) are they renamed into place.
 * A rename within one directory is atomic, so a reader sees the old file or
 * the new one, never part of one.
 */
import { randomUUID } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../../rules/index.ts';

export interface FileToWrite {
  name: string;
  text: string;
}

/**
 * Writes `files` into `dir` (created if missing). `beforeReveal` runs once
 * every file is written and before any is renamed into place; if it, or
 * anything before it, fails, nothing is left behind.
 */
export async function writeFilesAtomically(
  dir: string,
  files: readonly FileToWrite[],
  beforeReveal: () => Promise<void> = async () => {},
): Promise<string[]> {
  for (const file of files) {
    const existing = await lstat(join(dir, file.name)).catch(notFoundAsUndefined);
    if (existing && !existing.isFile())
      throw new InputError(
        `export: ${join(dir, file.name)} exists and is not a file; choose another --out directory. Nothing was written`,
      );
  }
  let created: string | undefined;
  try {
    created = await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new InputError(
      `export: cannot make the directory ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'}); choose another --out. Nothing was written`,
      { cause: error },
    );
  }
  const temporary = files.map((file) => join(dir, `.${file.name}.${randomUUID()}.tmp`));
  try {
    for (const [i, file] of files.entries()) await writeDurably(temporary[i]!, file.text);
    await beforeReveal();
  } catch (error) {
    await Promise.all(temporary.map((path) => rm(path, { force: true })));
    if (created !== undefined) await rmdir(dir).catch(() => undefined); // only if we made it and it is still empty
    throw error;
  }
  const written: string[] = [];
  for (const [i, file] of files.entries()) {
    await rename(temporary[i]!, join(dir, file.name));
    written.push(join(dir, file.name));
  }
  return written;
}

/** Written and flushed to disk before it is renamed, so a power cut cannot leave an empty file under the final name. */
async function writeDurably(path: string, text: string): Promise<void> {
  const handle = await open(path, 'wx', 0o600);
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function notFoundAsUndefined(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}
