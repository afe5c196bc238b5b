import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import {
  createCachedSource,
  createStatsCache,
  type Loader,
} from '../../../src/stats/cached-source.js';
import type { StatsQuery } from '../../../src/stats/types.js';

interface PendingLoad {
  readonly query: StatsQuery;
  readonly signal: AbortSignal;
  resolve(value: string): void;
  reject(error: unknown): void;
}

function controllableLoader() {
  const loads: PendingLoad[] = [];
  const load: Loader<string> = (query, signal) =>
    new Promise<string>((resolve, reject) => loads.push({ query, signal, resolve, reject }));
  return { loads, load };
}

const HOUR = 3_600_000;
const base: StatsQuery = {
  from: Date.UTC(2026, 10, 1),
  to: Date.UTC(2026, 10, 2),
  granularity: 'hourly',
};
const shifted = (ms: number): StatsQuery => ({ ...base, from: base.from + ms, to: base.to + ms });

function setup(options: { ttlMs?: number; toleranceMs?: number; maxEntries?: number } = {}) {
  const clock = fixedClock(base.to);
  const { loads, load } = controllableLoader();
  const flights = createStatsCache(load, { clock, ...options });
  return { clock, loads, flights };
}

describe('stats cache: sharing and TTL (single-flight)', () => {
  it('shares one upstream call between concurrent identical queries', async () => {
    const { loads, flights } = setup();
    const results = Promise.all(Array.from({ length: 50 }, () => flights.get(base)));
    expect(loads).toHaveLength(1);
    loads[0]?.resolve('stats-1');
    expect(new Set(await results)).toEqual(new Set(['stats-1']));
  });

  it.each<[string, StatsQuery, number]>([
    ['the same window a few ms later', shifted(3), 1],
    ['a window shifted by exactly the tolerance', shifted(5_000), 1],
    ['a window shifted by more than the tolerance', shifted(5_001), 2],
    ['only the start moved beyond the tolerance', { ...base, from: base.from - 6_000 }, 2],
    ['another granularity', { ...base, granularity: 'daily' }, 2],
    ['a different window', { ...base, from: base.to - HOUR }, 2],
  ])('%s -> %i upstream call(s)', async (_name, query, expectedLoads) => {
    const { loads, flights } = setup();
    void flights.get(base);
    void flights.get(query);
    expect(loads).toHaveLength(expectedLoads);
  });

  it('honours an explicit tolerance', () => {
    const { loads, flights } = setup({ toleranceMs: 10 });
    void flights.get(base);
    void flights.get(shifted(10));
    void flights.get(shifted(11));
    expect(loads).toHaveLength(2);
  });

  it('reuses an answer for the TTL after it arrived, then asks again', async () => {
    const { clock, loads, flights } = setup({ ttlMs: 5_000 });
    const first = flights.get(base);
    clock.advance(2_000); // time spent waiting upstream does not count against the TTL
    loads[0]?.resolve('first');
    await first;
    clock.advance(4_999);
    await expect(flights.get(base)).resolves.toBe('first');
    expect(loads).toHaveLength(1);
    clock.advance(1);
    const again = flights.get(base);
    expect(loads).toHaveLength(2);
    loads[1]?.resolve('second');
    await expect(again).resolves.toBe('second');
  });

  it('shares a failure with the waiting callers but does not remember it', async () => {
    const { loads, flights } = setup();
    const waiting = [flights.get(base), flights.get(shifted(1)), flights.get(base)];
    const failure = new Error('upstream down');
    loads[0]?.reject(failure);
    for (const promise of waiting) await expect(promise).rejects.toBe(failure);
    expect(flights.size()).toBe(0);
    const retry = flights.get(base);
    expect(loads).toHaveLength(2);
    loads[1]?.resolve('recovered');
    await expect(retry).resolves.toBe('recovered');
  });

  it('does not cache a loader that throws synchronously', async () => {
    const clock = fixedClock(0);
    let calls = 0;
    const flights = createStatsCache<string>(
      () => {
        calls += 1;
        throw new Error('sync');
      },
      { clock },
    );
    await expect(flights.get(base)).rejects.toThrow('sync');
    await expect(flights.get(base)).rejects.toThrow('sync');
    expect(calls).toBe(2);
  });

  it('evicts the oldest entry when full', async () => {
    const { loads, flights } = setup({ maxEntries: 3 });
    const queries = [0, 1, 2, 3].map((i) => shifted(i * HOUR));
    const results = queries.map((q) => flights.get(q));
    loads.forEach((load, i) => {
      load.resolve(`answer-${i}`);
    });
    await Promise.all(results);
    expect(flights.size()).toBe(3);
    void flights.get(queries[3] as StatsQuery); // still cached
    expect(loads).toHaveLength(4);
    void flights.get(queries[0] as StatsQuery); // evicted: asked again
    expect(loads).toHaveLength(5);
    expect(flights.size()).toBe(3);
  });

  it('with TTL 0 shares calls in flight but caches nothing', async () => {
    const { loads, flights } = setup({ ttlMs: 0 });
    const a = flights.get(base);
    const b = flights.get(base);
    expect(loads).toHaveLength(1);
    loads[0]?.resolve('x');
    await Promise.all([a, b]);
    void flights.get(base);
    expect(loads).toHaveLength(2);
  });
});

