import { fixedClock } from '../clock.js';
import { latestOccurrence, parseCronSchedule } from '../digests/cron.js';
import { fromConfig } from '../digests/digest.js';
import { digestWindow, fetchBoth } from '../digests/run-digest.js';
import { buildDigestMessage } from '../messages/digest-message.js';
import { renderForTerminal } from '../messages/terminal.js';
import { createSimulatedStatsSource } from '../stats/simulator/simulated-source.js';
import { defaultGranularity } from '../time/granularity.js';
import type { CliIo } from './io.js';

/**
 * The demo's scheduled digest: a daily 09:00 digest of "yesterday" compared with the day before,
 * computed by the real digest code against the simulator (the same spike the demo shows) at its
 * latest scheduled time, and rendered for the terminal.
 */
export async function runDigestDemo(io: CliIo, now: number): Promise<void> {
  const timeZone = io.env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const digest = fromConfig({
    name: 'ops-daily',
    channel: 'C0123456789',
    schedule: '0 9 * * *',
    timezone: timeZone,
    window: 'yesterday',
  });
  const parsed = parseCronSchedule(digest.schedule, digest.timezone);
  const scheduledAt = parsed.ok ? (latestOccurrence(parsed.schedule, now) ?? now) : now;
  const clock = fixedClock(now);
  const stats = createSimulatedStatsSource({
    seed: 42,
    scenario: 'spike',
    anchor: now - 20 * 60_000,
    clock,
  });
  const window = digestWindow(digest, scheduledAt);
  const { stats: current, previous } = await fetchBoth(window, (query) => stats.getStats(query));
  const message = buildDigestMessage({
    digestName: digest.name,
    stats: current,
    previous,
    window,
    granularity: defaultGranularity(window),
    scheduledAt,
    late: false,
    now: scheduledAt,
    executionUrlTemplate: 'https://app.example.com/executions/{executionId}',
  });
  io.out(
    `\n# digest "${digest.name}" (${digest.schedule}, ${timeZone}), posted to its channel\n\n${renderForTerminal(message, { color: io.color })}\n`,
  );
}
