import { type CountStream, MINUTE_MS, type StreamEvent } from './stream-replay.js';

/**
 * The yardstick the evaluation suite compares the engine with: a plain threshold rule as a
 * Prometheus user would write it, `failed / terminal >= 0.2 over 15m, for: 2 evaluations`, one
 * alert per subject (a label set), resolved at the first evaluation that no longer breaches.
 * No minimum count, no baseline, no hysteresis. Fed the same streams and evaluation instants.
 */

export interface ThresholdRule {
  readonly rate: number;
  readonly windowMs: number;
  readonly for: number;
  /** `*`: every source of the stream added up; `per-source`: each on its own. */
  readonly scope: 'overall' | 'per-source';
}

export const PLAIN_THRESHOLD: Omit<ThresholdRule, 'scope'> = {
  rate: 0.2,
  windowMs: 15 * MINUTE_MS,
  for: 2,
};

export function replayThreshold(
  stream: CountStream,
  rule: ThresholdRule,
  options: { readonly intervalMs: number; readonly from: number; readonly to: number },
): StreamEvent[] {
  const subjects = rule.scope === 'overall' ? ['*'] : stream.sources;
  // Prefix sums per subject (overall: the stream's sources added up).
  const count = (arrays: readonly Int32Array[], s: number): Float64Array => {
    const out = new Float64Array(stream.minutes + 1);
    for (let m = 0; m < stream.minutes; m++) {
      let v = 0;
      if (rule.scope === 'overall') for (const a of arrays) v += a[m] as number;
      else v = arrays[s]?.[m] as number;
      out[m + 1] = (out[m] as number) + v;
    }
    return out;
  };
  const pf = subjects.map((_, s) => count(stream.failed, s));
  const pt = subjects.map((_, s) => count(stream.terminal, s));
  const breaches = new Array<number>(subjects.length).fill(0);
  const firing = new Array<boolean>(subjects.length).fill(false);
  const events: StreamEvent[] = [];
  const minuteOf = (t: number) =>
    Math.min(stream.minutes, Math.max(0, Math.floor((t - stream.start) / MINUTE_MS)));
  for (let now = options.from; now <= options.to; now += options.intervalMs) {
    const m = Math.floor((now - stream.start) / MINUTE_MS) - 1;
    if (stream.apiDown !== undefined && m >= 0 && stream.apiDown[m] === 1) continue;
    const a = minuteOf(now - rule.windowMs);
    const b = minuteOf(now);
    for (let s = 0; s < subjects.length; s++) {
      const failed = (pf[s]?.[b] ?? 0) - (pf[s]?.[a] ?? 0);
      const terminal = (pt[s]?.[b] ?? 0) - (pt[s]?.[a] ?? 0);
      const breach = terminal > 0 && failed / terminal >= rule.rate;
      const name = subjects[s] as string;
      if (breach) {
        breaches[s] = (breaches[s] ?? 0) + 1;
        if (!firing[s] && (breaches[s] ?? 0) >= rule.for) {
          firing[s] = true;
          events.push({ at: now, kind: 'fire', rule: 'threshold', sources: [name] });
        }
      } else {
        breaches[s] = 0;
        if (firing[s]) {
          firing[s] = false;
          events.push({ at: now, kind: 'resolve', rule: 'threshold', sources: [name] });
        }
      }
    }
  }
  return events;
}
