/**
 * Tracks work that outlives the request that started it (a slash command is acked at once, and its
 * reply is computed afterwards), so that SIGTERM can let that work finish before the process exits.
 */
export interface InFlightWork {
  /** Runs `task` in the background; its failure is passed to `onError`, never thrown. */
  run(task: () => Promise<void>, onError: (error: unknown) => void): void;
  /** How many tasks are still running. */
  readonly size: number;
  /** Resolves when every task has settled, or after `timeoutMs`; true when all settled in time. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function createInFlightWork(): InFlightWork {
  const running = new Set<Promise<void>>();
  return {
    run(task, onError) {
      // Started on the next turn of the event loop, after pending I/O: acks of requests already
      // queued go out before this work begins (Slack's 3 s limit matters more than a reply's start).
      const promise: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
        .then(task)
        .catch(onError)
        .finally(() => running.delete(promise));
      running.add(promise);
    },
    get size() {
      return running.size;
    },
    async drain(timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      const settled = (async () => {
        // Tasks may start other tasks while we wait: loop until the set is empty.
        while (running.size > 0) await Promise.allSettled([...running]);
        return true as const;
      })();
      const result = await Promise.race([settled, timedOut]);
      clearTimeout(timer);
      return result;
    },
  };
}
