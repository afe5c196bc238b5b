import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../../src/clock.js';
import { simulateStatsBody } from '../../../../src/dev/simulator/respond.js';
import {
  createSimulatedStatsSource,
  simulatorUrl,
} from '../../../../src/dev/simulator/simulated-source.js';
import { StatsHttpError, StatsNetworkError } from '../../../../src/stats/errors.js';
import { parseStatsBody } from '../../../../src/stats/schema.js';
import type { StatsQuery } from '../../../../src/stats/types.js';
import { ANCHOR, HOUR, MINUTE } from './sim-helpers.js';

const query: StatsQuery = { from: ANCHOR - HOUR, to: ANCHOR + HOUR, granularity: 'hourly' };

describe('createSimulatedStatsSource', () => {
  it('answers what simulateStatsBody answers, parsed by the real parser, at the clock’s now', async () => {
    const clock = fixedClock(ANCHOR + 30 * MINUTE);
    const source = createSimulatedStatsSource({
      seed: 5,
      scenario: 'spike',
      anchor: ANCHOR,
      clock,
    });
    const stats = await source.getStats(query);
    const body = simulateStatsBody(query, {
      seed: 5,
      scenario: 'spike',
      anchor: ANCHOR,
      now: clock.now(),
    });
    expect(stats).toEqual(parseStatsBody(body, { method: 'GET', url: simulatorUrl(query) }));
    expect(stats.summary.total).toBeGreaterThan(0);

    clock.advance(10 * MINUTE);
    const later = await source.getStats(query);
    expect(later.summary.total).toBeGreaterThan(stats.summary.total);
  });

  it('defaults to seed 1, steady, anchored at creation', async () => {
    const clock = fixedClock(ANCHOR);
    const stats = await createSimulatedStatsSource({ clock }).getStats(query);
    const body = simulateStatsBody(query, { seed: 1, scenario: 'steady', now: ANCHOR });
    expect(stats.summary).toEqual(
      parseStatsBody(body, { method: 'GET', url: simulatorUrl(query) }).summary,
    );
  });

  it('anchors a scenario at creation time when no anchor is given', async () => {
    const clock = fixedClock(ANCHOR);
    const source = createSimulatedStatsSource({ seed: 2, scenario: 'outage', clock });
    clock.advance(MINUTE);
    await expect(source.getStats(query)).rejects.toBeInstanceOf(StatsNetworkError);
  });

  it('rejects with a network error during an outage, then recovers', async () => {
    const clock = fixedClock(ANCHOR - MINUTE);
    const source = createSimulatedStatsSource({
      seed: 3,
      scenario: 'outage',
      anchor: ANCHOR,
      clock,
    });
    await expect(source.getStats(query)).resolves.toMatchObject({ granularity: 'hourly' });

    clock.set(ANCHOR + 5 * MINUTE);
    const error = await source.getStats(query).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatsNetworkError);
    expect(error).toMatchObject({
      kind: 'network',
      method: 'GET',
      url: `simulator://v1/executions/stats?from=${query.from}&to=${query.to}&granularity=hourly`,
    });

    clock.set(ANCHOR + 20 * MINUTE);
    await expect(source.getStats(query)).resolves.toMatchObject({ granularity: 'hourly' });
  });

  it('turns a query the API would refuse into a 400 StatsHttpError', async () => {
    const source = createSimulatedStatsSource({ clock: fixedClock(ANCHOR) });
    const error = await source
      .getStats({ from: ANCHOR, to: ANCHOR - 1, granularity: 'hourly' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StatsHttpError);
    expect(error).toMatchObject({
      status: 400,
      method: 'GET',
      apiMessage: 'from must not be after to',
      requestId: expect.stringMatching(/^sim-/),
    });
  });

  it('waits the configured latency through the injected sleep', async () => {
    const waits: number[] = [];
    const source = createSimulatedStatsSource({
      clock: fixedClock(ANCHOR),
      latencyMs: 750,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await source.getStats(query);
    expect(waits).toEqual([750]);
  });

  it('does not wait without a latency', async () => {
    const waits: number[] = [];
    const source = createSimulatedStatsSource({
      clock: fixedClock(ANCHOR),
      sleep: async (ms) => {
        waits.push(ms);
      },
    });
    await source.getStats(query);
    expect(waits).toEqual([]);
  });

  it.each([
    ['already aborted', true],
    ['aborted while waiting', false],
  ])('rejects with the abort reason when %s', async (_name, before) => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    if (before) controller.abort(reason);
    const source = createSimulatedStatsSource({
      clock: fixedClock(ANCHOR),
      latencyMs: 1_000,
      sleep: async () => {
        controller.abort(reason);
      },
    });
    await expect(source.getStats(query, { signal: controller.signal })).rejects.toBe(reason);
  });

  it('the default sleep really waits and honours the signal', async () => {
    const controller = new AbortController();
    const source = createSimulatedStatsSource({ clock: fixedClock(ANCHOR), latencyMs: 60_000 });
    const pending = source.getStats(query, { signal: controller.signal });
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });
});

describe('createSimulatedStatsSource with a scenario name from configuration', () => {
  it('refuses an unknown scenario at creation, naming the valid ones', () => {
    const scenario = 'meltdown' as never;
    expect(() => createSimulatedStatsSource({ scenario, clock: fixedClock(ANCHOR) })).toThrow(
      /meltdown.*steady, spike, degradation, noise, flapping, outage/,
    );
  });
});
