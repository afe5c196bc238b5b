/**
 * A counting semaphore with abortable waits, first come first served: how the off-thread parser
 * bounds the big bodies held in memory at once (being read, waiting for a worker, being parsed).
 * A waiter whose signal aborts leaves the line and gets the signal's reason.
 */

export interface Permit {
  /** Gives the permit back; a second call does nothing. */
  release(): void;
}

export interface Permits {
  acquire(signal?: AbortSignal): Promise<Permit>;
  /** Permits free right now (for tests and the bench). */
  available(): number;
  /** Waiters in line (for tests and the bench). */
  waiting(): number;
}

export function createPermits(count: number): Permits {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('permits must be >= 1');
  let free = count;
  const line: Array<(permit: Permit) => void> = [];

  function permit(): Permit {
    let held = true;
    return {
      release() {
        if (!held) return;
        held = false;
        const next = line.shift();
        if (next) next(permit());
        else free += 1;
      },
    };
  }

  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (free > 0) {
        free -= 1;
        return Promise.resolve(permit());
      }
      return new Promise<Permit>((resolve, reject) => {
        const onAbort = () => {
          const at = line.indexOf(grant);
          if (at >= 0) line.splice(at, 1);
          reject(signal?.reason);
        };
        const grant = (given: Permit) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(given);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        line.push(grant);
      });
    },
    available: () => free,
    waiting: () => line.length,
  };
}
