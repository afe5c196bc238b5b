import { type Timers, UNREF_TIMERS } from '../lifecycle/timers.js';
import { failureStreak } from '../logging/failure-streak.js';
import type { Logger } from '../logging/logger.js';
import { type Backoff, backoffDelay, DELIVERY_BACKOFF } from '../slack/backoff.js';
import type { DeliveryPass, PassOptions } from './deliver.js';

/**
 * Empties the alert outbox on its own schedule, so evaluation never waits on Slack and Slack
 * never waits on evaluation. Woken after each cycle (held notifications included), when the bot
 * joins a channel, and by itself: a pass that left notifications to retry arms the next pass
 * with backoff (Slack's Retry-After when it is longer). One pass at a time; a wake during a pass
 * runs another right after it. Nothing stays "under way": every undelivered notification is in
 * the outbox, and the next pass takes it.
 */

export interface DeliveryWorker {
  wake(options?: Partial<PassOptions>): void;
  /** Resolves when no pass is running or queued (tests; stop). */
  idle(): Promise<void>;
  /** Cancels the next pass and waits for the running one. */
  stop(): Promise<void>;
}

export interface DeliveryWorkerDeps {
  readonly pass: (options: PassOptions) => Promise<DeliveryPass>;
  readonly logger: Logger;
  readonly backoff?: Backoff;
  readonly random?: () => number;
  readonly timers?: Timers;
  /** The bot's clock, for the times in its log lines. */
  readonly now?: () => number;
}

export function createDeliveryWorker(deps: DeliveryWorkerDeps): DeliveryWorker {
  const backoff = deps.backoff ?? DELIVERY_BACKOFF;
  const random = deps.random ?? Math.random;
  const timers = deps.timers ?? UNREF_TIMERS;
  let running: Promise<void> | null = null;
  let queued: PassOptions | null = null;
  let cancelTimer: (() => void) | null = null;
  let failures = 0; // passes in a row that left something to retry
  let stopped = false;
  // A pass fails as long as the state DB is down: said once, and once when it works again.
  const passFailures = failureStreak(deps.logger, 'the alert delivery pass');
  const now = deps.now ?? Date.now;

  const schedule = (ms: number) => {
    cancelTimer?.();
    cancelTimer = timers.set(() => {
      cancelTimer = null;
      wake({ retryHeld: false });
    }, ms);
  };

  const afterPass = (report: DeliveryPass | null) => {
    if (report !== null && report.retrying === 0) {
      failures = 0;
      return;
    }
    failures += 1;
    const delay = backoffDelay(failures, backoff, random(), report?.retryAfterMs ?? null);
    deps.logger.info('alert notifications left to retry', {
      retrying: report?.retrying,
      inMs: delay,
    });
    schedule(delay);
  };

  const start = (options: PassOptions) => {
    cancelTimer?.();
    cancelTimer = null;
    running = (async () => {
      let report: DeliveryPass | null = null;
      try {
        report = await deps.pass(options);
        passFailures.succeeded(now());
      } catch (error) {
        passFailures.failed(error, now());
      }
      if (!stopped) afterPass(report);
    })().finally(() => {
      running = null;
      const next = queued;
      queued = null;
      if (next !== null && !stopped) start(next);
    });
  };

  function wake(options: Partial<PassOptions> = {}): void {
    if (stopped) return;
    const wanted: PassOptions = { retryHeld: options.retryHeld ?? true };
    if (running !== null) {
      queued = { retryHeld: (queued?.retryHeld ?? false) || wanted.retryHeld };
      return;
    }
    start(wanted);
  }

  return {
    wake,
    async idle() {
      while (running !== null) await running;
    },
    async stop() {
      stopped = true;
      cancelTimer?.();
      cancelTimer = null;
      queued = null;
      while (running !== null) await running;
    },
  };
}
