import { existsSync, readFileSync } from 'node:fs';
import {
  DEFAULT_INTERVAL_MS,
  EXAMPLE_PER_SOURCE_RULE,
  EXAMPLE_RULE,
} from '../alerts/default-rules.js';
import type { RecordedCall } from '../alerts/recording-slack.js';
import { partOf, summarise } from '../alerts/replay-summary.js';
import { simulateAlerts } from '../alerts/simulate.js';
import type { AlertRuleConfig } from '../config/config.js';
import { parseConfigFile } from '../config/file.js';
import { DEFAULT_CONFIG_FILE } from '../config/load-config.js';
import { formatDuration } from '../messages/format-time.js';
import { renderForTerminal } from '../messages/terminal.js';
import { isScenarioName, SCENARIO_NAMES, type ScenarioName } from '../stats/simulator/scenarios.js';
import type { CliIo } from './io.js';

/**
 * `exec-stats replay [--scenario NAME] [--hours N] [--per-source] [--full]`: runs the configured
 * alert rules (or product.md's example rule when the config has none) over simulated hours of each
 * scenario, and prints what they would have posted and a summary per scenario. The scenario
 * begins one hour into the run, after a steady hour. No network, no Slack.
 */

export const REPLAY_USAGE = `usage: exec-stats replay [--scenario NAME] [--hours N] [--per-source] [--full]
  --scenario NAME  one of ${SCENARIO_NAMES.join(', ')} (default: all)
  --hours N        simulated hours per scenario (default 6)
  --per-source     add the example rule per source system (when no rules are configured)
  --full           print every message as Slack would show it, not just its first line
`;

const START = Date.UTC(2026, 10, 2, 6, 0);
const LEAD_MS = 3_600_000;

interface ReplayArgs {
  scenarios: ScenarioName[];
  hours: number;
  perSource: boolean;
  full: boolean;
}

function parseArgs(args: readonly string[]): ReplayArgs | string {
  const parsed: ReplayArgs = {
    scenarios: [...SCENARIO_NAMES],
    hours: 6,
    perSource: false,
    full: false,
  };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--scenario') {
      const name = args[++i] ?? '';
      if (!isScenarioName(name)) return `unknown scenario "${name}"`;
      parsed.scenarios = [name];
    } else if (arg === '--hours') {
      const hours = Number(args[++i]);
      if (!Number.isInteger(hours) || hours < 1 || hours > 72)
        return '--hours must be a whole number from 1 to 72';
      parsed.hours = hours;
    } else if (arg === '--per-source') parsed.perSource = true;
    else if (arg === '--full') parsed.full = true;
    else return `unknown argument "${arg}"`;
  }
  return parsed;
}

function configuredRules(
  io: CliIo,
): { rules: AlertRuleConfig[]; intervalMs: number; source: string } | string {
  const path = io.env.EXEC_STATS_CONFIG?.trim() || DEFAULT_CONFIG_FILE;
  if (!existsSync(path)) return { rules: [], intervalMs: DEFAULT_INTERVAL_MS, source: '' };
  const parsed = parseConfigFile(readFileSync(path, 'utf8'), path);
  if (!parsed.ok) return parsed.problems.map((p) => `${p.key}: ${p.message}`).join('\n');
  const alerts = parsed.value.alerts;
  return {
    rules: [...(alerts?.rules ?? [])],
    intervalMs: alerts?.intervalMs ?? DEFAULT_INTERVAL_MS,
    source: path,
  };
}

export async function runReplay(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    io.err(`exec-stats replay: ${parsed}\n\n${REPLAY_USAGE}`);
    return 2;
  }
  const config = configuredRules(io);
  if (typeof config === 'string') {
    io.err(`exec-stats replay: the config file has problems:\n${config}\n`);
    return 1;
  }
  const rules =
    config.rules.length > 0
      ? config.rules
      : parsed.perSource
        ? [EXAMPLE_RULE, EXAMPLE_PER_SOURCE_RULE]
        : [EXAMPLE_RULE];
  io.out(
    `Rules: ${rules.map((r) => r.name).join(', ')} (${config.rules.length > 0 ? config.source : "product.md's example"}), every ${formatDuration(config.intervalMs)}; scenarios start after 1h of steady traffic.\n`,
  );
  const rows: string[] = [];
  for (const scenario of parsed.scenarios) {
    const result = await simulateAlerts({
      rules,
      scenario,
      intervalMs: config.intervalMs,
      start: START,
      leadMs: LEAD_MS,
      durationMs: parsed.hours * 3_600_000,
    });
    io.out(`\n== ${scenario} ==\n`);
    for (const call of result.calls)
      io.out(describeCall(call, result.anchor, parsed.full, io.color));
    const s = summarise(result.calls, result.anchor);
    if (result.calls.length === 0) io.out('  (nothing posted)\n');
    const ttf = s.timeToFireMs === null ? '-' : formatDuration(s.timeToFireMs);
    rows.push(
      `${scenario.padEnd(12)} ${String(s.fired).padStart(6)} ${ttf.padStart(12)} ${String(s.recoveries).padStart(10)} ${String(s.reopened).padStart(8)} ${String(s.reminders).padStart(9)} ${String(s.apiNotices).padStart(11)} ${String(s.notifications).padStart(6)} ${String(s.edits).padStart(6)} ${String(result.statsCalls).padStart(10)}`,
    );
  }
  io.out(
    `\nSummary (${parsed.hours}h per scenario):\n${'scenario'.padEnd(12)} ${'alerts'.padStart(6)} ${'time to fire'.padStart(12)} ${'recoveries'.padStart(10)} ${'reopened'.padStart(8)} ${'reminders'.padStart(9)} ${'API notices'.padStart(11)} ${'posts'.padStart(6)} ${'edits'.padStart(6)} ${'API calls'.padStart(10)}\n${rows.join('\n')}\n`,
  );
  return 0;
}

function describeCall(call: RecordedCall, anchor: number, full: boolean, color: boolean): string {
  const offset = call.at - anchor;
  const when = `${offset < 0 ? '-' : '+'}${formatDuration(Math.abs(offset))}`.padStart(9);
  const what =
    call.kind === 'update'
      ? 'edit root'
      : partOf(call.key) === 'root'
        ? 'ALERT'
        : partOf(call.key) === 'api'
          ? 'notice'
          : `thread (${partOf(call.key)})`;
  const head = `${when}  ${what.padEnd(17)} ${call.message.text.replace(/\s+/g, ' ')}\n`;
  return full ? `${head}${indent(renderForTerminal(call.message, { color }))}\n` : head;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `            ${line}`)
    .join('\n');
}
