/**
 * Named disturbances of the steady traffic model, placed in time by an `anchor` instant (Unix
 * ms). Before the anchor every scenario is `steady`, so "before" and "after" can be compared;
 * each disturbance ends by itself, so recoveries can be seen too. Effects are pure functions of
 * time, so a scenario never makes the simulator stateful.
 */

import { isScenarioName, SCENARIO_NAMES, type ScenarioName } from '../../stats/scenario-names.js';
import { sourceIndex } from './sources.js';

// The names are the config's (it checks EXEC_STATS_SCENARIO without loading the simulator).
export { isScenarioName, SCENARIO_NAMES, type ScenarioName };

/** A slot whose executions are fixed rather than random: `count` executions, `failed` of them failed. */
export interface FixedSlot {
  readonly count: number;
  readonly failed: number;
}

export interface ScenarioEffects {
  /** Failure probability of an execution of `source` (index in SOURCES) starting at `t`. */
  failureRate(source: number, t: number, usual: number): number;
  /** The composition of a slot when the scenario dictates it; undefined for the usual random one. */
  fixedSlot(source: number, slotStart: number, slotMs: number): FixedSlot | undefined;
  /** Whether the stats API itself is unreachable at `t`. */
  apiDown(t: number): boolean;
}

export interface ScenarioDefinition {
  /** One line, for `--help` and scenario lists. */
  readonly description: string;
  /** The source system it disturbs, or null when it disturbs none. */
  readonly source: string | null;
  /** How long after the anchor the disturbance lasts (0 for steady). */
  readonly durationMs: number;
  /**
   * When no anchor is given to a one-off query, it is placed this long before `now`, so that the
   * answer already shows the disturbance.
   */
  readonly defaultLeadMs: number;
  effects(anchor: number): ScenarioEffects;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * Tuesday 24 November 2026, 10:00 UTC: a weekday at billing's daily peak. The demo and the tests
 * play their disturbances with this instant's traffic (`trafficAt`), so what they show does not
 * depend on the hour or the weekday they run at.
 */
export const WEEKDAY_BUSY_HOUR = Date.UTC(2026, 10, 24, 10, 0);

const STEADY_EFFECTS: ScenarioEffects = {
  failureRate: (_source, _t, usual) => usual,
  fixedSlot: () => undefined,
  apiDown: () => false,
};

/** Effects that change one source's failure rate while `rate(elapsed)` returns a number. */
function failureRateOf(
  sourceName: string,
  anchor: number,
  durationMs: number,
  rate: (elapsedMs: number, usual: number) => number,
): ScenarioEffects {
  const target = sourceIndex(sourceName);
  return {
    ...STEADY_EFFECTS,
    failureRate: (source, t, usual) => {
      const elapsed = t - anchor;
      if (source !== target || elapsed < 0 || elapsed >= durationMs) return usual;
      return rate(elapsed, usual);
    },
  };
}

const SPIKE = { source: 'billing', durationMs: 30 * MINUTE, rate: 0.45 };
const DEGRADATION = { source: 'inventory', durationMs: 3 * HOUR, peakRate: 0.35 };
const NOISE = { source: 'ledger-export', count: 3, failed: 2 };
const FLAPPING = { source: 'payments-eu', durationMs: 2 * HOUR, periodMs: 10 * MINUTE };
const OUTAGE = { durationMs: 20 * MINUTE };

export const SCENARIOS: Readonly<Record<ScenarioName, ScenarioDefinition>> = {
  steady: {
    description: 'normal traffic: every source at its usual 1–4% failure rate',
    source: null,
    durationMs: 0,
    defaultLeadMs: 0,
    effects: () => STEADY_EFFECTS,
  },
  spike: {
    description: `${SPIKE.source} jumps to ~${SPIKE.rate * 100}% failures for 30 min, then recovers`,
    source: SPIKE.source,
    durationMs: SPIKE.durationMs,
    defaultLeadMs: 10 * MINUTE,
    effects: (anchor) => failureRateOf(SPIKE.source, anchor, SPIKE.durationMs, () => SPIKE.rate),
  },
  degradation: {
    description: `${DEGRADATION.source} failures climb slowly to ~${DEGRADATION.peakRate * 100}% over 3 h, then a fix brings them back`,
    source: DEGRADATION.source,
    durationMs: DEGRADATION.durationMs,
    defaultLeadMs: 2 * HOUR,
    effects: (anchor) =>
      failureRateOf(DEGRADATION.source, anchor, DEGRADATION.durationMs, (elapsed, usual) => {
        const progress = elapsed / DEGRADATION.durationMs;
        return usual + (DEGRADATION.peakRate - usual) * progress;
      }),
  },
  noise: {
    description: `low-volume ${NOISE.source} fails ${NOISE.failed} of ${NOISE.count} runs in a few minutes: a high rate on tiny numbers`,
    source: NOISE.source,
    // The burst's slot starts within 5 minutes of the anchor and lasts 5 minutes.
    durationMs: 10 * MINUTE,
    defaultLeadMs: 10 * MINUTE,
    effects: (anchor) => {
      const target = sourceIndex(NOISE.source);
      return {
        ...STEADY_EFFECTS,
        // The first slot that starts at or after the anchor, so every run of the burst is after it.
        fixedSlot: (source, slotStart, slotMs) =>
          source === target && slotStart >= anchor && slotStart - anchor < slotMs
            ? { count: NOISE.count, failed: NOISE.failed }
            : undefined,
      };
    },
  },
  flapping: {
    description: `${FLAPPING.source} failures flip between ~30% and ~10% every 5 min for 2 h (around 20%)`,
    source: FLAPPING.source,
    durationMs: FLAPPING.durationMs,
    defaultLeadMs: 30 * MINUTE,
    // A square wave rather than a smooth one: each 5-minute half sits clearly on one side of a
    // 20% threshold, which is what tests an alert's `for` and `recoverRate` hysteresis.
    effects: (anchor) =>
      failureRateOf(FLAPPING.source, anchor, FLAPPING.durationMs, (elapsed) =>
        elapsed % FLAPPING.periodMs < FLAPPING.periodMs / 2 ? 0.3 : 0.1,
      ),
  },
  outage: {
    description:
      'the stats API itself is unreachable for 20 min (network error / 503), then recovers',
    source: null,
    durationMs: OUTAGE.durationMs,
    defaultLeadMs: 5 * MINUTE,
    effects: (anchor) => ({
      ...STEADY_EFFECTS,
      apiDown: (t) => t >= anchor && t < anchor + OUTAGE.durationMs,
    }),
  },
};

/** "spike: billing jumps to …", one line per scenario, for a CLI to list. */
export function describeScenario(name: ScenarioName): string {
  return `${name}: ${SCENARIOS[name].description}`;
}

/**
 * The definition of a scenario named at run time (config, CLI). An unknown name is a setup
 * mistake, reported with the valid names rather than as a crash deep inside a query.
 */
export function scenarioDefinition(name: string | undefined): ScenarioDefinition {
  const chosen = name ?? 'steady';
  if (!isScenarioName(chosen)) {
    throw new Error(
      `Unknown simulator scenario "${chosen}"; use one of: ${SCENARIO_NAMES.join(', ')}`,
    );
  }
  return SCENARIOS[chosen];
}
