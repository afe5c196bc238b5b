import { fixedClock, systemClock } from '../clock.js';
import { unavailableSubcommandReply } from '../commands/immediate-reply.js';
import { buildStatsReply } from '../commands/stats-reply.js';
import { renderForTerminal } from '../dev/terminal.js';
import { silentLogger } from '../logging/logger.js';
import type { SlackMessage } from '../messages/message.js';
import { immediateReply, parseCommand } from '../runtime/exec-stats-command.js';
import { runAlertDemo } from './demo-alerts.js';
import { runDigestDemo } from './demo-digest.js';
import { DEMO_EXECUTION_URL, DEMO_SPIKE_LEAD_MS, demoTimeZone, demoWorld } from './demo-world.js';
import type { CliIo } from './io.js';

/** What the demo types, in order: the everyday queries, a narrowed one, and a mistake. */
const DEMO_COMMANDS = ['24h', '7d', '6h source:billing', 'banana'] as const;

/**
 * `npm run demo`: the bot's replies to a few `/exec-stats` commands, a digest and an alert with
 * its recovery, computed by the real code against the built-in simulator (playing a failure spike
 * in `billing` that began 75 minutes ago) and rendered for the terminal. No credentials, no
 * network. `now` is the only input that varies, and the story holds at any hour and weekday.
 */
export async function runDemo(io: CliIo, options: { now?: number } = {}): Promise<number> {
  const now = options.now ?? systemClock.now();
  const timeZone = demoTimeZone(io);
  const world = demoWorld(now);
  const deps = {
    stats: world.stats,
    clock: fixedClock(now),
    logger: silentLogger,
    executionUrlTemplate: DEMO_EXECUTION_URL,
  };

  io.out(
    `exec-stats demo: the built-in simulator, a 30-minute failure spike in billing that began ${DEMO_SPIKE_LEAD_MS / 60_000} min ago, zone ${timeZone}\n`,
  );
  for (const text of DEMO_COMMANDS) {
    const parsed = parseCommand(text);
    let message: SlackMessage;
    if (parsed.kind === 'stats') message = (await buildStatsReply(parsed, timeZone, deps)).message;
    else if (parsed.kind === 'subcommand') message = unavailableSubcommandReply(parsed.name);
    else message = immediateReply(parsed);
    io.out(`\n$ /exec-stats ${text}\n\n${renderForTerminal(message, { color: io.color })}\n`);
  }
  await runDigestDemo(io, world, timeZone);
  return runAlertDemo(io, world, timeZone);
}
