import { systemClock } from '../clock.js';
import { parseCommand } from '../commands/grammar.js';
import { immediateReply } from '../commands/immediate-reply.js';
import { buildStatsReply } from '../commands/stats-reply.js';
import { createJsonLogger } from '../logging/json-logger.js';
import { renderForTerminal } from '../messages/terminal.js';
import { loadRuntimeConfig, secretsOf } from '../runtime/load-runtime-config.js';
import { createStatsSource } from '../stats/create-stats-source.js';
import type { CliIo } from './io.js';

/**
 * `exec-stats preview [WINDOW…] [--json]`: fetches real stats with the configured API (or the
 * simulator) and prints the message the slash command would reply, in the configured zone.
 * Exits 1 when the input is bad or the API fails, so it can be used in a deploy check.
 */
export async function runPreview(args: readonly string[], io: CliIo): Promise<number> {
  const json = args.includes('--json');
  const words = args.filter((arg) => arg !== '--json').join(' ');
  const loaded = loadRuntimeConfig(io.env, 'preview');
  if (!loaded.ok) {
    io.err(`exec-stats preview: configuration problems:\n${loaded.report}\n`);
    return 1;
  }
  const { config } = loaded;
  // Logs go to stderr, so `--json` output stays machine-readable.
  const logger = createJsonLogger({ level: 'warn', secrets: secretsOf(config), write: io.err });
  const parsed = parseCommand(words);
  if (parsed.kind === 'subcommand') {
    io.err(`exec-stats preview shows stats queries only; \`${parsed.name}\` works in Slack\n`);
    return 1;
  }
  if (parsed.kind !== 'stats') {
    io.out(`${renderForTerminal(immediateReply(parsed), { color: io.color })}\n`);
    return parsed.kind === 'help' ? 0 : 1;
  }
  const stats = createStatsSource(config.stats, { clock: systemClock, logger });
  try {
    const reply = await buildStatsReply(parsed, config.timezone, {
      stats,
      clock: systemClock,
      logger,
      executionUrlTemplate: config.executionUrlTemplate,
    });
    const { text, blocks } = reply.message;
    io.out(
      json
        ? `${JSON.stringify({ text, blocks }, null, 2)}\n`
        : `${renderForTerminal(reply.message, { color: io.color })}\n`,
    );
    return reply.outcome === 'ok' ? 0 : 1;
  } finally {
    await stats.close();
  }
}
