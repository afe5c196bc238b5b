import { evaluateRule } from '../../alerts/engine.js';
import { type AlertNotification, EMPTY_RULE_STATE } from '../../alerts/types.js';
import { HOUR_MS, settledHours } from '../../alerts/window-fetcher.js';
import type { AlertRuleConfig } from '../../config/config.js';
import { OVERALL, type RuleState } from '../../messages/alert-view.js';
import type { FailedExecution, SourceSystemStats, Stats } from '../../stats/types.js';

/**
 * Alert rules over a stream of per-minute counts: the engine (src/alerts/engine.ts) evaluated
 * every `interval`, exactly as a cycle would call it, but with the window and baseline stats
 * summed from the stream instead of asked of an API. What `replay --stream FILE` and the
 * evaluation suite (`replay --eval`) run. Pure and synchronous: no clock, no store, no Slack.
 */

export const MINUTE_MS = 60_000;

/** Executions of each source that finished in each minute: `failed[s][m]`, `terminal[s][m]`. */
export interface CountStream {
  /** Unix ms of minute 0; a whole minute. */
  readonly start: number;
  readonly minutes: number;
  readonly sources: readonly string[];
  readonly failed: readonly Int32Array[];
  /** succeeded + failed + cancelled. */
  readonly terminal: readonly Int32Array[];
  /** Minutes in which the stats API could not be read (evaluations then change nothing). */
  readonly apiDown?: Uint8Array;
  /** Failure reasons per source and minute, when the stream has them (replay --stream). */
  readonly reasons?: ReadonlyMap<
    string,
    readonly { minute: number; reason: string; count: number }[]
  >;
}

/** A notification as the replay reports it: what `--json` prints and what the suite scores. */
export interface StreamEvent {
  readonly at: number;
  readonly kind: 'fire' | 'update' | 'reminder' | 'resolve' | 'reopen' | 'join' | 'notice';
  readonly rule: string;
  /** The subjects it names: source systems, or `*` for an overall rule's whole window. */
  readonly sources: readonly string[];
}

export interface StreamReplayOptions {
  readonly rules: readonly AlertRuleConfig[];
  readonly intervalMs: number;
  /** First and last evaluation instants (inclusive); default: the stream's first full window to its end. */
  readonly from?: number;
  readonly to?: number;
  /** Called with every notification the engine asks for (e.g. to render it). */
  readonly onNotification?: (rule: AlertRuleConfig, n: AlertNotification, at: number) => void;
  /** Called with each rule's state after each evaluation (to follow what it learns). */
  readonly onState?: (rule: AlertRuleConfig, state: RuleState, at: number) => void;
  /**
   * Give the engine the stats of the last settled whole hours, as the bot's fetcher does (only
   * those wholly inside the stream); default true. False: the engine as without them.
   */
  readonly hours?: boolean;
}

export interface StreamReplayResult {
  readonly events: StreamEvent[];
  readonly evaluations: number;
  /** Engine time of each evaluation cycle (all rules), ms. */
  readonly cycleMs: number[];
}

/** Prefix sums of one count array: sum of minutes [a, b) is p[b] - p[a]. */
function prefix(values: Int32Array): Float64Array {
  const out = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) out[i + 1] = (out[i] as number) + (values[i] as number);
  return out;
}