describe('stats cache: how old an answer a caller accepts', () => {
  it("reuses an answer up to the caller's maxAgeMs, while a caller that does not say gets the TTL", async () => {
    const { clock, loads, flights } = setup({ ttlMs: 5_000 });
    const first = flights.get(base, { maxAgeMs: HOUR });
    loads[0]?.resolve('kept');
    await first;
    clock.advance(HOUR - 1);
    await expect(flights.get(base, { maxAgeMs: HOUR })).resolves.toBe('kept');
    expect(loads).toHaveLength(1);
    // A command wants the numbers of now: the hour-old answer is not given to it.
    const fresh = flights.get(base);
    expect(loads).toHaveLength(2);
    loads[1]?.resolve('fresh');
    await expect(fresh).resolves.toBe('fresh');
    clock.advance(1);
    void flights.get(base, { maxAgeMs: HOUR }); // the fresh one, 1 ms old
    expect(loads).toHaveLength(2);
  });

  it('keeps an answer as long as the most patient caller that used it accepts', async () => {
    const { clock, loads, flights } = setup({ ttlMs: 5_000 });
    const first = flights.get(base);
    void flights.get(base, { maxAgeMs: HOUR }); // shares the call in flight
    loads[0]?.resolve('shared');
    await first;
    clock.advance(30 * 60_000);
    await expect(flights.get(base, { maxAgeMs: HOUR })).resolves.toBe('shared');
    expect(loads).toHaveLength(1);
  });

  it('with TTL 0 still keeps answers for callers that accept them, and matches exactly', async () => {
    const { clock, loads, flights } = setup({ ttlMs: 0 });
    const first = flights.get(base, { maxAgeMs: 60_000 });
    loads[0]?.resolve('digest');
    await first;
    clock.advance(59_999);
    await expect(flights.get(base, { maxAgeMs: 60_000 })).resolves.toBe('digest');
    void flights.get(base);
    void flights.get(shifted(1), { maxAgeMs: 60_000 });
    expect(loads).toHaveLength(3);
  });

  it("wraps a stats source, passing the shared call's signal", async () => {
    const clock = fixedClock(base.to);
    const signals: AbortSignal[] = [];
    const source = createCachedSource(
      {
        getStats: async (_query, options) => {
          if (options?.signal) signals.push(options.signal);
          return { requestId: 'r1' } as never;
        },
      },
      { clock },
    );
    const answers = await Promise.all([source.getStats(base), source.getStats(shifted(3))]);
    expect(answers.map((a) => a.requestId)).toEqual(['r1', 'r1']);
    expect(signals).toHaveLength(1);
  });
});

describe('stats cache: abort', () => {
  it('detaches only the caller that aborted', async () => {
    const { loads, flights } = setup();
    const leaving = new AbortController();
    const staying = new AbortController();
    const left = flights.get(base, { signal: leaving.signal });
    const stayed = flights.get(base, { signal: staying.signal });
    leaving.abort(new Error('user went away'));
    await expect(left).rejects.toThrow('user went away');
    expect(loads[0]?.signal.aborted).toBe(false);
    loads[0]?.resolve('done');
    await expect(stayed).resolves.toBe('done');
  });

  it('aborts the shared call when every caller has gone, and starts afresh next time', async () => {
    const { loads, flights } = setup();
    const controllers = [new AbortController(), new AbortController()];
    const waiting = controllers.map((c) => flights.get(base, { signal: c.signal }));
    for (const c of controllers) c.abort(new Error('gone'));
    for (const promise of waiting) await expect(promise).rejects.toThrow('gone');
    expect(loads[0]?.signal.aborted).toBe(true);
    void flights.get(base);
    expect(loads).toHaveLength(2);
  });

  it('never aborts a call that a caller without a signal waits for', async () => {
    const { loads, flights } = setup();
    const controller = new AbortController();
    const pinned = flights.get(base);
    const leaving = flights.get(base, { signal: controller.signal });
    controller.abort(new Error('gone'));
    await expect(leaving).rejects.toThrow('gone');
    expect(loads[0]?.signal.aborted).toBe(false);
    loads[0]?.resolve('kept');
    await expect(pinned).resolves.toBe('kept');
  });

  it('rejects an already aborted caller without calling upstream', async () => {
    const { loads, flights } = setup();
    await expect(
      flights.get(base, { signal: AbortSignal.abort(new Error('early')) }),
    ).rejects.toThrow('early');
    expect(loads).toHaveLength(0);
  });

  it('clear() aborts calls in flight and forgets cached answers', async () => {
    const { loads, flights } = setup();
    const inFlight = flights.get(base);
    flights.clear();
    expect(loads[0]?.signal.aborted).toBe(true);
    expect(flights.size()).toBe(0);
    loads[0]?.reject(new Error('aborted'));
    await expect(inFlight).rejects.toThrow('aborted');
  });
});
