import { randomUUID } from 'node:crypto';
import type { DigestConfig } from '../config/config.js';
import type { ChangeSignal } from '../features/change-signal.js';
import type { Feature, FeatureFactory } from '../features/feature.js';
import { createInFlightWork } from '../lifecycle/in-flight.js';
import { failureStreak } from '../logging/failure-streak.js';
import type { PostLedger } from '../slack/post-once.js';
import { isLate, planCatchUp, retryAt } from './catch-up.js';
import { parseCronSchedule } from './cron.js';
import { createCronTasks } from './cron-tasks.js';
import { type Digest, fromConfig, fromSubscription } from './digest.js';
import { type DigestModalDeps, openNewDigestModal, registerDigestModal } from './modal-handlers.js';
import { retryRun } from './retry-run.js';
import { digestFetch, type RunDeps, type RunOutcome, runDigest } from './run-digest.js';
import type { ScheduledDigest } from './scheduled-digest.js';
import type { DigestStore, PendingRetry } from './store.js';
import { digestSubcommands } from './subcommands.js';
import { digestSubscriptions, type SubscriptionDeps } from './subscribe.js';
import { type SubscriptionLimits, staggerMs } from './subscription-limits.js';

export interface DigestsFeatureOptions {
  /** The YAML digests (config.file.digests). */
  readonly digests: readonly DigestConfig[];
  readonly store: DigestStore;
  readonly ledger: PostLedger;
  /** This process's identity in claims and the post ledger; random per start by default. */
  readonly owner?: string;
  /** How long stop() waits for runs under way (default 10 s). */
  readonly stopTimeoutMs?: number;
  /** Caps on subscriptions from Slack (default SUBSCRIPTION_LIMITS: 5 per channel, 10 per person). */
  readonly limits?: SubscriptionLimits;
  /**
   * How often to pick up subscriptions made or removed through another replica, and to look for
   * runs a dead replica claimed and never finished and finish them (default 15 s; with SQLite,
   * one process per file, there are never any of either).
   */
  readonly orphanSweepMs?: number;
  /** How long after a run failed outside the stats API and Slack to catch it up (default 30 s). */
  readonly catchUpRetryMs?: number;
  /** Told when someone subscribes, edits or removes a digest (the Home tab publishes it). */
  readonly changes?: ChangeSignal;
}

/** Orphaned runs older than this are left alone: later runs have superseded them. */
const ORPHAN_HORIZON_MS = 7 * 24 * 60 * 60_000;

/**
 * Scheduled digests: YAML ones and channel subscriptions, each a timer armed for its next run in
 * its zone (cron-tasks.ts, from the same pure run function catch-up reads);
 * on start, the run missed while the bot was down (if still in its period) is posted late, and
 * runs waiting for their retry are re-armed. stop() stops the tasks and timers, then waits
 * (bounded) for runs under way. Every `orphanSweepMs`, a run another replica claimed and never
 * finished (it died) is finished here, through the same claim and post ledger: posted once.
 */
