import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import { type CronSchedule, dueRuns, latestOccurrence, nextOccurrence } from './cron.js';

/**
 * The digests' alarm clock: one timer per digest, armed for its next run as the cron module names
 * it (the pure function catch-up reads too), re-armed after each wake. node-cron's own runner is
 * not used: it plans with its own matcher, which skips a spring-forward day, runs the repeated
 * hour's second pass east of Greenwich (and none at all when started during the first pass), and
 * reads day of month AND day of week; the runs fired here are the runs the cron module says were
 * due, by construction. A timer sleeps at most a minute, so a clock that jumps (NTP, a suspended
 * laptop or VM) is noticed within one: runs it jumped over are reported missed (catch-up decides),
 * and a clock going back never fires a run twice (the runs up to the latest wake stay handled).
 */

export interface CronTasks {
  add(id: string, schedule: CronSchedule): void;
  remove(id: string): void;
  stopAll(): Promise<void>;
}

export interface CronTaskHandlers {
  /** The run at `slot` (Unix ms) is due now. */
  onDue(id: string, slot: number): void;
  /** The run at `slot` was not fired within the tolerance (the process was busy or asleep). */
  onMissed(id: string, slot: number): void;
}

/**
 * A run noticed up to a minute late (a blocked event loop, a slow GC) still runs, on time as far
 * as the run key is concerned; later than that it is reported missed, and catch-up decides.
 */
export const MISSED_TOLERANCE_MS = 60_000;
/** The longest a timer sleeps before it looks at the clock again. */
export const MAX_SLEEP_MS = 60_000;

/** What one wake of a digest's timer does (pure). */
export interface WakePlan {
  /** The run to fire now, or null. */
  readonly due: number | null;
  /** The latest run passed over without firing (later than the tolerance), or null. */
  readonly missed: number | null;
  /** How many runs were passed over (older than `due` or `missed`), for the log. */
  readonly superseded: number;
  /** Runs at or before this are handled: the next wake looks after it. */
  readonly handledUpTo: number;
  /** The next run after `handledUpTo`, or null if none in 30 years. */
  readonly nextRun: number | null;
}

/**
 * A wake at `now` of a digest whose runs up to `handledUpTo` are handled: the latest run in
 * (handledUpTo, now] fires if within the tolerance, else it is reported missed; older ones in
 * that span are superseded by it (the product's rule: only the latest run of a period is posted).
 * A clock that went back (now < handledUpTo) fires nothing and keeps `handledUpTo`.
 */
export function planWake(
  schedule: CronSchedule,
  handledUpTo: number,
  now: number,
  toleranceMs = MISSED_TOLERANCE_MS,
): WakePlan {
  const upTo = Math.max(handledUpTo, now);
  const nextRun = nextOccurrence(schedule, upTo);
  const latest = now > handledUpTo ? latestOccurrence(schedule, now) : null;
  if (latest === null || latest <= handledUpTo) {
    return { due: null, missed: null, superseded: 0, handledUpTo: upTo, nextRun };
  }
  const superseded = dueRuns(schedule, handledUpTo, latest, 1001).length - 1;
  const onTime = now - latest <= toleranceMs;
  return {
    due: onTime ? latest : null,
    missed: onTime ? null : latest,
    superseded,
    handledUpTo: upTo,
    nextRun,
  };
}

/** How long a timer sleeps before its next wake: until the next run, at most MAX_SLEEP_MS. */
export const sleepFor = (nextRun: number | null, now: number) =>
  nextRun === null ? MAX_SLEEP_MS : Math.max(0, Math.min(MAX_SLEEP_MS, nextRun - now));

export function createCronTasks(
  handlers: CronTaskHandlers,
  logger: Logger,
  clock: Clock,
): CronTasks {
  interface Task {
    readonly schedule: CronSchedule;
    handledUpTo: number;
    timer: NodeJS.Timeout | undefined;
  }
  const tasks = new Map<string, Task>();

  function wake(id: string, task: Task): void {
    task.timer = undefined;
    if (tasks.get(id) !== task) return;
    const now = clock.now();
    const plan = planWake(task.schedule, task.handledUpTo, now);
    task.handledUpTo = plan.handledUpTo;
    arm(id, task, plan.nextRun, now);
    if (plan.superseded > 0) {
      logger.warn('digest runs passed over: the clock jumped or the process was asleep', {
        digest: id,
        runs: plan.superseded,
      });
    }
    try {
      if (plan.due !== null) handlers.onDue(id, plan.due);
      if (plan.missed !== null) handlers.onMissed(id, plan.missed);
    } catch (error) {
      logger.error('digest schedule handler failed', { digest: id, error });
    }
  }

  function arm(id: string, task: Task, nextRun: number | null, now: number): void {
    clearTimeout(task.timer);
    task.timer = setTimeout(() => wake(id, task), sleepFor(nextRun, now));
  }

  return {
    add(id, schedule) {
      clearTimeout(tasks.get(id)?.timer);
      const now = clock.now();
      // Runs up to now are catch-up's (a start) or were never due (a new subscription).
      const task: Task = { schedule, handledUpTo: now, timer: undefined };
      tasks.set(id, task);
      arm(id, task, nextOccurrence(schedule, now), now);
    },
    remove(id) {
      clearTimeout(tasks.get(id)?.timer);
      tasks.delete(id);
    },
    async stopAll() {
      for (const task of tasks.values()) clearTimeout(task.timer);
      tasks.clear();
    },
  };
}
