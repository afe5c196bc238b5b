import { writeSync } from 'node:fs';

/** What `syncWriter` needs of the process, passed in so tests can make the pipe full. */
export interface SyncWriterDeps {
  /** `fs.writeSync(fd, buffer, offset)`: bytes written, or throws (EAGAIN when the pipe is full). */
  readonly writeSync: (fd: number, buffer: Uint8Array, offset: number) => number;
  /** Blocks for about `ms` milliseconds. */
  readonly sleep: (ms: number) => void;
}

const realDeps: SyncWriterDeps = {
  writeSync: (fd, buffer, offset) => writeSync(fd, buffer, offset),
  sleep: (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms),
};

/** The part of a stream the writer uses: its descriptor, and its queue for the slow path. */
export interface FdStream {
  readonly fd: number;
  readonly writableLength: number;
  write(chunk: Uint8Array | string): unknown;
}

/**
 * A writer whose lines are on their way to the reader when it returns, so `process.exit` right
 * after logging (main.ts does it after a fatal error and after "stopped") loses nothing. Node
 * writes to a pipe asynchronously, and a container's log collector reads stdout through a pipe:
 * lines still queued at exit are dropped (with 500 lines of 1 kB, about 400 were). While the pipe
 * is full it waits a millisecond at a time; after `maxWaitMs` for one line (a reader that is stuck,
 * not slow) the rest goes through the stream's queue, so the bot does not stall behind its logs.
 */
export function syncWriter(
  stream: FdStream,
  options: { readonly maxWaitMs?: number; readonly deps?: SyncWriterDeps } = {},
): (text: string) => void {
  const maxWaitMs = options.maxWaitMs ?? 1000;
  const deps = options.deps ?? realDeps;
  return (text) => {
    // Lines already queued on the stream go first: writing past them would reorder the log.
    if (stream.writableLength > 0) {
      stream.write(text);
      return;
    }
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    let waited = 0;
    while (offset < bytes.length) {
      try {
        offset += deps.writeSync(stream.fd, bytes, offset);
      } catch (error) {
        if ((error as NodeJS.ErrnoException | null)?.code !== 'EAGAIN') throw error;
        if (waited >= maxWaitMs) {
          stream.write(bytes.subarray(offset));
          return;
        }
        deps.sleep(1);
        waited += 1;
      }
    }
  };
}
