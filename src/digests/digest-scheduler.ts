import { createInFlightWork } from '../lifecycle/in-flight.js';
import { failureStreak } from '../logging/failure-streak.js';
import type { PostMessageClient } from '../slack/post-once.js';
import { isLate, planCatchUp, retryAt } from './catch-up.js';
import { parseCronSchedule } from './cron.js';
import { createCronTasks } from './cron-tasks.js';
import type { Digest } from './digest.js';
import { retryRun, type UpdateClient } from './retry-run.js';
import { type RunDeps, type RunOutcome, runDigest } from './run-digest.js';
import type { ScheduledDigest } from './scheduled-digest.js';
import type { PendingRetry } from './store.js';
import { staggerMs } from './subscription-limits.js';

export interface DigestSchedulerDeps {
  /** How a run fetches and posts; the scheduler adds when a run is retried (`retryAt`). */
  readonly run: Omit<RunDeps, 'retryAt'>;
  /** The client a retry edits its "stats unavailable" message with. */
  readonly retryClient: () => PostMessageClient & UpdateClient;
  /** Counts each run by its outcome (the metrics). */
  readonly countRun: (outcome: RunOutcome) => void;
  /** How long after a run failed outside the stats API and Slack to catch it up. */
  readonly catchUpRetryMs: number;
}

/** The digests this process runs, and the timers that run them; the feature wires it. */
export interface DigestScheduler {
  /** The scheduled digest of this id, if any. */
  get(id: string): ScheduledDigest | undefined;
  /** Every digest scheduled now (a copy: the schedule may change while it is read). */
  all(): ScheduledDigest[];
  readonly size: number;
  /** Adds a digest to the schedule; false (logged) when its cron cannot be used. */
  schedule(digest: Digest): boolean;
  unschedule(id: string): void;
  /** When a digest was last unscheduled here: a sync reading an older list must not revive it. */
  removedAt(id: string): number | undefined;
  /** One run, counted; also how a dead replica's claimed run is finished (replica-sweep.ts). */
  run(digest: Digest, scheduledAt: number): Promise<RunOutcome>;
  /** Posts the run missed while the bot was down, if it is still in its period. */
  catchUp(held: ScheduledDigest): Promise<void>;
  /** Arms the retry of a run that posted "stats unavailable" (on start: those still pending). */
  armRetry(pending: PendingRetry): void;
  /** Work that stop() waits for; a failure is logged. */
  track(work: Promise<unknown>): void;
  readonly stopped: boolean;
  /** Stops the tasks and timers, then waits (bounded) for runs under way. */
  stop(timeoutMs: number): Promise<void>;
}

/**
 * Each digest a timer armed for its next run in its zone (cron-tasks.ts, from the same pure run
 * function catch-up reads). Subscriptions due at the same minute start staggered; a run that
 * posted "stats unavailable" gets its retry armed, and one that failed for another reason is
 * caught up later.
 */
export function createDigestScheduler(deps: DigestSchedulerDeps): DigestScheduler {
  const { store, clock, logger } = deps.run;
  const digests = new Map<string, ScheduledDigest>();
  const running = createInFlightWork();
  const retryTimers = new Set<NodeJS.Timeout>();
  const staggerTimers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const runDeps: RunDeps = {
    ...deps.run,
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
      outcome = await runDigest(digest, scheduledAt, runDeps);
    } catch (error) {
      runFailures.failed(error, clock.now());
      outcome = 'failed';
    }
    if (outcome === 'failed') catchUpLater(digest.id);
    else runFailures.succeeded(clock.now());
    deps.countRun(outcome);
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
    }, deps.catchUpRetryMs);
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
              ...runDeps,
              client: deps.retryClient(),
            }),
          );
      },
      Math.max(0, pending.retryAt - clock.now()),
    );
    retryTimers.add(timer);
  }

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

  const removedAt = new Map<string, number>();

  function unschedule(id: string): void {
    removedAt.set(id, clock.now());
    if (removedAt.size > 1_000) removedAt.delete(removedAt.keys().next().value as string);
    digests.delete(id);
    tasks.remove(id);
  }

  return {
    get: (id) => digests.get(id),
    all: () => [...digests.values()],
    get size() {
      return digests.size;
    },
    schedule,
    unschedule,
    removedAt: (id) => removedAt.get(id),
    run,
    catchUp,
    armRetry,
    track,
    get stopped() {
      return stopped;
    },
    async stop(timeoutMs) {
      stopped = true;
      await tasks.stopAll();
      for (const timer of [...retryTimers, ...staggerTimers, ...catchUpTimers.values()])
        clearTimeout(timer);
      catchUpTimers.clear();
      retryTimers.clear();
      staggerTimers.clear();
      if (!(await running.drain(timeoutMs))) {
        logger.warn('stopped with digest runs still under way', { runs: running.size });
      }
    },
  };
}
