/** What a CLI command touches of the process, passed in so tests can run commands in-process. */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Colours for a terminal; off when output is piped or NO_COLOR is set. */
  readonly color: boolean;
  /**
   * The wall clock, for the few choices a user asks to take from it (`replay --start now`);
   * tests pass a fixed one. Absent: Date.now.
   */
  readonly now?: () => number;
}

export function processIo(): CliIo {
  return {
    env: process.env,
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    color: process.stdout.isTTY === true && process.env.NO_COLOR === undefined,
    now: () => Date.now(),
  };
}
