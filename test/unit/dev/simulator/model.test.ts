import { describe, expect, it } from 'vitest';
import {
  createTrafficModel,
  drawSlot,
  type ExecutionSample,
  executionIds,
  expectedPerSlot,
  SLOT_MS,
  sampleExecution,
} from '../../../../src/dev/simulator/model.js';
import { SCENARIOS } from '../../../../src/dev/simulator/scenarios.js';
import { SOURCES, sourceIndex } from '../../../../src/dev/simulator/sources.js';
import { ANCHOR, DAY, HOUR } from './sim-helpers.js';

const steady = createTrafficModel(11, SCENARIOS.steady.effects(0));
const TUESDAY = Date.parse('2026-11-10T00:00:00Z');
const SATURDAY = Date.parse('2026-11-14T00:00:00Z');

/** Every execution of one source over a stretch of time. */
function executions(source: number, from: number, to: number, model = steady): ExecutionSample[] {
  const out: ExecutionSample[] = [];
  for (let slot = Math.floor(from / SLOT_MS); slot < Math.floor(to / SLOT_MS); slot += 1) {
    const draw = drawSlot(model, source, slot);
    for (let i = 0; i < draw.count; i += 1) {
      const sample: ExecutionSample = { start: 0, outcome: 'succeeded', durationMs: 0, reason: -1 };
      sampleExecution(model, draw, i, sample);
      out.push(sample);
    }
  }
  return out;
}

describe('source catalogue', () => {
  it('has 6–8 uniquely named sources with 1–4% failures, ~0.5% cancellations and reasons', () => {
    expect(SOURCES.length).toBeGreaterThanOrEqual(6);
    expect(SOURCES.length).toBeLessThanOrEqual(8);
    expect(new Set(SOURCES.map((s) => s.name)).size).toBe(SOURCES.length);
    for (const s of SOURCES) {
      expect(s.failureRate, s.name).toBeGreaterThanOrEqual(0.01);
      expect(s.failureRate, s.name).toBeLessThanOrEqual(0.04);
      expect(s.cancelRate, s.name).toBeLessThanOrEqual(0.01);
      expect(s.reasons.length, s.name).toBeGreaterThan(0);
      expect(s.workflows.length, s.name).toBeGreaterThan(0);
    }
  });

  it('finds a source by name and refuses an unknown one', () => {
    expect(SOURCES[sourceIndex('billing')]?.name).toBe('billing');
    expect(() => sourceIndex('nope')).toThrow(/nope/);
  });
});

describe('traffic model', () => {
  it.each(SOURCES.map((s) => [s.name, s] as const))(
    '%s is busier at its peak hour and on weekdays',
    (_n, s) => {
      const peak = TUESDAY + s.peakHourUtc * HOUR - SLOT_MS / 2;
      const trough = peak + 12 * HOUR;
      expect(expectedPerSlot(s, peak)).toBeGreaterThan(expectedPerSlot(s, trough));
      expect(expectedPerSlot(s, peak + 4 * DAY)).toBeLessThan(expectedPerSlot(s, peak));
      expect(expectedPerSlot(s, SATURDAY + (peak - TUESDAY))).toBeCloseTo(
        expectedPerSlot(s, peak) * s.weekendShare,
      );
    },
  );

  it('places every execution inside its slot, identically on every call', () => {
    const a = executions(0, ANCHOR, ANCHOR + HOUR);
    expect(executions(0, ANCHOR, ANCHOR + HOUR)).toEqual(a);
    for (const e of a) {
      expect(e.start).toBeGreaterThanOrEqual(ANCHOR);
      expect(e.start).toBeLessThan(ANCHOR + HOUR);
    }
  });

  it.each(SOURCES.map((s, i) => [s.name, i] as const))(
    '%s: durations within bounds, failures with a reason, timeouts lasting the timeout',
    (_n, source) => {
      const profile = SOURCES[source];
      if (!profile) throw new Error('no profile');
      const day = executions(source, TUESDAY, TUESDAY + DAY);
      expect(day.length).toBeGreaterThan(0);
      for (const e of day) {
        expect(e.durationMs).toBeGreaterThan(0);
        if (e.outcome !== 'failed') {
          expect(e.reason).toBe(-1);
          expect(e.durationMs).toBeLessThanOrEqual(profile.maxDurationMs);
          continue;
        }
        const reason = profile.reasons[e.reason];
        expect(reason).toBeDefined();
        if (reason?.timeoutMs !== undefined) {
          expect(e.durationMs).toBeGreaterThanOrEqual(reason.timeoutMs);
          expect(e.durationMs).toBeLessThan(reason.timeoutMs + 1_000);
        }
      }
    },
  );

  it('gives sources different durations: reports take minutes, stock reservations seconds', () => {
    const mean = (xs: ExecutionSample[]) => xs.reduce((a, e) => a + e.durationMs, 0) / xs.length;
    const reporting = mean(executions(sourceIndex('reporting'), TUESDAY, TUESDAY + DAY));
    const inventory = mean(executions(sourceIndex('inventory'), TUESDAY, TUESDAY + DAY));
    expect(reporting).toBeGreaterThan(60_000);
    expect(inventory).toBeLessThan(10_000);
  });

  it('derives distinct, stable IDs for every execution', () => {
    const ids = new Set<string>();
    let count = 0;
    for (
      let slot = Math.floor(TUESDAY / SLOT_MS);
      slot < Math.floor((TUESDAY + DAY) / SLOT_MS);
      slot += 1
    ) {
      const draw = drawSlot(steady, 0, slot);
      for (let i = 0; i < draw.count; i += 1) {
        const ids1 = executionIds(steady, 0, slot, i);
        expect(executionIds(steady, 0, slot, i)).toEqual(ids1);
        expect(SOURCES[0]?.workflows).toContain(ids1.workflowId);
        ids.add(ids1.executionId);
        count += 1;
      }
    }
    expect(ids.size).toBe(count);
  });

  it('lets a scenario fix a slot: the noise burst is 3 runs, 2 failed, all after the anchor', () => {
    const noise = createTrafficModel(11, SCENARIOS.noise.effects(ANCHOR + 1_000));
    const source = sourceIndex('ledger-export');
    const slot = Math.floor(ANCHOR / SLOT_MS) + 1;
    const draw = drawSlot(noise, source, slot);
    expect(draw.count).toBe(3);
    const runs = executions(source, slot * SLOT_MS, (slot + 1) * SLOT_MS, noise);
    expect(runs.map((r) => r.outcome).sort()).toEqual(['failed', 'failed', 'succeeded']);
    for (const r of runs) expect(r.start).toBeGreaterThanOrEqual(ANCHOR + 1_000);
  });
});
