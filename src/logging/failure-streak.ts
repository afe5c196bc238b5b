import type { Logger } from './logger.js';

/**
 * A loop that fails every tick while something it needs is down (the state DB, say) should say so
 * once, not once a tick: the first failure of a streak is logged at error level, the next ones at
 * debug, and the first success after them once at info with how many failed and since when.
 */
export interface FailureStreak {
  failed(error: unknown, now: number): void;
  succeeded(now: number): void;
}

export function failureStreak(logger: Logger, what: string): FailureStreak {
  let failures = 0;
  let since = 0;
  return {
    failed(error, now) {
      failures += 1;
      if (failures === 1) {
        since = now;
        logger.error(`${what} failed; said once until it works again`, { error });
      } else {
        logger.debug(`${what} failed again`, { failures, error });
      }
    },
    succeeded(now) {
      if (failures === 0) return;
      logger.info(`${what} works again`, {
        failures,
        since: new Date(since).toISOString(),
        forMs: now - since,
      });
      failures = 0;
    },
  };
}
