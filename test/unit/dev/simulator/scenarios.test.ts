import { describe, expect, it } from 'vitest';
import { isSimulatedOutage, simulateStatsResponse } from '../../../../src/dev/simulator/respond.js';
import {
  describeScenario,
  isScenarioName,
  SCENARIO_NAMES,
  SCENARIOS,
  type ScenarioName,
  WEEKDAY_BUSY_HOUR,
} from '../../../../src/dev/simulator/scenarios.js';
import { SOURCES } from '../../../../src/dev/simulator/sources.js';
import { ANCHOR, DAY, failureRate, HOUR, MINUTE, simulate, sourceCounts } from './sim-helpers.js';

// Late enough that every execution of the windows below has finished.
const NOW = ANCHOR + 5 * HOUR;
const SEEDS = [1, 2, 3];

function windowOf(scenario: ScenarioName, seed: number, from: number, to: number) {
  return simulate(from, to, { seed, scenario, anchor: ANCHOR, now: NOW });
}

describe('scenario catalogue', () => {
  it('lists every scenario once, each with a one-line description', () => {
    expect(Object.keys(SCENARIOS).sort()).toEqual([...SCENARIO_NAMES].sort());
    for (const name of SCENARIO_NAMES) {
      const line = describeScenario(name);
      expect(line.startsWith(`${name}: `)).toBe(true);
      expect(line).not.toContain('\n');
      expect(line.length).toBeLessThan(120);
    }
  });

  it.each([
    ['spike', true],
    ['steady', true],
    ['Spike', false],
    ['', false],
    ['constructor', false],
  ])('isScenarioName(%j) is %s', (value, expected) => {
    expect(isScenarioName(value)).toBe(expected);
  });

  it.each(SCENARIO_NAMES.map((n) => [n]))(
    '%s names a real source (or none) and builds its effects',
    (name) => {
      const { source } = SCENARIOS[name];
      if (source !== null) expect(SOURCES.map((s) => s.name)).toContain(source);
      expect(() => SCENARIOS[name].effects(ANCHOR)).not.toThrow();
    },
  );

  it.each(SCENARIO_NAMES.map((n) => [n]))('%s is steady before its anchor', (name) => {
    const before = windowOf(name, 1, ANCHOR - DAY, ANCHOR).data;
    const steady = windowOf('steady', 1, ANCHOR - DAY, ANCHOR).data;
    expect(before).toEqual(steady);
  });
});

describe.each(SEEDS)('scenario effects (seed %d)', (seed) => {
  const at = (scenario: ScenarioName, from: number, to: number) =>
    windowOf(scenario, seed, from, to);

  it('steady: every busy source fails 0.5–5% of the time over a day', () => {
    const day = at('steady', NOW - DAY, NOW);
    for (const s of day.data.sourceSystems.filter((x) => x.total >= 300)) {
      const rate = failureRate(day, s.sourceSystem);
      expect(rate, s.sourceSystem).toBeGreaterThan(0.004);
      expect(rate, s.sourceSystem).toBeLessThan(0.05);
    }
  });

  it('spike: billing fails ≥30% in the 15 minutes after the anchor, <10% before and after recovery', () => {
    const before = at('spike', ANCHOR - 15 * MINUTE, ANCHOR);
    const during = at('spike', ANCHOR, ANCHOR + 15 * MINUTE);
    const after = at('spike', ANCHOR + 45 * MINUTE, ANCHOR + HOUR);
    expect(failureRate(before, 'billing')).toBeLessThan(0.1);
    expect(failureRate(during, 'billing')).toBeGreaterThanOrEqual(0.3);
    expect(failureRate(after, 'billing')).toBeLessThan(0.1);
    // Only billing is hit.
    expect(during.data.sourceSystems.filter((s) => s.sourceSystem !== 'billing')).toEqual(
      at('steady', ANCHOR, ANCHOR + 15 * MINUTE).data.sourceSystems.filter(
        (s) => s.sourceSystem !== 'billing',
      ),
    );
  });

  it('degradation: inventory failures rise hour after hour, then fall back', () => {
    const hourly = [0, 1, 2].map((h) =>
      failureRate(at('degradation', ANCHOR + h * HOUR, ANCHOR + (h + 1) * HOUR), 'inventory'),
    );
    const [first = 0, second = 0, third = 0] = hourly;
    expect(first).toBeLessThan(second);
    expect(second).toBeLessThan(third);
    expect(third).toBeGreaterThan(0.15);
    expect(
      failureRate(at('degradation', ANCHOR + 3 * HOUR, ANCHOR + 4 * HOUR), 'inventory'),
    ).toBeLessThan(0.05);
  });

  it('noise: ledger-export fails 2 of its few runs right after the anchor', () => {
    const burst = sourceCounts(at('noise', ANCHOR, ANCHOR + 15 * MINUTE), 'ledger-export');
    expect(burst.failed).toBeGreaterThanOrEqual(2);
    expect(burst.failed).toBeLessThan(5);
    expect(burst.total).toBeGreaterThanOrEqual(3);
    expect(burst.total).toBeLessThan(8);
    const reasons = at('noise', ANCHOR, ANCHOR + 15 * MINUTE)
      .data.recentFailures.filter((f) => f.sourceSystem === 'ledger-export')
      .map((f) => Date.parse(f.createdAt));
    for (const created of reasons) expect(created).toBeGreaterThanOrEqual(ANCHOR);
  });

  it('flapping: payments-eu fails more in the first half of each 10-minute period, ~20% overall', () => {
    let high = { failed: 0, terminal: 0 };
    let low = { failed: 0, terminal: 0 };
    for (let start = ANCHOR; start < ANCHOR + 2 * HOUR; start += 10 * MINUTE) {
      const up = sourceCounts(at('flapping', start, start + 5 * MINUTE), 'payments-eu');
      const down = sourceCounts(
        at('flapping', start + 5 * MINUTE, start + 10 * MINUTE),
        'payments-eu',
      );
      high = { failed: high.failed + up.failed, terminal: high.terminal + up.total };
      low = { failed: low.failed + down.failed, terminal: low.terminal + down.total };
    }
    const overall = failureRate(at('flapping', ANCHOR, ANCHOR + 2 * HOUR), 'payments-eu');
    expect(overall).toBeGreaterThan(0.12);
    expect(overall).toBeLessThan(0.28);
    expect(high.failed / high.terminal).toBeGreaterThan(low.failed / low.terminal + 0.05);
  });
});

