import { type Timers, UNREF_TIMERS } from '../lifecycle/timers.js';

/**
 * The right to evaluate the alert rules and deliver the alert outbox: one replica at a time holds
 * it. On SQLite there is one process per file, so it is always held (`alwaysHeldLease`); on
 * PostgreSQL it is a session advisory lock on a connection of its own (state/postgres), which the
 * database drops when the holder's connection goes, SIGKILL included.
 */
export interface AlertLease {
  /** Takes the lease, or confirms this replica still holds it; false while another one does. */
  acquire(): Promise<boolean>;
  /**
   * True while this replica holds the lease and confirmed it recently enough (the fence): false as
   * soon as it may have lost it, well before another replica can take it over.
   */
  held(): boolean;
  /** Gives the lease up (at stop), so that another replica takes over at once. */
  release(): Promise<void>;
}

/** SQLite: one process per state file, so this process always holds the lease. */
export function alwaysHeldLease(): AlertLease {
  return { acquire: async () => true, held: () => true, release: async () => {} };
}

/**
 * How often a replica tries to take (or renews) the lease: at least every 5 s, and every
 * `interval` when that is shorter. With PostgreSQL dropping a dead holder's lock at once (its
 * socket closed) or within about 25 s (its host vanished, TCP keepalives), another replica takes
 * over within `max(2 × interval, 30 s)`.
 */
export function leaseRenewMs(intervalMs: number): number {
  return Math.max(100, Math.min(5_000, intervalMs));
}

export interface LeaseKeeper {
  start(): void;
  /** Stops trying; what `onLost` started stopping is awaited. Does not release the lease. */
  stop(): Promise<void>;
  readonly holding: boolean;
}

export interface LeaseKeeperDeps {
  readonly lease: AlertLease;
  readonly everyMs: number;
  /** This replica took the lease (once per acquisition). */
  readonly onAcquired: () => void;
  /** This replica lost the lease (once per loss); awaited before the next try. */
  readonly onLost: () => Promise<void>;
  /** The lease could not be asked for (the database did not answer): reported once per streak. */
  readonly onError: (error: unknown) => void;
  readonly timers?: Timers;
}

/**
 * Tries to take the lease every `everyMs` (the first try at once) and says when this replica
 * gains or loses it, once each. A failed try counts as "not held".
 */
export function keepLease(deps: LeaseKeeperDeps): LeaseKeeper {
  const timers = deps.timers ?? UNREF_TIMERS;
  let holding = false;
  let stopped = true;
  let failing = false;
  let cancel: (() => void) | null = null;
  let running: Promise<void> | null = null;

  const tick = async () => {
    let ok = false;
    try {
      ok = await deps.lease.acquire();
      failing = false;
    } catch (error) {
      if (!failing) deps.onError(error);
      failing = true;
    }
    if (stopped) return;
    if (ok && !holding) {
      holding = true;
      deps.onAcquired();
    } else if (!ok && holding) {
      holding = false;
      await deps.onLost();
    }
  };

  const run = () => {
    cancel = null;
    running = tick().finally(() => {
      running = null;
      if (!stopped) cancel = timers.set(run, deps.everyMs);
    });
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      run();
    },
    async stop() {
      stopped = true;
      cancel?.();
      cancel = null;
      await running;
    },
    get holding() {
      return holding;
    },
  };
}
