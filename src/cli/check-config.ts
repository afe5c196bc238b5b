import type { Config } from '../config/config.js';
import { describeDigestSchedule } from '../digests/describe-schedule.js';
import { loadRuntimeConfig } from '../runtime/load-runtime-config.js';
import type { CliIo } from './io.js';

/**
 * `exec-stats check-config`: validates the environment and the YAML file as `start` would, prints
 * what the bot would run with (never a secret), and exits 1 on any problem.
 */
export function runCheckConfig(io: CliIo, now: number = Date.now()): number {
  const loaded = loadRuntimeConfig(io.env, 'check');
  if (!loaded.ok) {
    io.err(`exec-stats check-config: configuration problems:\n${loaded.report}\n`);
    return 1;
  }
  for (const warning of loaded.warnings) io.err(`warning: ${warning}\n`);
  io.out(describeConfig(loaded.config, now));
  const unschedulable = loaded.config.file.digests.filter(
    (digest) => !describeDigestSchedule(digest, now).ok,
  );
  if (unschedulable.length > 0) {
    io.err(
      `exec-stats check-config: ${unschedulable.length} digest schedule(s) cannot be run (see above)\n`,
    );
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
    `  state DB:       ${config.dbPath}`,
    `  log level:      ${config.logLevel}`,
    '',
    `Digests (${config.file.digests.length}):`,
    ...config.file.digests.flatMap((d) => [
      `  ${d.name}: ${d.window} to ${d.channel} at "${d.schedule}" (${d.timezone})`,
      `    ${describeDigestSchedule(d, now).text}`,
    ]),
    `Alert rules (${config.file.alerts?.rules.length ?? 0}):`,
    ...(config.file.alerts?.rules ?? []).map(
      (r) =>
        `  ${r.name}: ${r.scope}, rate >= ${r.failureRate} with >= ${r.minFailures} failures, to ${r.channel}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