describe('outage', () => {
  const query = { from: ANCHOR - HOUR, to: ANCHOR, granularity: 'hourly' } as const;
  it.each([
    ['just before', ANCHOR - 1, 200],
    ['at the anchor', ANCHOR, 503],
    ['19 minutes in', ANCHOR + 19 * MINUTE, 503],
    ['after 20 minutes', ANCHOR + 20 * MINUTE, 200],
  ])('the API answers %s with %d', (_name, now, status) => {
    const options = { seed: 1, scenario: 'outage', anchor: ANCHOR, now } as const;
    expect(isSimulatedOutage(options)).toBe(status === 503);
    const response = simulateStatsResponse(query, options);
    expect(response.status).toBe(status);
    if (status === 503) expect(response.body).toMatchObject({ code: 503 });
  });

  it('leaves the data itself untouched', () => {
    const options = { seed: 1, anchor: ANCHOR, now: ANCHOR + HOUR } as const;
    expect(simulate(ANCHOR - HOUR, ANCHOR + HOUR, { ...options, scenario: 'outage' }).data).toEqual(
      simulate(ANCHOR - HOUR, ANCHOR + HOUR, options).data,
    );
  });
});

describe('trafficAt: a scenario played with another hour’s traffic', () => {
  // A Sunday evening, when billing is at a quiet weekend trough.
  const sundayEvening = Date.parse('2026-11-29T20:25:00.000Z');
  const options = { seed: 3, scenario: 'spike' as const, anchor: sundayEvening };
  const window = (trafficAt?: number) =>
    simulate(sundayEvening, sundayEvening + 15 * MINUTE, {
      ...options,
      now: sundayEvening + 15 * MINUTE,
      ...(trafficAt === undefined ? {} : { trafficAt }),
    });

  it('gives the anchor the volume of trafficAt: a weekday peak on a Sunday evening', () => {
    const quiet = sourceCounts(window(), 'billing');
    const busy = sourceCounts(window(WEEKDAY_BUSY_HOUR), 'billing');
    const peak = sourceCounts(
      simulate(WEEKDAY_BUSY_HOUR, WEEKDAY_BUSY_HOUR + 15 * MINUTE, {
        ...options,
        anchor: WEEKDAY_BUSY_HOUR,
        now: WEEKDAY_BUSY_HOUR + 15 * MINUTE,
      }),
      'billing',
    );
    expect(quiet.total).toBeLessThan(15);
    expect(busy.total).toBeGreaterThan(40);
    // Same expected volume as at the real peak; different draws, so only roughly equal.
    expect(Math.abs(busy.total - peak.total)).toBeLessThan(0.35 * peak.total);
    // The spike itself is unchanged: ~45% of billing fails either way.
    expect(failureRate(window(WEEKDAY_BUSY_HOUR), 'billing')).toBeGreaterThan(0.3);
  });

  it('changes nothing when trafficAt is the anchor itself', () => {
    expect(window(sundayEvening)).toEqual(window());
  });
});
