import { describe, expect, it } from 'vitest';
import { delayFloor, floorFigures } from '../../../../src/dev/alerts/delay-floor.js';
import type { RunTruth } from '../../../../src/dev/alerts/eval-metrics.js';
import type { CountStream } from '../../../../src/dev/alerts/stream-replay.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 10, 2, 12);
/** Minute 120 of the stream is the onset. */
const ONSET = 120;

/**
 * One source, minute by minute:
 * - [0, 45): 9 of 10 fail: older than the baseline window, must not count;
 * - [45, 105): the baseline window of the evaluation at the onset (60 min ending a 15-min window
 *   before it): 598 executions, 5 failed, so p0 = (5 + 1) / (598 + 2) = 1%;
 * - [105, 120): 5 of 10 fail: the rule's window before the onset, in neither the baseline nor
 *   the disturbance's own count;
 * - [120, 150): the disturbance, 1 of 2 fail each minute; then calm.
 * Against p0 = 1%, the counts from the onset are significant at 1e-4 after 3 minutes: P(X ≥ 3 |
 * 6) ≈ 2e-5, while P(X ≥ 2 | 4) ≈ 6e-4. The 5th failure is in at minute 5, and `for: 2` asks one
 * more evaluation: 6.
 */
function stream(apiDown?: readonly number[]): CountStream {
  const minutes = 240;
  const failed = new Int32Array(minutes);
  const terminal = new Int32Array(minutes);
  for (let m = 0; m < minutes; m++) {
    if (m < 45) [failed[m], terminal[m]] = [9, 10];
    else if (m < 105) [failed[m], terminal[m]] = [m < 50 ? 1 : 0, m < 47 ? 9 : 10];
    else if (m < ONSET) [failed[m], terminal[m]] = [5, 10];
    else if (m < ONSET + 30) [failed[m], terminal[m]] = [1, 2];
    else [failed[m], terminal[m]] = [0, 10];
  }
  const down = new Uint8Array(minutes);
  for (const m of apiDown ?? []) down[m] = 1;
  return {
    start: T0,
    minutes,
    sources: ['billing'],
    failed: [failed],
    terminal: [terminal],
    ...(apiDown === undefined ? {} : { apiDown: down }),
  };
}

const at = (minute: number) => T0 + minute * MIN;
const truth: RunTruth = {
  subject: '*',
  onset: at(ONSET),
  end: at(ONSET + 30),
  graceMs: 15 * MIN,
  evalFrom: at(ONSET - 30),
  evalTo: at(ONSET + 120),
  intervalMs: MIN,
  real: true,
};
const rule = {
  windowMs: 15 * MIN,
  minFailures: 5,
  for: 2,
  baseline: { windowMs: 60 * MIN, factor: 3, significance: 1e-4 },
};

describe('delayFloor', () => {
  it('finds the first significant evaluation, then the one the keys allow', () => {
    expect(delayFloor(stream(), 0, truth, rule)).toEqual({ significant: 3, withKeys: 6 });
    expect(delayFloor(stream(), 0, truth, { ...rule, for: 1 })).toEqual({
      significant: 3,
      withKeys: 5,
    });
    // Fewer failures required than significance needs: the keys cost only `for`.
    expect(delayFloor(stream(), 0, truth, { ...rule, minFailures: 1, for: 1 })).toEqual({
      significant: 3,
      withKeys: 3,
    });
  });

  it('skips evaluations while the stats API is down, as the replay does', () => {
    // Minute 125 unreadable: the evaluation at 126 does not happen; `for` is met at 127.
    expect(delayFloor(stream([ONSET + 5]), 0, truth, rule)).toEqual({
      significant: 3,
      withKeys: 7,
    });
  });

  it('is null when nothing is significant within the span', () => {
    const strict = { ...rule, baseline: { ...rule.baseline, significance: 1e-300 } };
    expect(delayFloor(stream(), 0, truth, strict)).toEqual({ significant: null, withKeys: null });
    expect(delayFloor(stream(), 0, truth, { ...rule, baseline: null })).toEqual({
      significant: null,
      withKeys: null,
    });
  });
});

describe('floorFigures', () => {
  it('takes median and p90 over the runs that have a floor, and counts the others', () => {
    const floors = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3].map((d) => ({ significant: d, withKeys: d + 2 }));
    const figures = floorFigures([...floors, { significant: null, withKeys: null }]);
    expect(figures).toEqual({
      runs: 11,
      significantMedian: 3,
      significantP90: 6,
      significantMissing: 1,
      withKeysMedian: 5,
      withKeysP90: 8,
      withKeysMissing: 1,
    });
  });
});
