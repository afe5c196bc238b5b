import { EXAMPLE_PER_SOURCE_RULE, EXAMPLE_RULE } from '../../alerts/default-rules.js';
import { HOURS } from '../../alerts/window-fetcher.js';
import type { AlertRuleConfig } from '../../config/config.js';
import { SOURCES } from '../simulator/sources.js';
import { type DelayFloor, delayFloor, type FloorFigures, floorFigures } from './delay-floor.js';
import {
  aggregate,
  type CaseFigures,
  type RunScore,
  type RunTruth,
  scoreRun,
} from './eval-metrics.js';
import {
  generateStream,
  manySources,
  type StreamPlan,
  type StreamSource,
  sumOf,
} from './eval-streams.js';
import { MINUTE_MS, replayStream } from './stream-replay.js';
import { PLAIN_THRESHOLD, replayThreshold } from './threshold-rule.js';

/**
 * The alert evaluation suite (`exec-stats replay --eval`): scenario families over many seeds and
 * start times across a week, each run replayed through the engine (the example rule, or the
 * rules given) and through a plain threshold rule on the same stream, scored by eval-metrics.ts.
 *
 * Four disjoint sets of seeds and start times: `tuned` (seeds 1–20, onsets at hours 2, 6, 10, …
 * of the week, on the hour) is what changes to the engine may be tuned on; `held-out` (seeds
 * 101–120, onsets at hours 0, 4, 8, … plus 30 minutes), `fresh` (seeds 201–220, onsets at
 * hours 3, 7, 11, … plus 45 minutes; added after `held-out` had been seen) and `late` (seeds
 * 301–320, onsets at hours 1, 5, 9, … plus 15 minutes; added after `fresh` had been seen) are
 * only for checking them afterwards.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2 November 2026, 00:00 UTC: hour 0 of the week the onsets are placed in. */
export const WEEK_START = Date.UTC(2026, 10, 2);

export type SuiteSet = 'tuned' | 'held-out' | 'fresh' | 'late';

/** Where each set places its seeds and onsets: disjoint seeds, hours and minutes. */
interface SetLayout {
  readonly firstSeed: number;
  /** Onsets at hours firstHour, firstHour + 4, … of the week, plus offsetMinutes. */
  readonly firstHour: number;
  readonly offsetMinutes: number;
  /** The hour of the day of the long cases' daily onsets (plus offsetMinutes). */
  readonly dailyHour: number;
  /** The Saturday-night spike's hour (Saturday 22:00, 23:30, 21:45, 22:15). */
  readonly saturdayHour: number;
  /** The hour of day the per-source runs start evaluating. */
  readonly perSourceHour: number;
}

const LAYOUTS: Record<SuiteSet, SetLayout> = {
  tuned: {
    firstSeed: 1,
    firstHour: 2,
    offsetMinutes: 0,
    dailyHour: 14,
    saturdayHour: 22,
    perSourceHour: 8,
  },
  'held-out': {
    firstSeed: 101,
    firstHour: 0,
    offsetMinutes: 30,
    dailyHour: 20,
    saturdayHour: 23.5,
    perSourceHour: 9,
  },
  fresh: {
    firstSeed: 201,
    firstHour: 3,
    offsetMinutes: 45,
    dailyHour: 8,
    saturdayHour: 21.75,
    perSourceHour: 10,
  },
  late: {
    firstSeed: 301,
    firstHour: 1,
    offsetMinutes: 15,
    dailyHour: 11,
    saturdayHour: 22.25,
    perSourceHour: 16,
  },
};

export interface SuiteOptions {
  readonly set: SuiteSet;
  readonly quick: boolean;
  /** Only the families whose name starts with one of these (default all). */
  readonly families?: readonly string[];
  readonly intervalMs?: number;
  /** The rule the engine runs in place of the example rule (a variant of it: replay --rule-override). */
  readonly rule?: AlertRuleConfig;
  /** Reported as each case finishes. */
  readonly progress?: (line: string) => void;
}

