import { setTimeout as sleep } from 'node:timers/promises';
import type { AppChild } from './app-child.js';
import { ratio, spread } from './percentiles.js';
import { COOL_DOWN_MS, runRound } from './round.js';
import { num, printTable, type Verdict, verdictCell } from './table.js';
import type { BenchWorld } from './world.js';

/**
 * Measurement 1: time to the HTTP 200 of N concurrent signed `/exec-stats 24h`, the real bot (stats
 * API answering in 1.5 s) against a bare Bolt app that only acks. Rounds alternate between the two
 * (and which goes first), so machine noise hits both. Each bot round starts with the stats cache
 * expired, so every round does the same work: one fetch, then N replies after the acks.
 */

export const STATS_DELAY_MS = 1_500;
const P99_RATIO_TARGET = 1.2;
const ACK_LIMIT_MS = 3_000;

export interface AckLatencyPlan {
  readonly loads: readonly number[];
  readonly roundsPerLoad: number;
}

/** Stats API calls of each bot round, by N: measurement 2 reads them. */
export type IdenticalCalls = Map<number, number[]>;

export async function measureAckLatency(
  world: BenchWorld,
  apps: { readonly bot: AppChild; readonly bare: AppChild },
  plan: AckLatencyPlan,
): Promise<{ verdicts: Verdict[]; identicalCalls: IdenticalCalls }> {
  const { bot, bare } = apps;
  world.setStatsDelay(STATS_DELAY_MS);
  const verdicts: Verdict[] = [];
  const identicalCalls: IdenticalCalls = new Map();
  const rows: (string | number)[][] = [];
  // One unmeasured round each first: the JIT and the connection and time-zone caches warm up.
  const warmTexts = Array.from({ length: plan.loads[0] ?? 10 }, () => '24h');
  await runRound(world, bare, { texts: warmTexts, awaitReplies: false });
  let lastBotSettled = (await runRound(world, bot, { texts: warmTexts, awaitReplies: true }))
    .settledAt;
  for (const n of plan.loads) {
    const texts = Array.from({ length: n }, () => '24h');
    const samples = { bot: [] as number[], bare: [] as number[] };
    const calls: number[] = [];
    for (let round = 0; round < plan.roundsPerLoad; round++) {
      const order = round % 2 === 0 ? [bot, bare] : [bare, bot];
      for (const app of order) {
        if (app === bot) {
          await sleep(Math.max(0, lastBotSettled + COOL_DOWN_MS - performance.now()));
          const result = await runRound(world, bot, { texts, awaitReplies: true });
          lastBotSettled = result.settledAt;
          samples.bot.push(...result.ackMs);
          calls.push(result.upstreamCalls);
        } else {
          samples.bare.push(...(await runRound(world, bare, { texts, awaitReplies: false })).ackMs);
        }
      }
    }
    identicalCalls.set(n, calls);
    const b = spread(samples.bot);
    const f = spread(samples.bare);
    const p99Ratio = ratio(b.p99, f.p99);
    const ratioPass = p99Ratio <= P99_RATIO_TARGET;
    const limitPass = b.max <= ACK_LIMIT_MS;
    verdicts.push({
      measurement: `ack p99 bot/bare, N=${n}`,
      target: `<= ${P99_RATIO_TARGET}`,
      pass: ratioPass,
    });
    if (n === Math.max(...plan.loads)) {
      verdicts.push({
        measurement: `every ack, N=${n}`,
        target: `<= ${ACK_LIMIT_MS} ms`,
        pass: limitPass,
      });
    }
    rows.push(
      [n, 'bare', f.n, num(f.p50), num(f.p99), num(f.max), '', ''],
      [n, 'bot', b.n, num(b.p50), num(b.p99), num(b.max), num(p99Ratio), verdictCell(ratioPass)],
    );
  }
  printTable(
    `1. Ack latency (ms to HTTP 200; stats API answers in ${STATS_DELAY_MS} ms; ${plan.roundsPerLoad} interleaved rounds per N)`,
    ['N', 'app', 'samples', 'p50', 'p99', 'max', 'p99 bot/bare', `<= ${P99_RATIO_TARGET}`],
    rows,
  );
  return { verdicts, identicalCalls };
}
