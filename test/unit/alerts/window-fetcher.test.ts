import { describe, expect, it } from 'vitest';
import {
  baselineMaxAge,
  baselineQuery,
  createWindowFetcher,
  windowQuery,
} from '../../../src/alerts/window-fetcher.js';
import { fixedClock } from '../../../src/clock.js';
import { createCachedSource } from '../../../src/stats/cached-source.js';
import type { StatsQuery, StatsSource } from '../../../src/stats/types.js';
import { billing, rule } from './fixtures.js';
import { MINUTE, T0 } from './trace.js';

const HOUR = 60 * MINUTE;

/** The API's calls counted behind the stats source's one cache, as the bot has it. */
function cached(api: StatsSource) {
  const clock = fixedClock(T0);
  return { clock, source: createCachedSource(api, { clock }) };
}

function countingSource() {
  const queries: StatsQuery[] = [];
  return {
    queries,
    ...cached({
      async getStats(query: StatsQuery) {
        queries.push(query);
        return billing(1, 10);
      },
    }),
  };
}

describe('createWindowFetcher', () => {
  const baseline = { windowMs: 24 * HOUR, factor: 3, significance: 0.001 };
  const rules = [
    rule({ name: 'a' }),
    rule({ name: 'b', scope: 'per-source' }),
    rule({ name: 'c', windowMs: HOUR }),
    rule({ name: 'd', baseline }),
    rule({ name: 'e', scope: 'per-source', baseline }),
  ];

  it('asks once per distinct window, and once per distinct baseline, in one cycle', async () => {
    const { queries, source } = countingSource();
    const fetched = await createWindowFetcher(source, MINUTE).fetch(rules, T0);
    expect(queries).toEqual([
      windowQuery(15 * MINUTE, T0),
      windowQuery(HOUR, T0),
      baselineQuery(15 * MINUTE, 24 * HOUR, T0),
    ]);
    expect(fetched.windows.size).toBe(2);
    expect(fetched.baselines.size).toBe(1);
  });

  it('keeps a baseline for 1/24 of its length, so later cycles fetch only the windows', async () => {
    const { queries, source, clock } = countingSource();
    const fetcher = createWindowFetcher(source, MINUTE);
    const perCycle: number[] = [];
    for (let minute = 0; minute <= 120; minute += 1) {
      const before = queries.length;
      clock.set(T0 + minute * MINUTE);
      await fetcher.fetch(rules, T0 + minute * MINUTE);
      perCycle.push(queries.length - before);
    }
    expect(baselineMaxAge(24 * HOUR, MINUTE)).toBe(HOUR);
    // Minutes 0, 60 and 120 refresh the baseline: 3 calls; every other minute 2.
    expect(perCycle.filter((n) => n === 3)).toHaveLength(3);
    expect(perCycle.filter((n) => n === 2)).toHaveLength(118);
    expect([perCycle[0], perCycle[60], perCycle[120]]).toEqual([3, 3, 3]);
  });

  it('asks the stats source for the same baseline window while it is kept, accepting its age', async () => {
    const asked: Array<{ query: StatsQuery; maxAgeMs: number | undefined }> = [];
    const source: StatsSource = {
      async getStats(query, options) {
        asked.push({ query, maxAgeMs: options?.maxAgeMs });
        return billing(1, 10);
      },
    };
    const fetcher = createWindowFetcher(source, MINUTE);
    for (const minute of [0, 30, 60])
      await fetcher.fetch([rules[3] ?? rule()], T0 + minute * MINUTE);
    const baselines = asked.filter((a) => a.query.granularity === 'daily');
    expect(baselines.map((a) => a.query)).toEqual([
      baselineQuery(15 * MINUTE, 24 * HOUR, T0),
      baselineQuery(15 * MINUTE, 24 * HOUR, T0),
      baselineQuery(15 * MINUTE, 24 * HOUR, T0 + 60 * MINUTE),
    ]);
    expect(new Set(baselines.map((a) => a.maxAgeMs))).toEqual(new Set([HOUR]));
    // Windows want the numbers of now: they accept the cache's default.
    expect(asked.filter((a) => a.query.granularity === 'hourly').map((a) => a.maxAgeMs)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('never keeps a baseline for less than one interval', () => {
    expect(baselineMaxAge(HOUR, 5 * MINUTE)).toBe(5 * MINUTE);
  });

  it('reports a failed query without throwing, and does not cache a failed baseline', async () => {
    let fail = true;
    const queries: StatsQuery[] = [];
    const { source, clock } = cached({
      async getStats(query: StatsQuery) {
        queries.push(query);
        if (fail) throw new Error('down');
        return billing(1, 10);
      },
    });
    const fetcher = createWindowFetcher(source, MINUTE);
    const first = await fetcher.fetch([rules[3] ?? rule()], T0);
    expect(first.windows.get(15 * MINUTE)?.ok).toBe(false);
    expect(first.baselines.get(`${15 * MINUTE}/${24 * HOUR}`)?.ok).toBe(false);
    fail = false;
    clock.set(T0 + MINUTE);
    await fetcher.fetch([rules[3] ?? rule()], T0 + MINUTE);
    expect(queries).toHaveLength(4);
  });

  it('asks for the window ending now, and the baseline right before it', () => {
    expect(windowQuery(15 * MINUTE, T0)).toEqual({
      from: T0 - 15 * MINUTE,
      to: T0,
      granularity: 'hourly',
    });
    expect(baselineQuery(15 * MINUTE, 24 * HOUR, T0)).toEqual({
      from: T0 - 15 * MINUTE - 24 * HOUR,
      to: T0 - 15 * MINUTE,
      granularity: 'daily',
    });
  });
});
