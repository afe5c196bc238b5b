import type { CronSchedule } from './cron.js';
import type { Digest } from './digest.js';

/**
 * A digest with its parsed schedule, as the scheduler holds it (digest-scheduler.ts) and the
 * subcommands list it. Declared apart from both, so that neither imports the other.
 */
export interface ScheduledDigest {
  readonly digest: Digest;
  readonly schedule: CronSchedule;
}
