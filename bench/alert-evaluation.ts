import { runAlertCycle } from '../src/alerts/cycle.js';
import { createSerial } from '../src/alerts/serial.js';
import type { AlertStore } from '../src/alerts/store.js';
import { baselineKey, createWindowFetcher, HOUR_MS, HOURS } from '../src/alerts/window-fetcher.js';
import type { Clock } from '../src/clock.js';
import { fixedClock } from '../src/clock.js';
import type { AlertRuleConfig } from '../src/config/config.js';
import { createMemoryAlertStore } from '../src/dev/alerts/memory-store.js';
import { silentLogger } from '../src/logging/logger.js';
import { createStatsClient } from '../src/stats/client.js';
import type { StatsSource } from '../src/stats/types.js';
import { type StatsServerCall, startStatsServer } from '../test/support/stats-server.js';
import { bigStatsBody } from './big-body.js';
import { median, ratio } from './percentiles.js';
import { num, printTable, type Verdict, verdictCell } from './table.js';

/**
 * Measurement 4: the alert evaluation cycle (src/alerts/cycle.ts, as the scheduler runs it) with
 * 100 per-source rules over a stats API reporting 1,000 source systems: time per cycle against
 * fetching the same windows alone (the floor), and stats API calls per cycle against the distinct
 * windows and baselines the rules name. The hour queries behind the dispersion (window-fetcher.ts:
 * each of the last HOURS whole hours once, in the background on start) are counted apart: each
 * hour is asked once over the whole run. The clock moves one interval per cycle, as in production.
 */

const SOURCES = 1_000;
const RULES = 100;
/** The alert interval both measurements run at: the clock moves this much per cycle. */
export const INTERVAL_MS = 60_000;
const MINUTE = 60_000;
const WINDOWS_MS = [5 * MINUTE, 15 * MINUTE, 60 * MINUTE];

/** The measurement's rule set, shared with measurement 7 (the same cycle on each state DB). */
export function evaluationRules(): AlertRuleConfig[] {
  return Array.from({ length: RULES }, (_, i) => ({
    name: `rule-${i}`,
    scope: 'per-source',
    sources: null,
    windowMs: WINDOWS_MS[i % WINDOWS_MS.length] ?? MINUTE,
    minFailures: 60 + (i % 30),
    failureRate: 0.02 + (i % 10) / 100,
    // Every fourth rule also compares with the day before.
    baseline: i % 4 === 0 ? { windowMs: 24 * 60 * MINUTE, factor: 2, significance: 0.001 } : null,
    for: 1 + (i % 2),
    recoverRate: 0.01,
    renotifyMs: 60 * MINUTE,
    channel: `C${String(i % 5).padStart(9, '0')}`,
  }));
}

/**
 * A cycle's dependencies as the scheduler gives them, with a Slack that posts nowhere (counted):
 * shared by measurements 4 and 7, which differ only in where the state is kept.
 */
export function cycleWorld(
  ruleSet: readonly AlertRuleConfig[],
  stats: StatsSource,
  store: AlertStore,
  clock: Clock,
) {
  let posts = 0;
  const deps = {
    rules: ruleSet,
    fetcher: createWindowFetcher(stats, INTERVAL_MS),
    store,
    clock,
    logger: silentLogger,
    serial: createSerial(),
    executionUrlTemplate: 'https://app.example.com/executions/{executionId}',
    timezone: 'UTC',
    slack: {
      postOnce: async () => ({
        outcome: 'posted' as const,
        ts: `1700000000.${String(++posts).padStart(6, '0')}`,
      }),
      update: async () => {},
    },
  };
  return { deps, posted: () => posts };
}

export async function measureAlertEvaluation(cycles: number): Promise<Verdict[]> {
  const statsApi = await startStatsServer((call) => ({
    body: bigStatsBody(SOURCES, call.query.to ?? Date.now(), 24),
  }));
  const stats = createStatsClient({ baseUrl: statsApi.url, token: 'bench-stats-token' });
  // The floor's own client keeps no answer: its queries, a second after the cycle's, would
  // otherwise be answered by the cycle's from the client's cache (5 s tolerance).
  const floorStats = createStatsClient({
    baseUrl: statsApi.url,
    token: 'bench-stats-token',
    cacheTtlMs: 0,
  });
  const ruleSet = evaluationRules();
  const clock = fixedClock(Date.UTC(2026, 10, 2, 12));
  const { deps, posted } = cycleWorld(ruleSet, stats, createMemoryAlertStore(), clock);
  const windows = new Set(ruleSet.map((rule) => rule.windowMs)).size;
  const baselines = new Set(ruleSet.map(baselineKey).filter((key) => key !== null)).size;
  const cycleMs: number[] = [];
  const floorMs: number[] = [];
  const calls: number[] = [];
  let hourCalls = 0;
  // An hour query: a whole UTC hour in daily buckets (a 60-minute rule window is neither).
  const isHour = (c: StatsServerCall) =>
    c.query.granularity === 'daily' &&
    c.query.from !== null &&
    c.query.from % HOUR_MS === 0 &&
    c.query.to === c.query.from + HOUR_MS;
  const windowCalls = () => statsApi.calls.filter((c) => !isHour(c)).length;
  try {
    for (let cycle = 0; cycle < cycles; cycle++) {
      clock.advance(INTERVAL_MS);
      const before = windowCalls();
      let started = performance.now();
      await runAlertCycle(deps);
      cycleMs.push(performance.now() - started);
      calls.push(windowCalls() - before);
      // The floor: the same windows fetched again a second later (a fresh query, no cache).
      clock.advance(1_000);
      started = performance.now();
      await createWindowFetcher(floorStats, INTERVAL_MS, { hours: false }).fetch(
        ruleSet,
        clock.now(),
      );
      floorMs.push(performance.now() - started);
    }
  } finally {
    hourCalls = statsApi.calls.filter(isHour).length;
    await stats.close();
    await floorStats.close();
    await statsApi.close();
  }
  const first = calls[0] ?? Number.NaN;
  const later = Math.max(...calls.slice(1));
  // Hours that settle during the run are new ones: one more each.
  const hoursAllowed = HOURS + Math.ceil((cycles * INTERVAL_MS) / HOUR_MS);
  const pass =
    first <= windows + baselines && (cycles < 2 || later <= windows) && hourCalls <= hoursAllowed;
  const cycle = median(cycleMs);
  const floor = median(floorMs);
  printTable(
    `4. Alert evaluation (${RULES} per-source rules, ${SOURCES} source systems, ${cycles} cycles, ${windows} windows + ${baselines} baseline)`,
    [
      'cycle ms (median)',
      'fetch-only ms',
      'ratio',
      'calls 1st cycle',
      'calls later (max)',
      'target',
      'hour calls (all cycles)',
      'notifications posted',
      'verdict',
    ],
    [
      [
        num(cycle),
        num(floor),
        num(ratio(cycle, floor)),
        first,
        cycles < 2 ? 'n/a' : later,
        `${windows}+${baselines}, then ${windows}`,
        `${hourCalls} (<= ${hoursAllowed})`,
        posted(),
        verdictCell(pass),
      ],
    ],
  );
  return [{ measurement: 'stats calls per alert cycle', target: 'one per distinct window', pass }];
}
