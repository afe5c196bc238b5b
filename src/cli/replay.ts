import { existsSync, readFileSync } from 'node:fs';
import {
  DEFAULT_INTERVAL_MS,
  EXAMPLE_PER_SOURCE_RULE,
  EXAMPLE_RULE,
} from '../alerts/default-rules.js';
import type { AlertRuleConfig } from '../config/config.js';
import { parseConfigFile } from '../config/file.js';
import { DEFAULT_CONFIG_FILE } from '../config/load-config.js';
import { formatSuite, runSuite, type SuiteSet } from '../dev/alerts/eval-suite.js';
import type { RecordedCall } from '../dev/alerts/recording-slack.js';
import { partOf, type ReplaySummary, summarise } from '../dev/alerts/replay-summary.js';
import { overrideRule } from '../dev/alerts/rule-override.js';
import { simulateAlerts } from '../dev/alerts/simulate.js';
import { parseStreamFile } from '../dev/alerts/stream-file.js';
import { eventOf, replayStream } from '../dev/alerts/stream-replay.js';
import {
  isScenarioName,
  SCENARIO_NAMES,
  SCENARIOS,
  type ScenarioName,
} from '../dev/simulator/scenarios.js';
import { renderForTerminal } from '../dev/terminal.js';
import { alertHeadline } from '../messages/alert-message.js';
import { formatDuration } from '../messages/format-time.js';
import {
  type CommandHelp,
  formatHelp,
  type OptionSpec,
  parseArgs,
  usageError,
} from './command-line.js';
import type { CliIo } from './io.js';

/**
 * `exec-stats replay`: runs the configured alert rules (or the built-in example rule when the
 * config has none) over simulated hours of each scenario, and prints what they would have posted
 * and a summary per scenario. No network, no Slack, no wall clock: the seed and the start instant
 * decide everything, and the header prints both so any run can be repeated exactly.
 */

const COMMAND = 'exec-stats replay';
const HOUR = 3_600_000;

/**
 * Monday 2 November 2026, 06:00 UTC. A fixed default, so that `exec-stats replay` prints the same
 * thing on every machine and at every hour (the simulator's traffic follows the hour and the
 * weekday); a weekday morning, so each scenario begins at 07:00 UTC as traffic climbs to its
 * late-morning peak.
 */
export const DEFAULT_START = Date.UTC(2026, 10, 2, 6, 0);
export const DEFAULT_SEED = 1;
export const DEFAULT_HOURS = 6;
/** A steady hour before each disturbance: the baseline window has data, and "before" is visible. */
const LEAD_MS = HOUR;
const MAX_HOURS = 72;

const OPTIONS: readonly OptionSpec[] = [
  {
    name: 'scenario',
    value: 'NAME',
    help: `one of ${SCENARIO_NAMES.join(', ')}, or several separated by commas (default: all)`,
  },
  {
    name: 'hours',
    value: 'N',
    help: `simulated hours per scenario, 1 to ${MAX_HOURS} (default ${DEFAULT_HOURS})`,
  },
  {
    name: 'seed',
    value: 'N',
    help: `the simulator's seed, a whole number (default ${DEFAULT_SEED})`,
  },
  {
    name: 'start',
    value: 'ISO',
    help: `the simulated start, e.g. 2026-11-07T22:00Z; without an offset it is UTC; "now" for the current minute (default ${isoMinute(DEFAULT_START)}, a Monday morning)`,
  },
  {
    name: 'per-source',
    help: 'add the example rule per source system (when no rules are configured)',
  },
  { name: 'full', help: 'print every message as Slack would show it, not just its first line' },
  {
    name: 'stream',
    value: 'FILE',
    help: 'replay a history of per-minute counts (one JSON object a line) instead of the scenarios',
  },
  { name: 'json', help: 'with --stream: one JSON object per notification' },
  {
    name: 'eval',
    help: 'run the alert evaluation suite: scenario families over many seeds and start times, beside a plain threshold rule',
  },
  { name: 'quick', help: 'with --eval: a small suite (under a minute)' },
  {
    name: 'set',
    value: 'NAME',
    help: 'with --eval: tuned (seeds 1-20), held-out (seeds 101-120, other start times), both (default; these two), fresh (seeds 201-220, start times of neither) or late (seeds 301-320, start times of none of these)',
  },
  {
    name: 'family',
    value: 'NAMES',
    help: 'with --eval: only these families, separated by commas (spike, ramp, degradation, flapping, long, outage, stuck, steady, clustered, seasonal, per-source)',
  },
  {
    name: 'rule-override',
    value: 'KEYS',
    help: 'with --eval: the engine runs the example rule with these keys changed, written as in the config file and separated by commas, e.g. for=1,minFailures=3 or window=5m (keys: window, minFailures, failureRate, baselineWindow, baselineFactor, significance, for, recoverRate)',
  },
];