export interface CaseResult {
  readonly family: string;
  readonly name: string;
  readonly engine: CaseFigures;
  readonly threshold: CaseFigures;
  /** The earliest alarm the real-spike runs allowed (delay-floor.ts); null when the case has none. */
  readonly floor: FloorFigures | null;
  readonly evalMsMean: number;
  readonly evalMsMax: number;
  readonly evaluations: number;
}

interface Run {
  readonly plan: StreamPlan;
  readonly rules: readonly AlertRuleConfig[];
  readonly thresholdScope: 'overall' | 'per-source';
  readonly truth: Omit<RunTruth, 'real'>;
  /** The disturbed source's index (for the "real spike" test), or null. */
  readonly disturbed: number | null;
}

interface CaseDef {
  readonly family: string;
  readonly name: string;
  runs(ctx: Context): Run[];
}

interface Context {
  readonly seeds: readonly number[];
  /** Onsets across the week (ms). */
  readonly onsets: readonly number[];
  /** A few onsets (one a day) for long cases. */
  readonly dailyOnsets: readonly number[];
  readonly intervalMs: number;
  readonly quick: boolean;
  readonly set: SuiteSet;
  /** The example rule, or the variant of it under test. */
  readonly rule: AlertRuleConfig;
}

function context(options: SuiteOptions): Context {
  const layout = LAYOUTS[options.set];
  const seeds = Array.from({ length: options.quick ? 3 : 20 }, (_, i) => layout.firstSeed + i);
  const offset = layout.offsetMinutes * 60_000;
  const hours = Array.from({ length: 42 }, (_, i) => 4 * i + layout.firstHour);
  const chosen = options.quick ? hours.filter((_, i) => i % 7 === 5) : hours;
  const days = options.quick ? [1, 5] : [0, 1, 2, 3, 4, 5, 6];
  return {
    seeds,
    onsets: chosen.map((h) => WEEK_START + h * HOUR + offset),
    dailyOnsets: days.map((d) => WEEK_START + d * DAY + layout.dailyHour * HOUR + offset),
    intervalMs: options.intervalMs ?? 60_000,
    quick: options.quick,
    set: options.set,
    rule: options.rule ?? EXAMPLE_RULE,
  };
}

const profile = (name: string): StreamSource => {
  const found = SOURCES.find((s) => s.name === name);
  if (found === undefined) throw new Error(`no simulated source ${name}`);
  return found;
};
const scaled = (s: StreamSource, factor: number): StreamSource => ({
  ...s,
  peakPerMinute: s.peakPerMinute * factor,
});

/** The example rule (or its variant), watching the one source of a single-source stream. */
function ruleFor(ctx: Context, source: string): AlertRuleConfig {
  return { ...ctx.rule, sources: [source] };
}

/** The same thresholds for every source system on its own, as EXAMPLE_PER_SOURCE_RULE. */
function perSourceRule(ctx: Context): AlertRuleConfig {
  return { ...ctx.rule, name: EXAMPLE_PER_SOURCE_RULE.name, scope: 'per-source', sources: null };
}

/**
 * How long after a disturbance an alarm still counts as catching it: the example rule's window,
 * whatever the rule under test, so that variants of it are scored on the same spans.
 */
const GRACE_MS = EXAMPLE_RULE.windowMs;

/**
 * How much of the stream comes before evaluation starts: the rule's baseline, or the settled
 * hours the engine is given (HOURS, as the bot fetches them) when they reach further back, so
 * the first evaluation already sees what a bot that has been running would.
 */
const LOOKBACK = (ctx: Context): number =>
  Math.max(ctx.rule.baseline?.windowMs ?? 0, HOURS * HOUR) + ctx.rule.windowMs + 5 * MINUTE_MS;

/**
 * A run on one source: steady traffic, then `rate(elapsed, usual)` from `onset` for `lengthMs`,
 * evaluated from 30 min before the onset to `afterMs` after its end.
 */
