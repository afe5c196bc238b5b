import { createTask, type ScheduledTask } from 'node-cron';
import type { Logger } from '../logging/logger.js';

/**
 * node-cron 4 as the digests' alarm clock: one task per digest, in the digest's zone. It only
 * says "the run at `slot` is due"; the cron module names that same instant (it computes with
 * node-cron's own matcher, DST included), and the run's claim makes a duplicate tick harmless.
 */

export interface CronTasks {
  add(id: string, expression: string, timeZone: string): void;
  remove(id: string): void;
  stopAll(): Promise<void>;
}

export interface CronTaskHandlers {
  /** The run at `slot` (Unix ms) is due now. */
  onDue(id: string, slot: number): void;
  /** node-cron skipped `slot` (the process was busy or asleep past its tolerance). */
  onMissed(id: string, slot: number): void;
}

/**
 * A tick up to a minute late (a blocked event loop, a slow GC) still runs, on time as far as the
 * run key is concerned; later than that it is reported missed, and the catch-up logic decides.
 */
const MISSED_TOLERANCE_MS = 60_000;

export function createCronTasks(handlers: CronTaskHandlers, logger: Logger): CronTasks {
  const tasks = new Map<string, ScheduledTask>();
  const cronLogger = {
    info: (message: string) => logger.debug(`node-cron: ${message}`),
    warn: (message: string) => logger.warn(`node-cron: ${message}`),
    error: (message: string | Error, error?: Error) =>
      logger.error(`node-cron: ${String(message)}`, { error }),
    debug: (message: string | Error) => logger.debug(`node-cron: ${String(message)}`),
  };
  return {
    add(id, expression, timeZone) {
      tasks.get(id)?.destroy();
      const task = createTask(expression, (context) => handlers.onDue(id, context.date.getTime()), {
        timezone: timeZone,
        name: id,
        missedExecutionTolerance: MISSED_TOLERANCE_MS,
        suppressMissedWarning: true,
        logger: cronLogger,
      });
      task.on('execution:missed', (context) => handlers.onMissed(id, context.date.getTime()));
      tasks.set(id, task);
      void task.start();
    },
    remove(id) {
      void tasks.get(id)?.destroy();
      tasks.delete(id);
    },
    async stopAll() {
      await Promise.all([...tasks.values()].map((task) => task.destroy()));
      tasks.clear();
    },
  };
}
