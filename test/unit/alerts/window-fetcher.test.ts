import { describe, expect, it } from 'vitest';
import {
  baselineMaxAge,
  baselineQuery,
  createWindowFetcher,
  windowQuery,
} from '../../../src/alerts/window-fetcher.js';
import type { StatsQuery } from '../../../src/stats/types.js';
import { billing, rule } from './fixtures.js';
import { MINUTE, T0 } from './trace.js';

const HOUR = 60 * MINUTE;

function countingSource() {
  const queries: StatsQuery[] = [];
  return {
    queries,
    source: {
      async getStats(query: StatsQuery) {
        queries.push(query);
        return billing(1, 10);
      },
    },
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
    const { queries, source } = countingSource();
    const fetcher = createWindowFetcher(source, MINUTE);
    const perCycle: number[] = [];
    for (let minute = 0; minute <= 120; minute += 1) {
      const before = queries.length;
      await fetcher.fetch(rules, T0 + minute * MINUTE);
      perCycle.push(queries.length - before);
    }
    expect(baselineMaxAge(24 * HOUR, MINUTE)).toBe(HOUR);
    // Minutes 0, 60 and 120 refresh the baseline: 3 calls; every other minute 2.
    expect(perCycle.filter((n) => n === 3)).toHaveLength(3);
    expect(perCycle.filter((n) => n === 2)).toHaveLength(118);
    expect([perCycle[0], perCycle[60], perCycle[120]]).toEqual([3, 3, 3]);
  });

  it('never keeps a baseline for less than one interval', () => {
    expect(baselineMaxAge(HOUR, 5 * MINUTE)).toBe(5 * MINUTE);
  });

  it('reports a failed query without throwing, and does not cache a failed baseline', async () => {
    let fail = true;
    const queries: StatsQuery[] = [];
    const source = {
      async getStats(query: StatsQuery) {
        queries.push(query);
        if (fail) throw new Error('down');
        return billing(1, 10);
      },
    };
    const fetcher = createWindowFetcher(source, MINUTE);
    const first = await fetcher.fetch([rules[3] ?? rule()], T0);
    expect(first.windows.get(15 * MINUTE)?.ok).toBe(false);
    expect(first.baselines.get(`${15 * MINUTE}/${24 * HOUR}`)?.ok).toBe(false);
    fail = false;
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