function singleRun(
  ctx: Context,
  seed: number,
  onset: number,
  source: StreamSource,
  lengthMs: number,
  rate: (elapsedMs: number, usual: number) => number,
  extra: Partial<StreamPlan> & { afterMs?: number; truth?: Partial<RunTruth> } = {},
): Run {
  const evalFrom = onset - 30 * MINUTE_MS;
  const end = onset + lengthMs;
  const evalTo = end + (extra.afterMs ?? 2 * HOUR);
  const start = evalFrom - LOOKBACK(ctx);
  const { afterMs: _after, truth: truthExtra, ...planExtra } = extra;
  return {
    plan: {
      seed,
      start,
      minutes: Math.ceil((evalTo - start) / MINUTE_MS) + 1,
      sources: [source],
      rateAt: (_s, t, usual) => (t >= onset && t < end ? rate(t - onset, usual) : usual),
      ...planExtra,
    },
    rules: [ruleFor(ctx, source.name)],
    thresholdScope: 'overall',
    truth: {
      subject: '*',
      onset,
      end,
      graceMs: GRACE_MS,
      evalFrom,
      evalTo,
      intervalMs: ctx.intervalMs,
      ...truthExtra,
    },
    disturbed: 0,
  };
}

function spikeCase(
  name: string,
  rate: number,
  lengthMs: number,
  volume: number,
  onsets?: (ctx: Context) => readonly number[],
): CaseDef {
  return {
    family: 'spike',
    name,
    runs: (ctx) =>
      (onsets?.(ctx) ?? ctx.onsets).flatMap((onset) =>
        ctx.seeds.map((seed) =>
          singleRun(ctx, seed, onset, scaled(profile('billing'), volume), lengthMs, () => rate),
        ),
      ),
  };
}

function rampCase(hours: number): CaseDef {
  const lengthMs = hours * HOUR;
  return {
    family: 'ramp',
    name: `3% to 40% over ${hours} h, then 40% for 30 min`,
    runs: (ctx) =>
      ctx.dailyOnsets.flatMap((onset) =>
        ctx.seeds
          .slice(0, hours >= 24 && ctx.quick ? 1 : undefined)
          .map((seed) =>
            singleRun(ctx, seed, onset, profile('billing'), lengthMs + 30 * MINUTE_MS, (e) =>
              e >= lengthMs ? 0.4 : 0.03 + (0.37 * e) / lengthMs,
            ),
          ),
      ),
  };
}

/** A week (or a month) of steady traffic: every alarm is false. */
function steadyRun(
  ctx: Context,
  seed: number,
  sources: readonly StreamSource[],
  rules: readonly AlertRuleConfig[],
  days: number,
  extra: Partial<StreamPlan> = {},
): Run {
  const evalFrom = WEEK_START;
  const evalTo = WEEK_START + days * DAY;
  const start = evalFrom - LOOKBACK(ctx);
  return {
    plan: {
      seed,
      start,
      minutes: Math.ceil((evalTo - start) / MINUTE_MS) + 1,
      sources,
      ...extra,
    },
    rules,
    thresholdScope: rules.some((r) => r.scope === 'per-source') ? 'per-source' : 'overall',
    truth: {
      subject: null,
      onset: evalTo,
      end: evalTo,
      graceMs: 0,
      evalFrom,
      evalTo,
      intervalMs: ctx.intervalMs,
    },
    disturbed: null,
  };
}

function perSourceCase(count: number, hours: (ctx: Context) => number): CaseDef {
  return {
    family: 'per-source',
    name: `${count.toLocaleString('en-US')} sources, one 40% spike for 30 min`,
    runs: (ctx) =>
      ctx.seeds.slice(0, ctx.quick || count > 1_000 ? 1 : 2).map((seed) => {
        const sources = manySources(count, seed);
        // The spiked source: one busy enough to be seen (2 a minute at its peak).
        const spiked = { ...(sources[0] as StreamSource), peakPerMinute: 2, peakHourUtc: 12 };
        sources[0] = spiked;
        const length = hours(ctx) * HOUR;
        const evalFrom = WEEK_START + 24 * HOUR + LAYOUTS[ctx.set].perSourceHour * HOUR;
        const onset = evalFrom + length / 2;
        const end = onset + 30 * MINUTE_MS;
        const evalTo = evalFrom + length;
        const start = evalFrom - LOOKBACK(ctx);
        return {
          plan: {
            seed,
            start,
            minutes: Math.ceil((evalTo - start) / MINUTE_MS) + 1,
            sources,
            rateAt: (s, t, usual) => (s === 0 && t >= onset && t < end ? 0.4 : usual),
          },
          rules: [perSourceRule(ctx)],
          thresholdScope: 'per-source' as const,
          truth: {
            subject: spiked.name,
            onset,
            end,
            graceMs: GRACE_MS,
            evalFrom,
            evalTo,
            intervalMs: ctx.intervalMs,
          },
          disturbed: 0,
        };
      }),
  };
}

