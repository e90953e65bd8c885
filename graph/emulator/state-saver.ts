/**
 * Keeps the state file up to date without the caller asking. The first change
 * after a write schedules the next write `delayMs` later, so a burst (seeding
 * thousands of events, a $batch of twenty creates) costs one write, and a
 * steady stream of requests still reaches the disk every `delayMs` instead of
 * being put off for as long as the stream lasts. Writes never overlap;
 * changes made during one schedule another.
 */
import { encodeState, writeStateFile, type EmulatorStateParts } from './state-file.ts';

export const SAVE_DELAY_MS = 200;

export class StateSaver {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;
  private stopped = false;
  /** Why the last write failed, until one succeeds: flush() and close() report it. */
  private failure: Error | undefined;

  constructor(
    private readonly path: string,
    private readonly parts: EmulatorStateParts,
    private readonly delayMs = SAVE_DELAY_MS,
  ) {
    const changed = (): void => this.changed();
    parts.directory.onChange = changed;
    parts.store.onChange = changed;
    parts.delta.onChange = changed;
  }

  private changed(): void {
    this.dirty = true;
    if (this.stopped || this.timer || this.writing) return;
    // A failed background write is kept for flush()/close() to report; the next change tries again.
    this.timer = setTimeout(() => void this.flush().catch(() => undefined), this.delayMs);
  }

  /** Writes now if anything changed since the last write; waits for a write under way. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.writing) await this.writing;
    if (this.dirty) {
      this.dirty = false;
      // Encoded before the first await: the file holds one moment, whatever requests come during the write.
      this.writing = writeStateFile(this.path, encodeState(this.parts)).then(
        () => (this.failure = undefined),
        (e: unknown) => {
          this.failure = e instanceof Error ? e : new Error(String(e));
          this.dirty = true;
        },
      );
      await this.writing;
      this.writing = undefined;
      if (this.dirty && !this.failure) this.changed();
    }
    if (this.failure) throw this.failure;
  }

  /** The last write, then no more: the emulator is closing. */
  async close(): Promise<void> {
    this.stopped = true;
    await this.flush();
  }
}
