/** Where a command writes; the real process streams, or buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A command's result: what to print for people, and what to print with --json. */
export interface Output {
  human: string;
  json: unknown;
  /** For a command that ran and found something wrong (`cadence doctor`: 1); 0 when absent. */
  exitCode?: number;
}

export function print(io: CliIo, output: Output, asJson: boolean): void {
  // Nothing to say (`cadence serve`, whose stdout is JSON log lines): not even an empty line.
  if (!asJson && output.human === '') return;
  io.stdout(
    asJson ? `${JSON.stringify(output.json, null, 2)}\n` : `${output.human.replace(/\n*$/, '')}\n`,
  );
}
