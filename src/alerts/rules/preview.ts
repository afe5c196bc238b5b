import type { AlertRuleConfig } from '../../config/config.js';
import type { RuleState } from '../../messages/alert-view.js';
import type { SourceSystemStats, Stats, StatsSource } from '../../stats/types.js';
import { evaluateRule } from '../engine.js';
import { EMPTY_RULE_STATE } from '../types.js';
import { baselineQuery } from '../window-fetcher.js';
import { HOUR_MS, type HourCounts, loadHourlyHistory } from './preview-history.js';

/**
 * "Over the last 7 days this rule would have fired N times": the rule as typed, run by the bot's
 * own engine (engine.ts) over the stats API's hourly history, from a fresh state. Hourly buckets
 * are the resolution: the rule is evaluated once an hour on a window of whole hours (its window
 * rounded up to an hour), so `for: 2` means two hours in a row here, not two cycles, and a spike
 * shorter than an hour is diluted by the rest of its hour. A rule with a baseline is compared, at
 * each hour, with the hours of its baseline window right before its window, as the engine is in
 * production (window-fetcher.ts's baselineQuery): the history read reaches back that much further
 * before the first evaluation. Reads the API only; it stores nothing and posts nothing.
 */

export const PREVIEW_DAYS = 7;
/**
 * The longest baseline the preview replays. The stats API states no limit on an hourly query's
 * span, but a 90-day baseline would make one answer of ~2,300 hourly buckets (and, for a rule
 * that looks at source systems, 2,300 queries): past 7 days the preview compares with the 7 days
 * before each window, and says so.
 */
export const MAX_PREVIEW_BASELINE_MS = 7 * 24 * HOUR_MS;

export interface PreviewFiring {
  /** The end of the hour whose evaluation fired. */
  readonly at: number;
  /** The subjects that fired (source systems, or `*` for the whole window). */
  readonly subjects: readonly string[];
  /** True when it fired again soon after recovering (the same incident reopened). */
  readonly reopened: boolean;
}

export interface PreviewResult {
  readonly from: number;
  readonly to: number;
  readonly firings: readonly PreviewFiring[];
  /** Hours it was firing in (from firing to recovered, counted per evaluation). */
  readonly hoursFiring: number;
  /** The window it was evaluated on, whole hours (ms). */
  readonly windowMs: number;
  readonly evaluations: number;
  /** The baseline window it compared with, whole hours (ms); null: the rule has none. */
  readonly baselineMs: number | null;
  /** True when the rule's baseline window is longer than MAX_PREVIEW_BASELINE_MS (then used). */
  readonly baselineCapped: boolean;
  /** Stats API calls the preview made. */
  readonly calls: number;
}

/** Runs the preview: `now` is the clock's; the last 7 whole hours' days before it are replayed. */
export async function previewRule(
  stats: StatsSource,
  rule: AlertRuleConfig,
  now: number,
): Promise<PreviewResult> {
  const to = Math.floor(now / HOUR_MS) * HOUR_MS;
  const from = to - PREVIEW_DAYS * 24 * HOUR_MS;
  const windowHours = Math.max(1, Math.ceil(rule.windowMs / HOUR_MS));
  const baselineHours = baselineHoursOf(rule);
  const first = from - (windowHours + baselineHours) * HOUR_MS;
  const history = await loadHourlyHistory(stats, rule, first, to);
  return { ...replayHours(rule, history.hours, from, to), calls: history.calls };
}

/** The baseline window replayed, in whole hours (0 without a baseline), at most the cap. */
function baselineHoursOf(rule: AlertRuleConfig): number {
  if (rule.baseline === null) return 0;
  return Math.ceil(Math.min(rule.baseline.windowMs, MAX_PREVIEW_BASELINE_MS) / HOUR_MS);
}

/**
 * The engine over an hourly history: at each whole hour in (from, to], the rule's window is the
 * hours before it. Pure.
 */
export function replayHours(
  rule: AlertRuleConfig,
  hours: readonly HourCounts[],
  from: number,
  to: number,
): Omit<PreviewResult, 'calls'> {
  const windowHours = Math.max(1, Math.ceil(rule.windowMs / HOUR_MS));
  const baselineMs = baselineHoursOf(rule) * HOUR_MS;
  // The engine's window bookkeeping (evidence over past windows, recovery after two windows)
  // then matches the window it is given.
  const hourly: AlertRuleConfig = {
    ...rule,
    windowMs: windowHours * HOUR_MS,
    baseline: rule.baseline === null ? null : { ...rule.baseline, windowMs: baselineMs },
  };
  const byStart = new Map(hours.map((h) => [h.start, h]));
  const hoursIn = (start: number, end: number) => {
    const found: HourCounts[] = [];
    for (let t = start; t < end; t += HOUR_MS) {
      const hour = byStart.get(t);
      if (hour !== undefined) found.push(hour);
    }
    return found;
  };
  let state: RuleState = EMPTY_RULE_STATE;
  const firings: PreviewFiring[] = [];
  let hoursFiring = 0;
  let evaluations = 0;
  for (let now = from + HOUR_MS; now <= to; now += HOUR_MS) {
    const window = hoursIn(now - hourly.windowMs, now);
    // The production baseline: the baseline window right before the evaluated one.
    const before =
      hourly.baseline === null ? null : baselineQuery(hourly.windowMs, baselineMs, now);
    const result = evaluateRule({
      rule: hourly,
      window: statsOf(window),
      baseline: before === null ? null : statsOf(hoursIn(before.from, before.to)),
      previous: state,
      now,
    });
    evaluations += 1;
    state = result.state;
    if (state.incident !== null) hoursFiring += 1;
    for (const n of result.notifications) {
      if (n.kind === 'open') {
        const subjects = n.view.subjects.filter((s) => s.firing).map((s) => s.subject);
        firings.push({ at: now, subjects, reopened: false });
      } else if (n.kind === 'reopened') {
        firings.push({ at: now, subjects: [...n.subjects], reopened: true });
      }
    }
  }
  return {
    from,
    to,
    firings,
    hoursFiring,
    windowMs: hourly.windowMs,
    evaluations,
    baselineMs: rule.baseline === null ? null : baselineMs,
    baselineCapped: rule.baseline !== null && rule.baseline.windowMs > MAX_PREVIEW_BASELINE_MS,
  };
}

/** The Stats of some hours added up: what observe() reads (summary and sourceSystems). */
function statsOf(hours: readonly HourCounts[]): Stats {
  let succeeded = 0;
  let failed = 0;
  let cancelled = 0;
  const sources = new Map<string, SourceSystemStats>();
  for (const h of hours) {
    succeeded += h.succeeded;
    failed += h.failed;
    cancelled += h.cancelled;
    for (const s of h.sources ?? []) {
      const sum = sources.get(s.sourceSystem);
      sources.set(
        s.sourceSystem,
        sum === undefined
          ? s
          : {
              sourceSystem: s.sourceSystem,
              total: sum.total + s.total,
              succeeded: sum.succeeded + s.succeeded,
              failed: sum.failed + s.failed,
              cancelled: sum.cancelled + s.cancelled,
            },
      );
    }
  }
  const terminal = succeeded + failed + cancelled;
  return {
    requestId: null,
    granularity: 'hourly',
    summary: {
      total: terminal,
      succeeded,
      failed,
      cancelled,
      inProgress: 0,
      terminal,
      averageDurationMs: null,
    },
    statuses: [],
    sourceSystems: [...sources.values()],
    timeSeries: [],
    recentFailures: [],
  };
}
