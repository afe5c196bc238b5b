import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import { type Digest, fromSubscription } from './digest.js';
import type { DigestScheduler } from './digest-scheduler.js';
import type { DigestStore } from './store.js';

/** Orphaned runs older than this are left alone: later runs have superseded them. */
const ORPHAN_HORIZON_MS = 7 * 24 * 60 * 60_000;

export interface ReplicaSweepDeps {
  readonly store: DigestStore;
  readonly scheduler: DigestScheduler;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface ReplicaSweep {
  /** Sweeps every `everyMs` until stop(). */
  start(everyMs: number): void;
  stop(): void;
}

/**
 * What other replicas sharing the state DB (PostgreSQL) changed or left behind, caught up with
 * every sweep: subscriptions made or removed through them, and runs one claimed and never finished
 * (it died), finished here through the same claim and post ledger: posted once. With SQLite, one
 * process per file, there are never any of either.
 */
export function createReplicaSweep(deps: ReplicaSweepDeps): ReplicaSweep {
  const { store, scheduler, clock, logger } = deps;

  /**
   * Finishes the runs a dead replica claimed: each through `run` (claimRun answers `resumed`, or
   * `busy` when another live replica got there first), so the post ledger decides whether Slack
   * has it already. Only a digest's latest run: an older one was superseded, as in catch-up.
   */
  const sweeping = new Set<string>();
  async function sweepOrphans(): Promise<void> {
    const orphans = await store.orphanedRuns(clock.now() - ORPHAN_HORIZON_MS);
    for (const orphan of orphans) {
      const held = scheduler.get(orphan.digest);
      const key = `${orphan.digest}@${orphan.scheduledAt}`;
      if (scheduler.stopped || held === undefined || sweeping.has(key)) continue;
      if ((await store.lastRunAt(orphan.digest)) !== orphan.scheduledAt) continue;
      sweeping.add(key);
      scheduler.track(
        scheduler
          .run(held.digest, orphan.scheduledAt)
          .then((outcome) => {
            if (outcome !== 'busy' && outcome !== 'done-before') {
              logger.info('finished a digest run a stopped replica had claimed', {
                digest: orphan.digest,
                scheduledAt: new Date(orphan.scheduledAt).toISOString(),
                outcome,
              });
            }
          })
          .finally(() => sweeping.delete(key)),
      );
    }
  }

  /**
   * Subscriptions made or removed through another replica (one PostgreSQL database shared) are
   * scheduled or dropped here, within a sweep. On SQLite (one process) nothing differs. A
   * subscription made through this replica while the list was being read is left alone.
   */
  async function syncSubscriptions(): Promise<void> {
    const readAt = clock.now();
    const stored = new Map(
      (await store.listSubscriptions()).map((s) => {
        const digest = fromSubscription(s);
        return [digest.id, digest] as const;
      }),
    );
    if (scheduler.stopped) return;
    for (const held of scheduler.all()) {
      const id = held.digest.id;
      const made = held.digest.since ?? 0;
      if (held.digest.origin !== 'slack' || stored.has(id) || made >= readAt - 1_000) continue;
      scheduler.unschedule(id);
      logger.info('a subscription removed through another replica is no longer scheduled', {
        digest: id,
      });
    }
    for (const [id, digest] of stored) {
      const held = scheduler.get(id);
      if (held !== undefined && sameSchedule(held.digest, digest)) continue;
      // Removed through this replica while the list was being read: not brought back.
      if ((scheduler.removedAt(id) ?? Number.NEGATIVE_INFINITY) >= readAt - 1_000) continue;
      if (held !== undefined) scheduler.unschedule(id);
      if (scheduler.schedule(digest))
        logger.info('a subscription made through another replica is scheduled', { digest: id });
    }
  }

  let timer: NodeJS.Timeout | null = null;
  return {
    start(everyMs) {
      timer = setInterval(() => {
        if (scheduler.stopped) return;
        syncSubscriptions().catch((error) =>
          logger.warn('could not read the subscriptions to pick up changes', { error }),
        );
        sweepOrphans().catch((error) =>
          logger.warn('could not look for unfinished runs of stopped replicas', { error }),
        );
      }, everyMs);
      timer.unref();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}

const sameSchedule = (a: Digest, b: Digest) =>
  a.channel === b.channel &&
  a.schedule === b.schedule &&
  a.timezone === b.timezone &&
  a.window === b.window;
