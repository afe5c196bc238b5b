/**
 * Runs the evaluation cycle every `intervalMs`, the first one at once (so a restart catches up
 * straight away). Cycles never overlap: a tick that comes while one is still running is skipped.
 * `stop` cancels the next tick and waits for the running cycle.
 */

export interface AlertScheduler {
  start(): void;
  stop(): Promise<void>;
  /** Ticks skipped because a cycle was still running (for logs and tests). */
  readonly skipped: number;
}

export interface SchedulerDeps {
  readonly intervalMs: number;
  readonly cycle: () => Promise<void>;
  readonly onError: (error: unknown) => void;
  readonly onSkip?: () => void;
}

export function createAlertScheduler(deps: SchedulerDeps): AlertScheduler {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let skipped = 0;

  const tick = () => {
    if (stopped) return;
    if (running !== null) {
      skipped += 1;
      deps.onSkip?.();
      return;
    }
    running = deps
      .cycle()
      .catch(deps.onError)
      .finally(() => {
        running = null;
      });
  };

  return {
    start() {
      if (timer !== null) return;
      stopped = false;
      tick();
      timer = setInterval(tick, deps.intervalMs);
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer !== null) clearInterval(timer);
      timer = null;
      await running;
    },
    get skipped() {
      return skipped;
    },
  };
}
