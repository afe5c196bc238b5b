import { fixedClock } from '../clock.js';
import { renderForTerminal } from '../dev/terminal.js';
import { latestOccurrence, parseCronSchedule } from '../digests/cron.js';
import { fromConfig } from '../digests/digest.js';
import { composeDigest, digestWindow } from '../digests/run-digest.js';
import { DEMO_EXECUTION_URL, type DemoWorld } from './demo-world.js';
import type { CliIo } from './io.js';

/**
 * The demo's scheduled digest: a daily 09:00 digest of "yesterday" compared with the day before,
 * computed by the real digest code against the demo's simulator at its latest scheduled time
 * (at or before now), and rendered for the terminal.
 */
export async function runDigestDemo(io: CliIo, world: DemoWorld, timeZone: string): Promise<void> {
  const digest = fromConfig({
    name: 'ops-daily',
    channel: 'C0123456789',
    schedule: '0 9 * * *',
    timezone: timeZone,
    window: 'yesterday',
  });
  const parsed = parseCronSchedule(digest.schedule, digest.timezone);
  const scheduledAt = parsed.ok
    ? (latestOccurrence(parsed.schedule, world.now) ?? world.now)
    : world.now;
  const message = await composeDigest(
    digest,
    digestWindow(digest, scheduledAt),
    scheduledAt,
    false,
    {
      fetchStats: (query) => world.stats.getStats(query),
      clock: fixedClock(scheduledAt),
      executionUrlTemplate: DEMO_EXECUTION_URL,
    },
  );
  io.out(
    `\n# digest "${digest.name}" (${digest.schedule}, ${timeZone}), posted to its channel\n\n${renderForTerminal(message, { color: io.color })}\n`,
  );
}