export const REPLAY_HELP: CommandHelp = {
  usage:
    'exec-stats replay [--scenario NAME] [--hours N] [--seed N] [--start ISO] [--per-source] [--full] | --stream FILE [--json] | --eval [--quick] [--set NAME] [--family NAMES] [--rule-override KEYS]',
  summary:
    'Runs the alert rules of the config file (EXEC_STATS_CONFIG, else ./exec-stats.yml), or the built-in example rule when it has none, through simulated hours of each scenario, and prints every post, thread reply and edit they would make, then a summary per scenario. Each scenario begins after 1 hour of steady traffic. No network, no Slack.',
  sections: [
    {
      title: 'Scenarios',
      rows: SCENARIO_NAMES.map((name) => [name, SCENARIOS[name].description] as const),
    },
  ],
  options: OPTIONS,
  notes: [
    'The same seed, start, hours and rules give the same output; the header prints the command that repeats a run. The example rule watches billing only: scenarios that disturb another source system need --per-source.',
    '--stream FILE replays a history instead: one JSON object a line, {"at": "2026-11-02T07:00:00Z", "source": "billing", "succeeded": 12, "failed": 3, "cancelled": 0} for the executions of one source system that finished in that minute (optional "reasons": {"Timeout": 2}); minutes without a line count as zero.',
    '--eval runs the alert evaluation suite (docs/alert-evaluation.md): the example rule and a plain threshold rule over synthetic streams, many seeds and start times; prints detection, delay, false alerts, posts per incident, early resolves, re-fires and evaluation time.',
  ],
};

interface ReplayArgs {
  readonly scenarios: readonly ScenarioName[];
  readonly hours: number;
  readonly seed: number;
  readonly start: number;
  readonly perSource: boolean;
  readonly full: boolean;
  readonly stream: string | null;
  readonly json: boolean;
  readonly eval: boolean;
  readonly quick: boolean;
  readonly sets: readonly SuiteSet[];
  readonly families: readonly string[] | undefined;
  /** --rule-override as given, and the rule it makes; null without it. */
  readonly ruleOverride: { readonly text: string; readonly rule: AlertRuleConfig } | null;
}