export function createDigestsFeature(options: DigestsFeatureOptions): FeatureFactory {
  return (context): Feature => {
    const { clock } = context;
    const { store } = options;
    const logger = context.logger.child({ component: 'digests' });
    const owner = options.owner ?? randomUUID();
    const digests = new Map<string, ScheduledDigest>();
    const running = createInFlightWork();
    const retryTimers = new Set<NodeJS.Timeout>();
    const staggerTimers = new Set<NodeJS.Timeout>();
    let stopped = false;

    const deps: RunDeps = {
      store,
      ledger: options.ledger,
      // Posts in the digests lane: paced, behind alerts, retried here after an unclear answer.
      client: context.delivery.client('digests'),
      retry: { stopped: context.delivery.stopped },
      owner,
      clock,
      logger,
      fetchStats: digestFetch(context.stats),
      executionUrlTemplate: context.executionUrlTemplate,
      ...(context.charts === undefined ? {} : { charts: context.charts }),
      retryAt: (digest, scheduledAt, now) => {
        const held = digests.get(digest.id);
        return held === undefined ? now + 5 * 60_000 : retryAt(held.schedule, scheduledAt, now);
      },
    };

    /**
     * One run; one that posted "stats unavailable" gets its retry armed. A run that failed for a
     * reason outside the stats API and Slack (the state DB down, say) is caught up later, by the
     * same rules as after a restart; the failures of a streak are logged once.
     */
    async function run(digest: Digest, scheduledAt: number) {
      let outcome: RunOutcome;
      try {
        outcome = await runDigest(digest, scheduledAt, deps);
      } catch (error) {
        runFailures.failed(error, clock.now());
        outcome = 'failed';
      }
      if (outcome === 'failed') catchUpLater(digest.id);
      else runFailures.succeeded(clock.now());
      context.metrics.digestRuns.inc({ outcome });
      if (outcome === 'unavailable' && !stopped) {
        const pending = (await store.pendingRetries()).find(
          (p) => p.digest === digest.id && p.scheduledAt === scheduledAt,
        );
        if (pending !== undefined) armRetry(pending);
      }
      return outcome;
    }

    const runFailures = failureStreak(logger, 'a digest run');
    const catchUpTimers = new Map<string, NodeJS.Timeout>();

    /** Catches a digest up once more in a while: its run failed, and may be due still. */
    function catchUpLater(id: string): void {
      if (stopped || catchUpTimers.has(id)) return;
      const timer = setTimeout(() => {
        catchUpTimers.delete(id);
        const held = digests.get(id);
        if (!stopped && held !== undefined) track(catchUp(held));
      }, options.catchUpRetryMs ?? 30_000);
      timer.unref();
      catchUpTimers.set(id, timer);
    }

    function track(work: Promise<unknown>): void {
      running.run(
        async () => {
          await work;
        },
        (error) => logger.error('digest work failed', { error }),
      );
    }

    const tasks = createCronTasks(
      {
        onDue(id, slot) {
          const held = digests.get(id);
          if (stopped || held === undefined) return;
          // Subscriptions due at the same minute (across channels) start spread over its first
          // seconds; the run is still the one at `slot`, so its key and window do not move.
          // Config-file digests start on the tick: the operator chose it (seconds included).
          const delay = held.digest.origin === 'slack' ? staggerMs(id) : 0;
          if (delay === 0) {
            track(run(held.digest, slot));
            return;
          }
          const timer = setTimeout(() => {
            staggerTimers.delete(timer);
            const current = digests.get(id);
            // Stopped or removed meanwhile: nothing was claimed, so a restart's catch-up sees it.
            if (!stopped && current !== undefined) track(run(current.digest, slot));
          }, delay);
          staggerTimers.add(timer);
        },
        onMissed(id, slot) {
          logger.warn('a digest run was missed (the process was busy or asleep)', {
            digest: id,
            scheduledAt: new Date(slot).toISOString(),
          });
          const held = digests.get(id);
          if (!stopped && held !== undefined) track(catchUp(held));
        },
      },
      logger,
      clock,
    );

    /** Posts the run missed while the bot was down, if it is still in its period. */
    async function catchUp({ digest, schedule }: ScheduledDigest): Promise<void> {
      const now = clock.now();
      const seen = await store.firstSeen(digest.id, digest.schedule, digest.timezone, now);
      // A name subscribed, removed and subscribed again: only the latest subscription counts.
      const firstSeen = Math.max(seen, digest.since ?? seen);
      const lastRun = await store.lastRunAt(digest.id);
      const plan = planCatchUp(schedule, { now, firstSeen, lastRun });
      if (plan.skipped > 0) {
        logger.warn('missed digest runs skipped: a later run supersedes them', {
          digest: digest.id,
          skipped: plan.skipped,
          capped: plan.skippedCapped,
        });
      }
      if (plan.due === null) return;
      const outcome = await run(digest, plan.due);
      if (outcome !== 'done-before' && outcome !== 'busy') {
        logger.info('caught up a digest run', {
          digest: digest.id,
          scheduledAt: new Date(plan.due).toISOString(),
          late: isLate(plan.due, now),
          outcome,
        });
      }
    }

    /**
     * Finishes the runs a dead replica claimed: each through `run` (claimRun answers `resumed`, or
     * `busy` when another live replica got there first), so the post ledger decides whether Slack
     * has it already. Only a digest's latest run: an older one was superseded, as in catch-up.
     */
    const sweeping = new Set<string>();
    async function sweepOrphans(): Promise<void> {
      const orphans = await store.orphanedRuns(clock.now() - ORPHAN_HORIZON_MS);
      for (const orphan of orphans) {
        const held = digests.get(orphan.digest);
        const key = `${orphan.digest}@${orphan.scheduledAt}`;
        if (stopped || held === undefined || sweeping.has(key)) continue;
        if ((await store.lastRunAt(orphan.digest)) !== orphan.scheduledAt) continue;
        sweeping.add(key);
        track(
          run(held.digest, orphan.scheduledAt)
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
    let sweepTimer: NodeJS.Timeout | null = null;

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
      if (stopped) return;
      for (const [id, held] of [...digests]) {
        const made = held.digest.since ?? 0;
        if (held.digest.origin !== 'slack' || stored.has(id) || made >= readAt - 1_000) continue;
        unschedule(id);
        logger.info('a subscription removed through another replica is no longer scheduled', {
          digest: id,
        });
      }
      for (const [id, digest] of stored) {
        const held = digests.get(id);
        if (held !== undefined && sameSchedule(held.digest, digest)) continue;
        // Removed through this replica while the list was being read: not brought back.
        if ((removedAt.get(id) ?? Number.NEGATIVE_INFINITY) >= readAt - 1_000) continue;
        if (held !== undefined) unschedule(id);
        if (schedule(digest))
          logger.info('a subscription made through another replica is scheduled', { digest: id });
      }
    }

    function armRetry(pending: PendingRetry): void {
      const held = digests.get(pending.digest);
      if (held === undefined) {
        void store.finishRetry(pending, 'digest-removed', clock.now());
        return;
      }
      const timer = setTimeout(
        () => {
          retryTimers.delete(timer);
          if (!stopped)
            track(
              retryRun(held.digest, pending, {
                ...deps,
                client: context.delivery.client('digests'),
              }),
            );
        },
        Math.max(0, pending.retryAt - clock.now()),
      );
      retryTimers.add(timer);
    }

    /** Adds a digest to the schedule; false (logged) when its cron cannot be used. */
    function schedule(digest: Digest): boolean {
      const parsed = parseCronSchedule(digest.schedule, digest.timezone);
      if (!parsed.ok) {
        logger.error('digest not scheduled', { digest: digest.id, reason: parsed.reason });
        return false;
      }
      digests.set(digest.id, { digest, schedule: parsed.schedule });
      tasks.add(digest.id, parsed.schedule);
      return true;
    }

    const sameSchedule = (a: Digest, b: Digest) =>
      a.channel === b.channel &&
      a.schedule === b.schedule &&
      a.timezone === b.timezone &&
      a.window === b.window;

    /** When each digest was last unscheduled here, so a sync reading an older list does not revive it. */
    const removedAt = new Map<string, number>();

    function unschedule(id: string): void {
      removedAt.set(id, clock.now());
      if (removedAt.size > 1_000) removedAt.delete(removedAt.keys().next().value as string);
      digests.delete(id);
      tasks.remove(id);
    }

    const subscriptionDeps: SubscriptionDeps = {
      store,
      clock,
      logger,
      userTimeZones: context.userTimeZones,
      permissions: context.permissions,
      ...(options.limits === undefined ? {} : { limits: options.limits }),
      digests: () => [...digests.values()],
      schedule: (digest) => {
        const added = schedule(digest);
        if (added) track(store.firstSeen(digest.id, digest.schedule, digest.timezone, clock.now()));
        return added;
      },
      unschedule,
      changed: (userId) => options.changes?.notify(userId),
    };
    const modalDeps: DigestModalDeps = {
      client: context.client,
      store,
      subscriptions: digestSubscriptions(subscriptionDeps),
      permissions: context.permissions,
      userTimeZones: context.userTimeZones,
      inFlight: context.inFlight,
      logger,
      now: () => clock.now(),
    };

    return {
      name: 'digests',
      subcommands: digestSubcommands({
        ...subscriptionDeps,
        openModal: (triggerId, userId, channelId) =>
          openNewDigestModal(modalDeps, triggerId, userId, channelId),
      }),
      register(app) {
        registerDigestModal(app, modalDeps);
      },
      async start() {
        const subscriptions = await store.listSubscriptions();
        const all = [...options.digests.map(fromConfig), ...subscriptions.map(fromSubscription)];
        for (const digest of all) schedule(digest);
        for (const held of digests.values()) track(catchUp(held));
        for (const pending of await store.pendingRetries()) armRetry(pending);
        sweepTimer = setInterval(() => {
          if (stopped) return;
          syncSubscriptions().catch((error) =>
            logger.warn('could not read the subscriptions to pick up changes', { error }),
          );
          sweepOrphans().catch((error) =>
            logger.warn('could not look for unfinished runs of stopped replicas', { error }),
          );
        }, options.orphanSweepMs ?? 15_000);
        sweepTimer.unref();
        logger.info('digests scheduled', { count: digests.size, owner });
      },
      async stop() {
        stopped = true;
        if (sweepTimer !== null) clearInterval(sweepTimer);
        sweepTimer = null;
        await tasks.stopAll();
        for (const timer of [...retryTimers, ...staggerTimers, ...catchUpTimers.values()])
          clearTimeout(timer);
        catchUpTimers.clear();
        retryTimers.clear();
        staggerTimers.clear();
        if (!(await running.drain(options.stopTimeoutMs ?? 10_000))) {
          logger.warn('stopped with digest runs still under way', { runs: running.size });
        }
      },
    };
  };
}
