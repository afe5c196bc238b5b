/**
 * The traffic model: which executions exist, when they started, how they end and how long they
 * take. Everything is a pure function of (seed, source, slot, index) through the stateless hash
 * in random.ts, so any stretch of time can be computed alone and always gives the same answer.
 *
 * Time is cut into 5-minute slots per source. A slot's execution count is drawn once (Poisson
 * around a diurnal, weekday-aware mean); each execution then gets an exact start inside the slot,
 * so windows with arbitrary millisecond bounds still count exactly. Five minutes rather than one
 * keeps a 90-day query at ~26 000 slots per source (one count draw each) while the volume curve
 * stays smooth; the per-execution work is the same either way, and is kept to four hash steps and
 * a table lookup (no log/exp) because a 90-day query visits about a million executions.
 */

import type { KnownStatus } from '../../stats/types.js';
import { approxNormal, hexId, mix, pickWeighted, poisson, seedState, toUnit } from './random.js';
import type { FixedSlot, ScenarioEffects } from './scenarios.js';
import { SOURCES, type SourceProfile } from './sources.js';

export const SLOT_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Independent hash streams of one execution: the last key of a draw says what it is for. */
const STREAM = {
  start: 1,
  outcome: 2,
  reason: 3,
  duration: 4,
  phase: 5,
  executionId: 6,
  runId: 7,
  workflow: 8,
} as const;
// A slot's count is drawn with this key; executions use their index (>= 0), so they never meet.
const COUNT_KEY = -1;

const REASON_WEIGHTS = SOURCES.map((s) => s.reasons.map((r) => r.weight));

/** Log-normal duration multipliers per source at 1024 quantiles, indexed by 10 hash bits. */
const DURATION_QUANTILES = 1024;
const DURATION_FACTORS = SOURCES.map((s) =>
  Float64Array.from({ length: DURATION_QUANTILES }, (_, k) =>
    Math.exp(s.durationSpread * approxNormal((k + 0.5) / DURATION_QUANTILES)),
  ),
);

export type Outcome = 'succeeded' | 'failed' | 'cancelled';

export interface TrafficModel {
  readonly state: number;
  readonly effects: ScenarioEffects;
  /** Added to an instant before reading the daily and weekly volume curve (see volumeShiftMs). */
  readonly volumeShiftMs: number;
}

/** One execution as the model decides it; finished at `start + durationMs`. */
export interface ExecutionSample {
  start: number;
  outcome: Outcome;
  /** From start to the terminal status. */
  durationMs: number;
  /** Index into the source's reasons when failed, else -1. */
  reason: number;
}

/**
 * `volumeShiftMs` moves the volume curve only (counts per slot), not the draws or the clock, so
 * a scenario played at 03:00 on a Sunday can have a Tuesday morning's traffic (see `trafficAt` in
 * respond.ts); 0 keeps the real hour and weekday.
 */
export function createTrafficModel(
  seed: number,
  effects: ScenarioEffects,
  volumeShiftMs = 0,
): TrafficModel {
  return { state: seedState(seed), effects, volumeShiftMs };
}

export function profileOf(source: number): SourceProfile {
  const profile = SOURCES[source];
  if (!profile) throw new RangeError(`No simulated source at index ${source}`);
  return profile;
}

/** Mean executions in a slot: peak rate x daily wave (UTC) x weekend share. */
export function expectedPerSlot(profile: SourceProfile, slotStart: number): number {
  const mid = slotStart + SLOT_MS / 2;
  const hour = mod(mid, DAY_MS) / HOUR_MS;
  const wave = 0.5 + 0.5 * Math.cos((2 * Math.PI * (hour - profile.peakHourUtc)) / 24);
  const daily = profile.troughShare + (1 - profile.troughShare) * wave;
  // 1970-01-01 was a Thursday (day 4, with Sunday 0).
  const weekday = mod(Math.floor(mid / DAY_MS) + 4, 7);
  const week = weekday === 0 || weekday === 6 ? profile.weekendShare : 1;
  return profile.peakPerMinute * (SLOT_MS / 60_000) * daily * week;
}