function readArgs(args: readonly string[], io: CliIo): ReplayArgs | 'help' | string {
  const parsed = parseArgs(args, OPTIONS);
  if (!parsed.ok) return parsed.problem;
  if (parsed.help) return 'help';
  const extra = parsed.positionals[0];
  if (extra !== undefined) return `unexpected argument "${extra}"`;
  const value = (name: string) => {
    const v = parsed.options.get(name);
    return typeof v === 'string' ? v : undefined;
  };

  let scenarios: ScenarioName[] = [...SCENARIO_NAMES];
  const names = value('scenario');
  if (names !== undefined) {
    scenarios = [];
    for (const name of names.split(',').map((n) => n.trim())) {
      if (!isScenarioName(name)) {
        return `unknown scenario "${name}": expected ${SCENARIO_NAMES.join(', ')}`;
      }
      if (!scenarios.includes(name)) scenarios.push(name);
    }
  }

  const hoursText = value('hours');
  const hours = hoursText === undefined ? DEFAULT_HOURS : Number(hoursText);
  if (!Number.isInteger(hours) || hours < 1 || hours > MAX_HOURS) {
    return `--hours must be a whole number from 1 to ${MAX_HOURS}, not "${hoursText}"`;
  }

  const seedText = value('seed');
  const seed = seedText === undefined ? DEFAULT_SEED : Number(seedText);
  if (!/^\d+$/.test(seedText ?? '0') || !Number.isSafeInteger(seed)) {
    return `--seed must be a whole number, like 1 or 42, not "${seedText}"`;
  }

  const startText = value('start');
  let start = DEFAULT_START;
  if (startText === 'now') {
    // The minute, not the millisecond: the header's repeat command stays short and exact.
    start = Math.floor((io.now ?? Date.now)() / 60_000) * 60_000;
  } else if (startText !== undefined) {
    const instant = parseStart(startText);
    if (instant === null) {
      return `--start must be a date and time like 2026-11-02T06:00Z (UTC unless an offset is given) or "now", not "${startText}"`;
    }
    start = instant;
  }

  const set = value('set') ?? 'both';
  if (
    set !== 'tuned' &&
    set !== 'held-out' &&
    set !== 'both' &&
    set !== 'fresh' &&
    set !== 'late'
  ) {
    return `--set must be tuned, held-out or both (or fresh, late), not "${set}"`;
  }
  const evalMode = parsed.options.has('eval');
  const stream = value('stream') ?? null;
  if (evalMode && stream !== null) return '--eval and --stream cannot be used together';
  for (const name of ['quick', 'set', 'family', 'rule-override'] as const) {
    if (!evalMode && parsed.options.has(name)) return `--${name} goes with --eval`;
  }
  if (stream === null && parsed.options.has('json')) return '--json goes with --stream';
  const overrideText = value('rule-override');
  const overridden = overrideText === undefined ? null : overrideRule(EXAMPLE_RULE, overrideText);
  if (typeof overridden === 'string') return `--rule-override: ${overridden}`;
  return {
    scenarios,
    hours,
    seed,
    start,
    perSource: parsed.options.has('per-source'),
    full: parsed.options.has('full'),
    stream,
    json: parsed.options.has('json'),
    eval: evalMode,
    quick: parsed.options.has('quick'),
    sets: set === 'both' ? ['tuned', 'held-out'] : [set],
    families: value('family')
      ?.split(',')
      .map((f) => f.trim())
      .filter((f) => f !== ''),
    ruleOverride:
      overrideText === undefined || overridden === null
        ? null
        : { text: overrideText, rule: overridden },
  };
}

const START_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * An ISO 8601 date or date-time, Unix ms; null when it is not one or names a date that does not
 * exist. Without an offset it is UTC, not the machine's zone, so a command means the same
 * everywhere.
 */