export function replayStream(
  stream: CountStream,
  options: StreamReplayOptions,
): StreamReplayResult {
  const pf = stream.failed.map(prefix);
  const pt = stream.terminal.map(prefix);
  const minuteOf = (t: number) =>
    Math.min(stream.minutes, Math.max(0, Math.floor((t - stream.start) / MINUTE_MS)));
  const statsOf = (from: number, to: number): Stats => {
    const a = minuteOf(from);
    const b = minuteOf(to);
    const sourceSystems: SourceSystemStats[] = [];
    let failed = 0;
    let terminal = 0;
    for (let s = 0; s < stream.sources.length; s++) {
      const f = (pf[s]?.[b] ?? 0) - (pf[s]?.[a] ?? 0);
      const n = (pt[s]?.[b] ?? 0) - (pt[s]?.[a] ?? 0);
      if (n === 0) continue;
      failed += f;
      terminal += n;
      sourceSystems.push({
        sourceSystem: stream.sources[s] as string,
        total: n,
        succeeded: n - f,
        failed: f,
        cancelled: 0,
      });
    }
    return {
      requestId: null,
      granularity: 'hourly',
      summary: {
        total: terminal,
        succeeded: terminal - failed,
        failed,
        cancelled: 0,
        inProgress: 0,
        terminal,
        averageDurationMs: null,
      },
      statuses: [],
      sourceSystems,
      timeSeries: [],
      recentFailures: failuresIn(stream, a, b),
    };
  };

  const windowMs = Math.max(...options.rules.map((r) => r.windowMs));
  const from = options.from ?? stream.start + windowMs;
  const to = options.to ?? stream.start + stream.minutes * MINUTE_MS;
  const states = new Map<string, RuleState>();
  const events: StreamEvent[] = [];
  const cycleMs: number[] = [];
  let evaluations = 0;
  // The same array while the settled hours are the same, as the fetcher hands it out.
  let hours: { first: number; stats: Stats[] } | null = null;
  const hoursAt = (now: number): Stats[] | null => {
    if (options.hours === false) return null;
    const all = settledHours(now);
    const first = all[0] as number;
    if (hours?.first !== first) {
      const starts = all.filter((h) => h >= stream.start);
      hours = { first, stats: starts.map((h) => statsOf(h, h + HOUR_MS)) };
    }
    return hours.stats.length === 0 ? null : hours.stats;
  };
  for (let now = from; now <= to; now += options.intervalMs) {
    const m = Math.floor((now - stream.start) / MINUTE_MS) - 1;
    // The API could not be read: as in cycle.ts, no rule is evaluated and no state changes.
    if (stream.apiDown !== undefined && m >= 0 && stream.apiDown[m] === 1) continue;
    const hourStats = options.rules.some((r) => r.baseline !== null) ? hoursAt(now) : null;
    const inputs = options.rules.map((rule) => ({
      rule,
      window: statsOf(now - rule.windowMs, now),
      baseline:
        rule.baseline === null
          ? null
          : statsOf(now - rule.windowMs - rule.baseline.windowMs, now - rule.windowMs),
    }));
    const started = performance.now();
    const results = inputs.map(({ rule, window, baseline }) =>
      evaluateRule({
        rule,
        window,
        baseline,
        previous: states.get(rule.name) ?? EMPTY_RULE_STATE,
        now,
        hours: hourStats,
      }),
    );
    cycleMs.push(performance.now() - started);
    evaluations += 1;
    results.forEach((result, i) => {
      const rule = options.rules[i] as AlertRuleConfig;
      states.set(rule.name, result.state);
      options.onState?.(rule, result.state, now);
      for (const n of result.notifications) {
        options.onNotification?.(rule, n, now);
        events.push(eventOf(rule, n, now));
      }
    });
  }
  return { events, evaluations, cycleMs };
}

function failuresIn(stream: CountStream, a: number, b: number): FailedExecution[] {
  if (stream.reasons === undefined) return [];
  const out: FailedExecution[] = [];
  for (const [source, list] of stream.reasons) {
    for (const { minute, reason, count } of list) {
      if (minute < a || minute >= b) continue;
      const at = stream.start + minute * MINUTE_MS;
      for (let i = 0; i < count && out.length < 1_000; i++) {
        out.push({
          executionId: `${source}-${minute}-${reason.length}-${i}`,
          runId: null,
          workflowId: null,
          sourceSystem: source,
          status: 'workflow_failed',
          statusReason: reason,
          createdAt: null,
          finishedAt: { raw: new Date(at).toISOString(), ms: at },
        });
      }
    }
  }
  return out.sort((x, y) => (y.finishedAt?.ms ?? 0) - (x.finishedAt?.ms ?? 0));
}

/** The subjects a notification names, and its kind as the replay reports it. */
export function eventOf(rule: AlertRuleConfig, n: AlertNotification, at: number): StreamEvent {
  const base = { at, rule: rule.name };
  switch (n.kind) {
    case 'open':
      return { ...base, kind: 'fire', sources: firingSubjects(n.view) };
    case 'update':
      return { ...base, kind: 'update', sources: firingSubjects(n.view) };
    case 'renotify':
      return { ...base, kind: 'reminder', sources: [...n.subjects] };
    case 'reopened':
      return { ...base, kind: 'reopen', sources: [...n.subjects] };
    case 'joined':
      return { ...base, kind: 'join', sources: [...n.subjects] };
    case 'resolved':
      return { ...base, kind: 'resolve', sources: n.view.subjects.map((s) => s.subject) };
    default:
      return { ...base, kind: 'notice', sources: [] };
  }
}

function firingSubjects(view: {
  readonly subjects: readonly { readonly subject: string; readonly firing: boolean }[];
}): string[] {
  return view.subjects.filter((s) => s.firing).map((s) => s.subject);
}

/** The name the replay prints for a subject: `*` is the whole window of an overall rule. */
export function subjectName(subject: string): string {
  return subject === OVERALL ? '*' : subject;
}
