import { type Config, describeStateDb } from '../config/config.js';
import { describeDigestSchedule, digestScheduleAdvice } from '../digests/describe-schedule.js';
import { loadRuntimeConfig } from '../runtime/load-runtime-config.js';
import { type CommandHelp, formatHelp, parseArgs, usageError } from './command-line.js';
import type { CliIo } from './io.js';

const COMMAND = 'exec-stats check-config';

export const CHECK_CONFIG_HELP: CommandHelp = {
  usage: 'exec-stats check-config',
  summary:
    'Validates the environment (and .env) and the config file as npm start would, prints what the bot would run with (secrets only as "set") and the next three runs of each digest.',
  notes: [
    'Reads EXEC_STATS_CONFIG, else ./exec-stats.yml if it exists. Exit status: 0 valid, 1 problems (each with its variable or key path), 2 bad arguments.',
    "Warns (stderr, exit 0) on a digest schedule that restricts both the day of month and the day of week (it runs on days matching either), and notes the coming year's clock changes that move a digest's run.",
  ],
};

/**
 * `exec-stats check-config`: validates the environment and the YAML file as `start` would, prints
 * what the bot would run with (never a secret), and exits 1 on any problem.
 */
export function runCheckConfig(
  args: readonly string[],
  io: CliIo,
  options: { readonly now?: number } = {},
): number {
  const parsed = parseArgs(args, []);
  if (!parsed.ok) return usageError(io, COMMAND, parsed.problem);
  if (parsed.help) {
    io.out(formatHelp(CHECK_CONFIG_HELP));
    return 0;
  }
  const extra = parsed.positionals[0];
  if (extra !== undefined) return usageError(io, COMMAND, `unexpected argument "${extra}"`);
  const now = options.now ?? Date.now();
  const loaded = loadRuntimeConfig(io.env, 'check');
  if (!loaded.ok) {
    io.err(`${COMMAND}: ${loaded.report}\n`);
    return 1;
  }
  for (const warning of loaded.warnings) io.err(`warning: ${warning}\n`);
  for (const [i, digest] of loaded.config.file.digests.entries()) {
    const warning = digestScheduleAdvice(digest, now).warning;
    if (warning !== null) io.err(`warning: digests[${i}] (${digest.name}): ${warning}\n`);
  }
  io.out(describeConfig(loaded.config, now));
  const unschedulable = loaded.config.file.digests.filter(
    (digest) => !describeDigestSchedule(digest, now).ok,
  );
  if (unschedulable.length > 0) {
    io.err(`${COMMAND}: ${unschedulable.length} digest schedule(s) cannot be run (see above)\n`);
    return 1;
  }
  return 0;
}

/** A plain summary of a valid config; secrets appear only as "set". */
export function describeConfig(config: Config, now: number = Date.now()): string {
  const lines = [
    'Configuration is valid.',
    `  config file:    ${config.configPath ?? '(none)'}`,
    `  Slack:          ${config.slack.mode === 'socket' ? 'Socket Mode' : `HTTP on port ${config.port}`}, bot token ${config.slack.botToken === null ? 'missing' : 'set'}`,
    `  Slack API:      ${config.slack.apiUrl ?? "Slack's"}`,
    `  stats:          ${config.stats.kind === 'api' ? `${config.stats.url} (token set)` : `built-in simulator (seed ${config.stats.seed})`}`,
    `  time zone:      ${config.timezone}`,
    `  execution link: ${config.executionUrlTemplate}`,
    `  state DB:       ${describeStateDb(config.dbPath)}`,
    `  log level:      ${config.logLevel}`,
    '',
    `Digests (${config.file.digests.length}):`,
    ...config.file.digests.flatMap((d) => {
      const advice = digestScheduleAdvice(d, now);
      return [
        `  ${d.name}: ${d.window} to ${d.channel} at "${d.schedule}" (${d.timezone})`,
        `    ${describeDigestSchedule(d, now).text}`,
        ...(advice.warning === null ? [] : [`    warning: ${advice.warning}`]),
        ...advice.notes.map((note) => `    note: ${note}`),
      ];
    }),
    `Alert rules (${config.file.alerts?.rules.length ?? 0}):`,
    ...(config.file.alerts?.rules ?? []).map(
      (r) =>
        `  ${r.name}: ${r.scope}, rate >= ${r.failureRate} with >= ${r.minFailures} failures, to ${r.channel}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