const MIN = MINUTE_MS;

export const CASES: readonly CaseDef[] = [
  spikeCase('45% for 30 min, billing volume', 0.45, 30 * MIN, 1),
  spikeCase(
    '45% for 30 min, Saturday 22:00 (23:30 held out, 21:45 fresh, 22:15 late)',
    0.45,
    30 * MIN,
    1,
    (ctx) => [WEEK_START + (5 * 24 + LAYOUTS[ctx.set].saturdayHour) * HOUR],
  ),
  spikeCase('40% for 30 min, 0.3x billing volume', 0.4, 30 * MIN, 0.3),
  spikeCase('20% for 30 min, 10x billing volume', 0.2, 30 * MIN, 10),
  spikeCase('80% for 10 min, billing volume', 0.8, 10 * MIN, 1),
  spikeCase('30% for 60 min, billing volume', 0.3, 60 * MIN, 1),
  rampCase(1),
  rampCase(6),
  rampCase(24),
  rampCase(72),
  {
    family: 'degradation',
    name: 'inventory climbs to 35% over 3 h, then fixed',
    runs: (ctx) =>
      ctx.onsets.flatMap((onset) =>
        ctx.seeds
          .slice(0, ctx.quick ? 2 : 10)
          .map((seed) =>
            singleRun(
              ctx,
              seed,
              onset,
              profile('inventory'),
              3 * HOUR,
              (e, usual) => usual + (0.35 - usual) * (e / (3 * HOUR)),
            ),
          ),
      ),
  },
  {
    family: 'flapping',
    name: 'payments-eu 30% / 10% every 5 min for 2 h',
    runs: (ctx) =>
      ctx.onsets.flatMap((onset) =>
        ctx.seeds
          .slice(0, ctx.quick ? 2 : 10)
          .map((seed) =>
            singleRun(ctx, seed, onset, profile('payments-eu'), 2 * HOUR, (e) =>
              e % (10 * MIN) < 5 * MIN ? 0.3 : 0.1,
            ),
          ),
      ),
  },
  {
    family: 'long',
    name: '50% for 12 h with a 20-min dip after 8 h 20 min',
    runs: (ctx) =>
      ctx.dailyOnsets.flatMap((onset) =>
        ctx.seeds.map((seed) => {
          const dip: [number, number] = [onset + 500 * MIN, onset + 520 * MIN];
          return singleRun(
            ctx,
            seed,
            onset,
            profile('billing'),
            12 * HOUR,
            (e, usual) => (e >= 500 * MIN && e < 520 * MIN ? usual : 0.5),
            { truth: { pauses: [dip] } },
          );
        }),
      ),
  },
  {
    family: 'outage',
    name: 'API down 20 min, 10 min into a 60-min 45% spike',
    runs: (ctx) =>
      ctx.onsets.flatMap((onset) =>
        ctx.seeds.slice(0, ctx.quick ? 2 : 10).map((seed) =>
          singleRun(ctx, seed, onset, profile('billing'), 60 * MIN, () => 0.45, {
            apiDown: [[onset + 10 * MIN, onset + 30 * MIN]],
          }),
        ),
      ),
  },
  {
    family: 'stuck',
    name: '45% for 30 min, then nothing finishes for 2 h',
    runs: (ctx) =>
      ctx.onsets.flatMap((onset) =>
        ctx.seeds.slice(0, ctx.quick ? 2 : 10).map((seed) => {
          const stuckFrom = onset + 30 * MIN;
          return singleRun(ctx, seed, onset, profile('billing'), 30 * MIN, () => 0.45, {
            volumeAt: (_s, t) => (t >= stuckFrom && t < stuckFrom + 2 * HOUR ? 0 : 1),
            afterMs: 2 * HOUR,
            truth: { stuckFrom },
          });
        }),
      ),
  },
  {
    family: 'steady',
    name: 'a week, 8 simulator sources, example rule + per source',
    runs: (ctx) =>
      ctx.seeds
        .slice(0, ctx.quick ? 1 : undefined)
        .map((seed) =>
          steadyRun(ctx, seed, SOURCES, [ctx.rule, perSourceRule(ctx)], ctx.quick ? 2 : 7),
        ),
  },
  {
    family: 'clustered',
    name: '3% failures in clusters of 1+Poisson(2) retries, a week',
    runs: (ctx) =>
      ctx.seeds
        .slice(0, ctx.quick ? 1 : undefined)
        .map((seed) =>
          steadyRun(
            ctx,
            seed,
            [{ ...profile('billing'), failureRate: 0.03 }],
            [ruleFor(ctx, 'billing')],
            ctx.quick ? 2 : 7,
            { clustered: true },
          ),
        ),
  },
  {
    family: 'seasonal',
    name: 'low volume (reporting, 0.3/min peak), 30 days',
    runs: (ctx) =>
      ctx.seeds
        .slice(0, ctx.quick ? 1 : 5)
        .map((seed) =>
          steadyRun(
            ctx,
            seed,
            [profile('reporting')],
            [ruleFor(ctx, 'reporting')],
            ctx.quick ? 7 : 30,
          ),
        ),
  },
  perSourceCase(100, (ctx) => (ctx.quick ? 6 : 24)),
  perSourceCase(1_000, (ctx) => (ctx.quick ? 2 : 24)),
  perSourceCase(3_000, (ctx) => (ctx.quick ? 0.5 : 2)),
];

