import { describe, expect, it } from 'vitest';
import {
  baselineMaxAge,
  baselineQuery,
  createWindowFetcher,
  HOUR_CONCURRENCY,
  HOUR_RETRY_MS,
  HOUR_SETTLE_MS,
  HOURS,
  hourQuery,
  settledHours,
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

/** The queries of one past hour each (for the dispersion), as against windows and baselines. */
const isHour = (q: StatsQuery) => q.granularity === 'daily' && q.to - q.from === HOUR;
const notHours = (queries: readonly StatsQuery[]) => queries.filter((q) => !isHour(q));

/**
 * Lets the hours fetched in the background come in: the fake sources answer without timers, so
 * every answer is in once the microtasks queued before this macrotask have run.
 */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

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
    await settle();
    expect(notHours(queries)).toEqual([
      windowQuery(15 * MINUTE, T0),
      windowQuery(HOUR, T0),
      baselineQuery(15 * MINUTE, 24 * HOUR, T0),
    ]);
    expect(queries.filter(isHour)).toEqual(settledHours(T0).map(hourQuery));
    expect(fetched.windows.size).toBe(2);
    expect(fetched.baselines.size).toBe(1);
  });

  it('keeps a baseline for 1/24 of its length, so later cycles fetch only the windows', async () => {
    const { queries, source, clock } = countingSource();
    const fetcher = createWindowFetcher(source, MINUTE);
    const perCycle: number[] = [];
    for (let minute = 0; minute <= 120; minute += 1) {
      const before = notHours(queries).length;
      clock.set(T0 + minute * MINUTE);
      await fetcher.fetch(rules, T0 + minute * MINUTE);
      perCycle.push(notHours(queries).length - before);
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
    const baselines = asked.filter((a) => a.query.granularity === 'daily' && !isHour(a.query));
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
    expect(first.hours).toBeNull();
    await settle();
    // No window could be read: the API is down, and is not asked for the hours as well.
    expect(queries.filter(isHour)).toEqual([]);
    fail = false;
    clock.set(T0 + MINUTE);
    const second = await fetcher.fetch([rules[3] ?? rule()], T0 + MINUTE);
    expect(notHours(queries)).toHaveLength(4);
    expect(second.windows.get(15 * MINUTE)?.ok).toBe(true);
    // Back: every hour is asked, in the background; the cycle after has them.
    expect(second.hours).toBeNull();
    await settle();
    clock.set(T0 + 2 * MINUTE);
    const third = await fetcher.fetch([rules[3] ?? rule()], T0 + 2 * MINUTE);
    expect(third.hours).toHaveLength(HOURS);
    expect(queries.filter(isHour)).toHaveLength(HOURS);
  });

  it('fetches the last 48 settled hours once, then one more an hour, shared by all rules', async () => {
    const { queries, source, clock } = countingSource();
    const fetcher = createWindowFetcher(source, MINUTE);
    const withBaselines = [rules[3] ?? rule(), rules[4] ?? rule(), rule({ name: 'f', baseline })];
    const hoursPerCycle: number[] = [];
    const given = new Set<unknown>();
    for (let minute = 0; minute < 180; minute += 1) {
      const before = queries.filter(isHour).length;
      clock.set(T0 + minute * MINUTE);
      const fetched = await fetcher.fetch(withBaselines, T0 + minute * MINUTE);
      await settle();
      hoursPerCycle.push(queries.filter(isHour).length - before);
      // The first cycle does not wait for 48 queries; every later one has the hours, including
      // the cycle an hour settles in (one query: waited for, as windows and baselines are).
      if (minute === 0) expect(fetched.hours).toBeNull();
      else {
        expect(fetched.hours).toHaveLength(48);
        given.add(fetched.hours);
      }
    }
    // 48 at the start, then one as each of the next 3 hours settles: 51 in 3 hours, for 3 rules.
    expect(hoursPerCycle[0]).toBe(48);
    expect(hoursPerCycle.slice(1).filter((n) => n === 1)).toHaveLength(3);
    expect(hoursPerCycle.slice(1).reduce((a, b) => a + b, 0)).toBe(3);
    // Each hour's query asked once: never a past hour again.
    expect(new Set(queries.filter(isHour).map((q) => q.from)).size).toBe(51);
    // One array per set of hours: the engine computes its estimates once an hour, not every cycle.
    expect(given.size).toBe(4);
  });

  it('asks the hours a few at a time, and a cycle does not wait for them on start', async () => {
    const pending: Array<() => void> = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const source: StatsSource = {
      getStats(query) {
        if (!isHour(query)) return Promise.resolve(billing(1, 10));
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        return new Promise((resolve) =>
          pending.push(() => {
            inFlight -= 1;
            resolve(billing(1, 10));
          }),
        );
      },
    };
    const fetcher = createWindowFetcher(source, MINUTE);
    const first = await fetcher.fetch([rules[3] ?? rule()], T0);
    // Windows and baselines are in while every hour is still being asked.
    expect(first.windows.get(15 * MINUTE)?.ok).toBe(true);
    expect(first.baselines.get(`${15 * MINUTE}/${24 * HOUR}`)?.ok).toBe(true);
    expect(first.hours).toBeNull();
    let answered = 0;
    while (pending.length > 0) {
      (pending.shift() as () => void)();
      answered += 1;
      await settle();
    }
    expect(answered).toBe(HOURS);
    expect(mostInFlight).toBe(HOUR_CONCURRENCY);
    const second = await fetcher.fetch([rules[3] ?? rule()], T0 + MINUTE);
    expect(second.hours).toHaveLength(HOURS);
  });

  it('takes an hour as settled 15 minutes after its end, whole UTC hours, oldest first', () => {
    const hourEnd = Math.ceil(T0 / HOUR) * HOUR;
    const justBefore = settledHours(hourEnd + HOUR_SETTLE_MS - 1);
    const at = settledHours(hourEnd + HOUR_SETTLE_MS);
    expect(justBefore).toHaveLength(HOURS);
    expect(justBefore[HOURS - 1]).toBe(hourEnd - 2 * HOUR);
    expect(at[HOURS - 1]).toBe(hourEnd - HOUR);
    expect(at[0]).toBe(hourEnd - HOURS * HOUR);
    expect(hourQuery(hourEnd)).toEqual({ from: hourEnd, to: hourEnd + HOUR, granularity: 'daily' });
  });

  it('asks no hours when no rule has a baseline', async () => {
    const { queries, source } = countingSource();
    const fetched = await createWindowFetcher(source, MINUTE).fetch(rules.slice(0, 3), T0);
    expect(queries.filter(isHour)).toEqual([]);
    expect(fetched.hours).toBeNull();
  });

  it('a failed hour stops its batch; the hours not read are asked again only after HOUR_RETRY_MS', async () => {
    const queries: StatsQuery[] = [];
    const failing = settledHours(T0)[5] as number;
    let fail = true;
    const { source, clock } = cached({
      async getStats(query: StatsQuery) {
        queries.push(query);
        if (fail && query.from === failing && isHour(query)) throw new Error('timeout');
        return billing(1, 10);
      },
    });
    const fetcher = createWindowFetcher(source, MINUTE);
    const first = await fetcher.fetch([rules[3] ?? rule()], T0);
    expect(first.hours).toBeNull();
    expect(first.windows.get(15 * MINUTE)?.ok).toBe(true);
    expect(first.baselines.get(`${15 * MINUTE}/${24 * HOUR}`)?.ok).toBe(true);
    await settle();
    const firstBatch = queries.filter(isHour).length;
    // The batch stopped at the failure (the queries already under way finished).
    expect(firstBatch).toBeLessThan(5 + 1 + HOUR_CONCURRENCY);
    fail = false;
    clock.set(T0 + MINUTE);
    expect((await fetcher.fetch([rules[3] ?? rule()], T0 + MINUTE)).hours).toBeNull();
    await settle();
    expect(queries.filter(isHour)).toHaveLength(firstBatch);
    const later = T0 + HOUR_RETRY_MS;
    clock.set(later);
    await fetcher.fetch([rules[3] ?? rule()], later);
    await settle();
    clock.set(later + MINUTE);
    const after = await fetcher.fetch([rules[3] ?? rule()], later + MINUTE);
    expect(after.hours).toHaveLength(HOURS);
    // Each hour read once: only the failed one was asked twice.
    const asked = queries.filter(isHour).map((q) => q.from);
    expect(asked.filter((from) => from === failing)).toHaveLength(2);
    expect(asked).toHaveLength(new Set(asked).size + 1);
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
