import { setTimeout as sleep } from 'node:timers/promises';
import type { IdenticalCalls } from './ack-latency.js';
import type { AppChild } from './app-child.js';
import { COOL_DOWN_MS, runRound } from './round.js';
import { printTable, type Verdict, verdictCell } from './table.js';
import type { BenchWorld } from './world.js';

/**
 * Measurement 2: stats API calls per burst of N commands, every reply awaited. Identical commands
 * come from measurement 1's bot rounds (the same loads); here N commands spread round-robin over
 * 10 distinct windows (the last 10 whole days, one each), starting with the cache expired.
 */

const IDENTICAL_TARGET = 2;
const DISTINCT_WINDOWS = 10;
/** "10 + a few": a window whose first call fails or is evicted may be fetched again. */
const DISTINCT_TARGET = DISTINCT_WINDOWS + 2;

function lastDays(count: number, now: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const day = new Date(now - (i + 1) * 86_400_000).toISOString().slice(0, 10);
    return `${day}..${day}`;
  });
}

export async function measureUpstreamCalls(
  world: BenchWorld,
  bot: AppChild,
  loads: readonly number[],
  identical: IdenticalCalls,
): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  const rows: (string | number)[][] = [];
  const windows = lastDays(DISTINCT_WINDOWS, Date.now());
  for (const n of loads) {
    const sameCalls = Math.max(...(identical.get(n) ?? [Number.NaN]));
    const samePass = sameCalls <= IDENTICAL_TARGET;
    await sleep(COOL_DOWN_MS);
    const texts = Array.from({ length: n }, (_, i) => windows[i % windows.length] ?? '24h');
    const spread = await runRound(world, bot, { texts, awaitReplies: true });
    const spreadPass = spread.upstreamCalls <= DISTINCT_TARGET;
    verdicts.push(
      {
        measurement: `stats calls, ${n} identical`,
        target: `<= ${IDENTICAL_TARGET}`,
        pass: samePass,
      },
      {
        measurement: `stats calls, ${n} over ${DISTINCT_WINDOWS} windows`,
        target: `<= ${DISTINCT_TARGET}`,
        pass: spreadPass,
      },
    );
    rows.push(
      [n, 'identical (24h)', sameCalls, n, `<= ${IDENTICAL_TARGET}`, verdictCell(samePass)],
      [
        n,
        `${DISTINCT_WINDOWS} windows`,
        spread.upstreamCalls,
        n,
        `<= ${DISTINCT_TARGET}`,
        verdictCell(spreadPass),
      ],
    );
  }
  printTable(
    '2. Upstream calls (stats API calls per burst; identical = worst of measurement 1 rounds)',
    ['N', 'commands', 'stats calls', 'without sharing', 'target', 'verdict'],
    rows,
  );
  return verdicts;
}