export function runSuite(options: SuiteOptions): CaseResult[] {
  const ctx = context(options);
  const results: CaseResult[] = [];
  for (const def of CASES) {
    if (options.families !== undefined && !options.families.some((f) => def.family.startsWith(f)))
      continue;
    results.push(runCase(def, ctx));
    const r = results[results.length - 1] as CaseResult;
    options.progress?.(`${def.family}: ${def.name}: ${r.engine.runs} runs`);
  }
  return results;
}

function runCase(def: CaseDef, ctx: Context): CaseResult {
  const runs = def.runs(ctx);
  const engineScores: RunScore[] = [];
  const thresholdScores: RunScore[] = [];
  const truths: RunTruth[] = [];
  const floors: DelayFloor[] = [];
  let cycleTotal = 0;
  let cycleMax = 0;
  let evaluations = 0;
  for (const run of runs) {
    const stream = generateStream(run.plan);
    const truth: RunTruth = { ...run.truth, real: isRealSpike(stream, run) };
    if (truth.real && run.disturbed !== null) {
      floors.push(delayFloor(stream, run.disturbed, truth, run.rules[0] ?? ctx.rule));
    }
    const window = { from: truth.evalFrom, to: truth.evalTo };
    const replay = replayStream(stream, {
      rules: run.rules,
      intervalMs: ctx.intervalMs,
      ...window,
    });
    for (const ms of replay.cycleMs) {
      cycleTotal += ms;
      if (ms > cycleMax) cycleMax = ms;
    }
    evaluations += replay.cycleMs.length;
    const threshold = replayThreshold(
      stream,
      { ...PLAIN_THRESHOLD, scope: run.thresholdScope },
      { intervalMs: ctx.intervalMs, ...window },
    );
    const thresholdTruth = truth;
    engineScores.push(scoreRun(replay.events, truth));
    thresholdScores.push(scoreRun(threshold, thresholdTruth));
    truths.push(truth);
  }
  return {
    family: def.family,
    name: def.name,
    engine: aggregate(engineScores, truths),
    threshold: aggregate(thresholdScores, truths),
    floor: floors.length === 0 ? null : floorFigures(floors),
    evalMsMean: evaluations === 0 ? 0 : cycleTotal / evaluations,
    evalMsMax: cycleMax,
    evaluations,
  };
}