/** One source's slot: what every execution in it shares, drawn once per slot. */
export interface SlotDraw {
  readonly source: number;
  readonly profile: SourceProfile;
  readonly slot: number;
  readonly slotStart: number;
  /** Hash of (seed, source, slot), the prefix of every draw in the slot. */
  readonly key: number;
  readonly count: number;
  /** Set when the scenario dictates the slot's composition. */
  readonly fixed: FixedSlot | undefined;
}

export function drawSlot(model: TrafficModel, source: number, slot: number): SlotDraw {
  const profile = profileOf(source);
  const slotStart = slot * SLOT_MS;
  const key = mix(mix(model.state, source), slot);
  const fixed = model.effects.fixedSlot(source, slotStart, SLOT_MS);
  const count = fixed
    ? fixed.count
    : poisson(
        expectedPerSlot(profile, slotStart + model.volumeShiftMs),
        toUnit(mix(key, COUNT_KEY)),
      );
  return { source, profile, slot, slotStart, key, count, fixed };
}

/** Fills `out` with execution `index` of the slot (reused to keep the hot loop allocation-free). */
export function sampleExecution(
  model: TrafficModel,
  draw: SlotDraw,
  index: number,
  out: ExecutionSample,
): void {
  const { source, profile, fixed } = draw;
  const key = mix(draw.key, index);
  const start = draw.slotStart + ((mix(key, STREAM.start) >>> 0) % SLOT_MS);

  let outcome: Outcome = 'succeeded';
  if (fixed) {
    if (index < fixed.failed) outcome = 'failed';
  } else {
    const u = toUnit(mix(key, STREAM.outcome));
    const failureRate = model.effects.failureRate(source, start, profile.failureRate);
    if (u < failureRate) outcome = 'failed';
    else if (u < failureRate + profile.cancelRate) outcome = 'cancelled';
  }

  const durationHash = mix(key, STREAM.duration);
  const factor = DURATION_FACTORS[source]?.[durationHash & (DURATION_QUANTILES - 1)] ?? 1;
  let duration = Math.min(Math.max(profile.medianDurationMs * factor, 200), profile.maxDurationMs);
  let reason = -1;
  if (outcome === 'failed') {
    reason = pickWeighted(REASON_WEIGHTS[source] ?? [], toUnit(mix(key, STREAM.reason)));
    const chosen = profile.reasons[reason];
    // Timeouts end when the wait runs out (give or take a second); rejections come quickly.
    if (chosen?.timeoutMs !== undefined)
      duration = chosen.timeoutMs + ((durationHash >>> 10) % 1_000);
    else if (chosen?.early) duration = Math.max(100, duration * 0.08);
  } else if (outcome === 'cancelled') {
    duration *= 0.5;
  }

  out.start = start;
  out.outcome = outcome;
  out.durationMs = Math.round(duration);
  out.reason = reason;
}

/** The status at `now` of an execution that started before `now` and has not finished yet. */
export function inProgressStatus(
  draw: SlotDraw,
  index: number,
  sample: ExecutionSample,
  now: number,
): KnownStatus {
  const progress = (now - sample.start) / sample.durationMs;
  if (draw.profile.takesPayment) {
    if (progress < 0.25) return 'awaiting_payment';
    if (progress < 0.35) return 'payment_confirmed';
  } else if (progress < 0.1) {
    return 'workflow_queued';
  }
  const waits = toUnit(mix(mix(draw.key, index), STREAM.phase)) < 0.25;
  return waits ? 'workflow_waiting' : 'workflow_running';
}

export interface ExecutionIds {
  readonly executionId: string;
  readonly runId: string;
  readonly workflowId: string;
}

export function executionIds(
  model: TrafficModel,
  source: number,
  slot: number,
  index: number,
): ExecutionIds {
  const { workflows } = profileOf(source);
  const key = mix(mix(mix(model.state, source), slot), index);
  const pick = Math.floor(toUnit(mix(key, STREAM.workflow)) * workflows.length);
  return {
    executionId: `exe_${hexId(mix(key, STREAM.executionId))}`,
    runId: `run_${hexId(mix(key, STREAM.runId))}`,
    workflowId: workflows[pick] ?? workflows[0] ?? 'unknown-workflow',
  };
}

function mod(value: number, divisor: number): number {
  return ((value % divisor) + divisor) % divisor;
}