export function parseStart(text: string): number | null {
  const m = START_PATTERN.exec(text.trim());
  if (m === null) return null;
  const field = (i: number) => Number(m[i] ?? 0);
  const [year, month, day, hour, minute, second] = [
    field(1),
    field(2),
    field(3),
    field(4),
    field(5),
    field(6),
  ];
  const millis = Number((m[7] ?? '0').padEnd(3, '0'));
  // Before 1970 the simulator has nothing to play, and Date.UTC reads years below 100 as 19xx.
  if (year < 1970 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  const check = new Date(utc);
  // Date.UTC rolls 30 February over into March; a date that does not exist is refused instead.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  const zone = m[8]?.toUpperCase() ?? 'Z';
  if (zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const offsetHours = Number(digits.slice(0, 2));
  const offsetMinutes = Number(digits.slice(2));
  if (offsetHours > 23 || offsetMinutes > 59) return null;
  return utc - sign * (offsetHours * 60 + offsetMinutes) * 60_000;
}

/** `2026-11-02T06:00Z`; seconds only when they are not zero. */
export function isoMinute(ms: number): string {
  const iso = new Date(ms).toISOString();
  const seconds = iso.slice(16, 23);
  return `${iso.slice(0, 16)}${seconds === ':00.000' ? '' : seconds.replace(/\.000$/, '')}Z`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;

interface RuleSet {
  readonly rules: readonly AlertRuleConfig[];
  readonly intervalMs: number;
  /** Where the rules come from: the header's line above them. */
  readonly origin: string;
  /** The built-in example rules (no configured ones): --per-source can add a rule per source. */
  readonly example: boolean;
}

function loadRules(io: CliIo, perSource: boolean): RuleSet | { problems: string } {
  const path = io.env.EXEC_STATS_CONFIG?.trim() || DEFAULT_CONFIG_FILE;
  let configured: readonly AlertRuleConfig[] = [];
  let intervalMs = DEFAULT_INTERVAL_MS;
  if (existsSync(path)) {
    const parsed = parseConfigFile(readFileSync(path, 'utf8'), path);
    if (!parsed.ok)
      return { problems: parsed.problems.map((p) => `  - ${p.key}: ${p.message}`).join('\n') };
    configured = parsed.value.alerts?.rules ?? [];
    intervalMs = parsed.value.alerts?.intervalMs ?? DEFAULT_INTERVAL_MS;
  }
  if (configured.length > 0) {
    if (perSource) {
      io.err(
        `${COMMAND}: --per-source is ignored: ${path} has alert rules, and they are replayed as they are\n`,
      );
    }
    return { rules: configured, intervalMs, origin: `Rules from ${path}`, example: false };
  }
  const why = existsSync(path)
    ? `since ${path} has no alert rules`
    : `since there is no config file at ${path}`;
  return perSource
    ? {
        rules: [EXAMPLE_RULE, EXAMPLE_PER_SOURCE_RULE],
        intervalMs,
        origin: `Rules: the example rule and its copy for every source system (--per-source), ${why}`,
        example: true,
      }
    : {
        rules: [EXAMPLE_RULE],
        intervalMs,
        origin: `Rules: the example rule, ${why}`,
        example: true,
      };
}

/** A rule's window as the config file would write it: `15m`, `24h` (not `1d`), `7d`. */
function configDuration(ms: number): string {
  if (ms % HOUR === 0 && ms <= 72 * HOUR) return `${ms / HOUR}h`;
  return formatDuration(ms);
}

/** One line of what a rule does, e.g. for the example rule the thresholds it fires at. */
export function describeRule(rule: AlertRuleConfig): string {
  const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;
  const scope = rule.scope === 'per-source' ? 'each source system on its own' : 'overall';
  const sources = rule.sources === null ? '' : `, ${rule.sources.join(', ')} only`;
  const baseline =
    rule.baseline === null
      ? ''
      : `, ${rule.baseline.factor}x the rate of the ${configDuration(rule.baseline.windowMs)} before (p <= ${rule.baseline.significance})`;
  const times = rule.for === 1 ? 'once' : `${rule.for} evaluations in a row`;
  return `${rule.name}: ${scope}${sources}; fires at >= ${percent(rule.failureRate)} failed of the last ${configDuration(rule.windowMs)} with >= ${rule.minFailures} failures${baseline}, ${times}; recovers below ${percent(rule.recoverRate)}`;
}

/** Whether some rule looks at `source` (an overall rule limited to other sources does not). */
function watched(rules: readonly AlertRuleConfig[], source: string): boolean {
  return rules.some((rule) => rule.sources === null || rule.sources.includes(source));
}

/** The same run again: every choice spelt out, defaults included, so it does not drift with them. */
function repeatCommand(args: ReplayArgs): string {
  const scenarios =
    args.scenarios.length === SCENARIO_NAMES.length
      ? ''
      : ` --scenario ${args.scenarios.join(',')}`;
  return `exec-stats replay${scenarios} --hours ${args.hours} --seed ${args.seed} --start ${isoMinute(args.start)}${args.perSource ? ' --per-source' : ''}${args.full ? ' --full' : ''}`;
}

export async function runReplay(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = readArgs(args, io);
  if (parsed === 'help') {
    io.out(formatHelp(REPLAY_HELP));
    return 0;
  }
  if (typeof parsed === 'string') return usageError(io, COMMAND, parsed);
  const ruleSet = loadRules(io, parsed.perSource);
  if ('problems' in ruleSet) {
    io.err(`${COMMAND}: the config file has problems:\n${ruleSet.problems}\n`);
    return 1;
  }
  if (parsed.eval) return runEvaluation(parsed, io);
  if (parsed.stream !== null) return runStream(parsed, parsed.stream, ruleSet, io);
  const { rules, intervalMs } = ruleSet;
  const anchorOf = (start: number) => start + LEAD_MS;
  io.out(
    [
      `Replay: seed ${parsed.seed}, start ${WEEKDAYS[new Date(parsed.start).getUTCDay()]} ${isoMinute(parsed.start)}, ${parsed.hours}h per scenario, rules evaluated every ${formatDuration(intervalMs)}.`,
      `Each scenario begins after 1h of steady traffic, at ${isoMinute(anchorOf(parsed.start))}; times below count from then.`,
      `${ruleSet.origin}:`,
      ...rules.map((rule) => `  ${describeRule(rule)}`),
      `Repeat with: ${repeatCommand(parsed)}`,
      '',
    ].join('\n'),
  );

  const rows: string[][] = [];
  const unwatched: string[] = [];
  for (const scenario of parsed.scenarios) {
    const definition = SCENARIOS[scenario];
    const result = await simulateAlerts({
      rules,
      scenario,
      intervalMs,
      start: parsed.start,
      leadMs: LEAD_MS,
      durationMs: parsed.hours * HOUR,
      seed: parsed.seed,
    });
    io.out(`\n== ${scenario}: ${definition.description} ==\n`);
    for (const call of result.calls)
      io.out(describeCall(call, result.anchor, parsed.full, io.color));
    if (result.calls.length === 0) io.out('  (nothing posted)\n');
    const source = definition.source;
    if (source !== null && !watched(rules, source)) {
      unwatched.push(`${scenario} (${source})`);
      io.out(
        `  note: no rule watches ${source}, the source system this scenario disturbs${ruleSet.example && !parsed.perSource ? '; add --per-source' : ''}\n`,
      );
    }
    rows.push(summaryRow(scenario, summarise(result.calls, result.anchor), result.statsCalls));
  }

  io.out(`\nSummary (${parsed.hours}h per scenario, seed ${parsed.seed}):\n`);
  io.out(formatTable(SUMMARY_HEADERS, rows));
  if (unwatched.length > 0) {
    const hint = ruleSet.example
      ? ': run with --per-source to add the example rule for every source system'
      : '';
    io.out(`Not watched by any rule, so quiet whatever happens: ${unwatched.join(', ')}${hint}.\n`);
  }
  return 0;
}

const SUMMARY_HEADERS = [
  'scenario',
  'alerts',
  'fired\nagain',
  'time to\nfire',
  'resolved\nafter',
  'recoveries',
  'reminders',
  'API\nnotices',
  'posts',
  'edits',
  'API\ncalls',
] as const;

/**
 * A summary cell's duration: `-` when there is none, and a minus sign when the rule fired before
 * the disturbance began (a false alarm in steady traffic), so it is not hidden as "n/a".
 */
export function summaryDuration(ms: number | null): string {
  if (ms === null) return '-';
  return ms < 0 ? `-${formatDuration(-ms)}` : formatDuration(ms);
}

function summaryRow(scenario: string, s: ReplaySummary, statsCalls: number): string[] {
  return [
    scenario,
    String(s.fired),
    String(s.reopened),
    summaryDuration(s.timeToFireMs),
    summaryDuration(s.firstRecoveryMs),
    String(s.recoveries),
    String(s.reminders),
    String(s.apiNotices),
    String(s.notifications),
    String(s.edits),
    String(statsCalls),
  ];
}

function describeCall(call: RecordedCall, anchor: number, full: boolean, color: boolean): string {
  const offset = call.at - anchor;
  const when = `${offset < 0 ? '-' : '+'}${formatDuration(Math.abs(offset))}`.padStart(9);
  const part = call.kind === 'update' ? null : partOf(call.key);
  const what =
    call.kind === 'update'
      ? 'edit root'
      : part === 'root'
        ? 'ALERT'
        : part === 'api'
          ? 'notice'
          : `thread (${part})`;
  const head = `${when}  ${what.padEnd(17)} ${call.message.text.replace(/\s+/g, ' ')}\n`;
  return full ? `${head}${indent(renderForTerminal(call.message, { color }))}\n` : head;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `            ${line}`)
    .join('\n');
}

/**
 * A plain-text table for the terminal: the first column left-aligned (names), the others
 * right-aligned (numbers and durations), each as wide as its widest cell, so no value ever runs
 * into its neighbour. A header may span lines (`"fired\nagain"`), which keeps wide tables narrow.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const headerLines = headers.map((header) => header.split('\n'));
  const depth = Math.max(...headerLines.map((lines) => lines.length));
  // Multi-line headers sit on the bottom line, next to the values they name.
  const headerRows = Array.from({ length: depth }, (_, i) =>
    headerLines.map((lines) => lines[i - (depth - lines.length)] ?? ''),
  );
  const widths = headers.map((_, column) =>
    Math.max(...[...headerRows, ...rows].map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    widths
      .map((width, column) => {
        const cell = cells[column] ?? '';
        return column === 0 ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return `${[...headerRows, ...rows].map(line).join('\n')}\n`;
}

const SET_TITLES: Record<SuiteSet, string> = {
  tuned: 'Tuned set: seeds 1-20, onsets at hours 2, 6, 10, ... of the week',
  'held-out': 'Held-out set: seeds 101-120, onsets at hours 0, 4, 8, ... of the week plus 30 min',
  fresh: 'Fresh set: seeds 201-220, onsets at hours 3, 7, 11, ... of the week plus 45 min',
  late: 'Late set: seeds 301-320, onsets at hours 1, 5, 9, ... of the week plus 15 min',
};

/** `replay --eval`: the evaluation suite's table, the sets asked for, then the time it took. */
function runEvaluation(args: ReplayArgs, io: CliIo): number {
  const started = performance.now();
  const size = args.quick ? 'quick' : 'full';
  io.out(
    `Alert evaluation suite (${size}): the example rule (engine) beside a plain threshold rule (failed/terminal >= 20% over 15m, for 2 evaluations) on the same streams; rules evaluated every 1m.\n`,
  );
  io.out(
    "delay: evaluations from the onset to the first alarm; false alerts: alarms outside a disturbance, per 30 days evaluated (count); early resolves: before the disturbance ended; re-fires: alarms of the disturbed subject after its first; silent min: minutes of a disturbance, after its first alarm, with no open alarm; floor: over the real spikes, the first evaluation at which the failures since the onset are significant at the rule's significance against the baseline, then also with >= minFailures and `for` evaluations.\n\n",
  );
  if (args.ruleOverride !== null) {
    io.out(
      `Engine rule: the example rule with ${args.ruleOverride.text} (--rule-override): ${describeRule(args.ruleOverride.rule)}\n\n`,
    );
  }
  for (const set of args.sets) {
    const results = runSuite({
      set,
      quick: args.quick,
      ...(args.families === undefined ? {} : { families: args.families }),
      ...(args.ruleOverride === null ? {} : { rule: args.ruleOverride.rule }),
    });
    io.out(formatSuite(results, SET_TITLES[set]));
    io.out('\n');
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(`Evaluated in ${seconds} s (the eval ms column is the engine alone, per cycle).\n`);
  return 0;
}

/** `replay --stream FILE`: the rules over a recorded or synthetic history of per-minute counts. */
function runStream(args: ReplayArgs, file: string, ruleSet: RuleSet, io: CliIo): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    io.err(`${COMMAND}: cannot read ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  const parsed = parseStreamFile(text);
  if (!parsed.ok) {
    io.err(`${COMMAND}: ${file}: ${parsed.problem}\n`);
    return 1;
  }
  const { stream } = parsed;
  const end = stream.start + stream.minutes * 60_000;
  // An overall rule limited to sources the file never names watches nothing: say so.
  if (!args.json) {
    io.out(
      [
        `Replay of ${file}: ${stream.sources.length} source systems, ${isoMinute(stream.start)} to ${isoMinute(end)}, rules evaluated every ${formatDuration(ruleSet.intervalMs)}.`,
        `${ruleSet.origin}:`,
        ...ruleSet.rules.map((rule) => `  ${describeRule(rule)}`),
        '',
      ].join('\n'),
    );
  }
  let count = 0;
  replayStream(stream, {
    rules: ruleSet.rules,
    intervalMs: ruleSet.intervalMs,
    from: stream.start + ruleSet.intervalMs,
    to: end,
    onNotification: (rule, n, at) => {
      count += 1;
      const event = eventOf(rule, n, at);
      if (args.json) {
        io.out(
          `${JSON.stringify({ at: new Date(at).toISOString(), kind: event.kind, rule: event.rule, sources: event.sources })}\n`,
        );
        return;
      }
      const text = 'view' in n ? alertHeadline(n.view) : n.kind;
      io.out(`${isoMinute(at)}  ${event.kind.padEnd(8)} ${text} [${event.sources.join(', ')}]\n`);
    },
  });
  if (!args.json) io.out(count === 0 ? '(nothing notified)\n' : `${count} notifications\n`);
  return 0;
}
