import { statSync } from 'node:fs';

/** What identifies a file on disk: a file deleted, or replaced by another, no longer has it. */
export interface FileIdentity {
  readonly dev: number;
  readonly ino: number;
}

/** `missing`: no file at the path; `replaced`: another file there than the one opened. */
export type FileChange = 'same' | 'missing' | 'replaced';

/** Compares the file opened with what is at its path now (null: nothing there). */
export function compareIdentity(opened: FileIdentity, current: FileIdentity | null): FileChange {
  if (current === null) return 'missing';
  return current.dev === opened.dev && current.ino === opened.ino ? 'same' : 'replaced';
}

/** The identity of the file at `path`, or null if there is none. */
export function identityOf(path: string): FileIdentity | null {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat === undefined ? null : { dev: stat.dev, ino: stat.ino };
}

export interface StateFileProblem {
  readonly path: string;
  readonly change: Exclude<FileChange, 'same'>;
}

export interface StateFileWatch {
  /** Checks every watched file now; the first problem found, or null while all are in place. */
  check(): StateFileProblem | null;
  /** The first problem seen (it stays: the process keeps writing into the file it opened). */
  readonly problem: StateFileProblem | null;
  stop(): void;
}

export interface StateFileWatchOptions {
  /** The files opened (the state DB, its lock), with their identity right after opening. */
  readonly files: readonly string[];
  /** Called once, on the first problem. */
  readonly onProblem: (problem: StateFileProblem) => void;
  /** Check period; 0: no timer (tests call check()). */
  readonly intervalMs?: number;
  readonly identify?: (path: string) => FileIdentity | null;
}

/**
 * Watches that the state DB the process opened is still the file at its path. SQLite keeps
 * writing into a file deleted under it (into the void: the data is gone when the process ends) or
 * into the old file when another was moved in its place; neither raises an error. A stat every few
 * seconds (an unref'd timer: it never keeps the process alive) notices, and `onProblem` is called
 * once. Files missing when the watch starts are not watched.
 */
export function watchStateFiles(options: StateFileWatchOptions): StateFileWatch {
  const identify = options.identify ?? identityOf;
  const opened = options.files.flatMap((path) => {
    const identity = identify(path);
    return identity === null ? [] : [{ path, identity }];
  });
  let problem: StateFileProblem | null = null;
  const check = (): StateFileProblem | null => {
    if (problem !== null) return problem;
    for (const file of opened) {
      const change = compareIdentity(file.identity, identify(file.path));
      if (change !== 'same') {
        problem = { path: file.path, change };
        options.onProblem(problem);
        return problem;
      }
    }
    return null;
  };
  const intervalMs = options.intervalMs ?? 0;
  const timer = intervalMs > 0 ? setInterval(check, intervalMs) : null;
  timer?.unref();
  return {
    check,
    get problem() {
      return problem;
    },
    stop: () => {
      if (timer !== null) clearInterval(timer);
    },
  };
}