/**
 * The "real spike": at least 40% for 30 min with at least 8 failures in it, or at least
 * 20% for 30 min with at least 200 executions in every 15 minutes of it. Counted on the stream.
 */
function isRealSpike(stream: ReturnType<typeof generateStream>, run: Run): boolean {
  if (run.disturbed === null || run.truth.subject === null) return false;
  const { onset, end } = run.truth;
  if (end - onset < 30 * MINUTE_MS) return false;
  const m = (t: number) => Math.floor((t - stream.start) / MINUTE_MS);
  const failedArr = stream.failed[run.disturbed];
  const terminalArr = stream.terminal[run.disturbed];
  // The 30 minutes of the disturbance with the highest rate (a ramp's end, a spike's whole).
  const from = m(end) - 30;
  const failed = sumOf(failedArr, from, m(end));
  const expected = run.plan.rateAt?.(run.disturbed, end - MINUTE_MS, 0) ?? 0;
  if (expected >= 0.4 && failed >= 8) return true;
  if (expected >= 0.2) {
    const busy =
      sumOf(terminalArr, from, from + 15) >= 200 && sumOf(terminalArr, from + 15, m(end)) >= 200;
    return busy;
  }
  return false;
}

const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
const fixed = (x: number | null, digits = 1) => (x === null ? '-' : x.toFixed(digits));

/** A floor's median / p90 over the case's real spikes, and how many had none in their span. */
function floorCell(floor: FloorFigures | null, which: 'significant' | 'withKeys'): string {
  if (floor === null) return '-';
  const median = which === 'significant' ? floor.significantMedian : floor.withKeysMedian;
  const p90 = which === 'significant' ? floor.significantP90 : floor.withKeysP90;
  const missing = which === 'significant' ? floor.significantMissing : floor.withKeysMissing;
  const cell = median === null ? '-' : `${median} / ${p90}`;
  return missing === 0 ? cell : `${cell} (${missing} of ${floor.runs} none)`;
}

/** The suite's figures as a Markdown table: two rows per case, the engine's and the threshold rule's. */
export function formatSuite(results: readonly CaseResult[], title: string): string {
  const header = [
    'family',
    'case',
    'rule',
    'runs',
    'detected',
    'real spikes',
    'delay (evals) median / p90',
    'false alerts / month',
    'false sources / day',
    'posts / incident',
    'new msg',
    'early resolves',
    're-fires',
    'silent min',
    'resolved while stuck',
    'floor (evals) median / p90',
    'floor with minFailures, for',
    'eval ms mean / max',
  ];
  const rows: string[][] = [];
  for (const r of results) {
    for (const [rule, f] of [
      ['engine', r.engine],
      ['threshold', r.threshold],
    ] as const) {
      rows.push([
        rule === 'engine' ? r.family : '',
        rule === 'engine' ? r.name : '',
        rule,
        String(f.runs),
        f.disturbed === 0 ? '-' : `${f.detected}/${f.disturbed} (${pct(f.detected / f.disturbed)})`,
        f.real === 0 ? '-' : `${f.realDetected}/${f.real} (${pct(f.realDetected / f.real)})`,
        f.delayMedian === null ? '-' : `${f.delayMedian} / ${f.delayP90}`,
        `${fixed(f.falsePerMonth, 2)} (${f.falseAlerts})`,
        fixed(f.falseSubjectsPerDay, 2),
        fixed(f.notificationsPerIncident),
        f.newMessageShare === null ? '-' : pct(f.newMessageShare),
        String(f.earlyResolves),
        String(f.refires),
        String(f.silentMinutes),
        String(f.stuckResolves),
        rule === 'engine' ? floorCell(r.floor, 'significant') : '',
        rule === 'engine' ? floorCell(r.floor, 'withKeys') : '',
        rule === 'engine' ? `${r.evalMsMean.toFixed(2)} / ${r.evalMsMax.toFixed(1)}` : '',
      ]);
    }
  }
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    `### ${title}`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
  ].join('\n');
}
