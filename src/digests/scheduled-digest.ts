import type { CronSchedule } from './cron.js';
import type { Digest } from './digest.js';

/**
 * A digest with its parsed schedule, as the running feature holds it and its subcommands list
 * it. Declared apart from both, so that neither imports the other.
 */
export interface ScheduledDigest {
  readonly digest: Digest;
  readonly schedule: CronSchedule;
}
