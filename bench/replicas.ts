import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  freePort,
  killGroup,
  mainScriptArgs,
  type Spawned,
  spawnNode,
  waitUntilHealthy,
} from '../test/support/child-process.js';
import { createTestDatabase } from '../test/unit/state/backends.js';
import type { AppChild } from './app-child.js';
import { median, ratio, spread } from './percentiles.js';
import { runRound } from './round.js';
import { startRoundRobinProxy } from './round-robin-proxy.js';
import { num, printTable, type Verdict, verdictCell } from './table.js';
import { BENCH_SIGNING_SECRET, type BenchWorld } from './world.js';

/**
 * Measurement 8: `/exec-stats` with 1 replica against 3 replicas on one PostgreSQL database (a
 * temporary one on 127.0.0.1:5432, dropped after). The replicas are the bot as deployed
 * (src/main.ts processes, EXEC_STATS_DB set to the database's URL), behind a round-robin proxy on
 * loopback; "1 replica" is the same proxy sending everything to one of the three, so both see the
 * same processes, proxy and load. Rounds of N concurrent commands alternate between the two (and
 * which goes first); each round asks 10 windows no earlier round asked (nothing is cached yet),
 * the stats API answering at once. Throughput = N / (from the round's start to its last
 * response_url reply); acks = time to each HTTP 200; stats calls per round (median): each replica
 * keeps its own cache, so three fetch each window up to three times. Verdicts: ack p99 within
 * Slack's 3 s, each setup on its own.
 */

const REPLICAS = 3;
const ACK_LIMIT_MS = 3_000;
const STARTUP_TIMEOUT_MS = 90_000;

export interface ReplicasPlan {
  readonly replicaLoads: readonly number[];
  readonly replicaRounds: number;
}

interface Replica extends Spawned {
  readonly url: string;
}

export async function measureReplicas(world: BenchWorld, plan: ReplicasPlan): Promise<Verdict[]> {
  world.setStatsDelay(0);
  const database = await createTestDatabase('bench_replicas');
  const dir = mkdtempSync(join(tmpdir(), 'exec-stats-bench-replicas-'));
  const replicas: Replica[] = [];
  try {
    writeFileSync(join(dir, 'exec-stats.yml'), 'timezone: UTC\n');
    const env = {
      SLACK_BOT_TOKEN: 'xoxb-bench-replicas-not-real',
      SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET,
      SLACK_API_URL: world.slack.apiUrl,
      STATS_API_URL: world.statsApi.url,
      STATS_API_TOKEN: 'bench-stats-token',
      EXEC_STATS_CONFIG: join(dir, 'exec-stats.yml'),
      EXEC_STATS_DB: database.url,
    };
    // Started together: they migrate the new database once between them.
    const starts = await Promise.allSettled(
      Array.from({ length: REPLICAS }, () => startReplica(env)),
    );
    for (const start of starts) if (start.status === 'fulfilled') replicas.push(start.value);
    const failed = starts.find((start) => start.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
    return await measure(world, replicas, plan);
  } finally {
    for (const replica of replicas) replica.child.kill('SIGTERM');
    await Promise.all(replicas.map((r) => Promise.race([r.exited, sleepThenKill(r)])));
    rmSync(dir, { recursive: true, force: true });
    await database.drop();
  }
}

async function measure(
  world: BenchWorld,
  replicas: readonly Replica[],
  plan: ReplicasPlan,
): Promise<Verdict[]> {
  const all = replicas.map((r) => r.url);
  const one = all.slice(0, 1);
  const proxy = await startRoundRobinProxy(all);
  const app = proxiedApp(proxy.url);
  let windows = 24;
  // Ten windows no earlier round asked, so every round fetches and builds the same way.
  const texts = (n: number) => {
    const start = windows;
    windows += 10;
    return Array.from({ length: n }, (_, i) => `${start + (i % 10)}h`);
  };
  const rows: string[][] = [];
  const verdicts: Verdict[] = [];
  try {
    // One unmeasured round through all three: JIT, connections and time-zone caches warm up.
    await runRound(world, app, { texts: texts(plan.replicaLoads[0] ?? 20), awaitReplies: true });
    for (const n of plan.replicaLoads) {
      const acks = new Map<number, number[]>([
        [1, []],
        [REPLICAS, []],
      ]);
      const perSecond = new Map<number, number[]>([
        [1, []],
        [REPLICAS, []],
      ]);
      const calls = new Map<number, number[]>([
        [1, []],
        [REPLICAS, []],
      ]);
      for (let round = 0; round < plan.replicaRounds; round++) {
        const order = round % 2 === 0 ? [1, REPLICAS] : [REPLICAS, 1];
        for (const count of order) {
          proxy.use(count === 1 ? one : all);
          const started = performance.now();
          const result = await runRound(world, app, { texts: texts(n), awaitReplies: true });
          acks.get(count)?.push(...result.ackMs);
          perSecond.get(count)?.push(n / ((result.settledAt - started) / 1000));
          calls.get(count)?.push(result.upstreamCalls);
        }
      }
      const figuresOf = (count: number) => ({
        acks: spread(acks.get(count) ?? []),
        rate: median(perSecond.get(count) ?? []),
        calls: median(calls.get(count) ?? []),
      });
      const single = figuresOf(1);
      const three = figuresOf(REPLICAS);
      const throughputRatio = ratio(three.rate, single.rate);
      const p99Ratio = ratio(three.acks.p99, single.acks.p99);
      const within = (figures: typeof single) => figures.acks.p99 <= ACK_LIMIT_MS;
      for (const [count, figures] of [
        [1, single],
        [REPLICAS, three],
      ] as const) {
        rows.push([
          String(n),
          String(count),
          String(figures.acks.n),
          num(figures.acks.p50),
          num(figures.acks.p99),
          num(figures.acks.max),
          num(figures.rate),
          num(figures.calls),
          count === 1 ? '' : num(throughputRatio),
          count === 1 ? '' : num(p99Ratio),
          verdictCell(within(figures)),
        ]);
        verdicts.push({
          measurement: `ack p99, ${count} replica${count === 1 ? '' : 's'}, N=${n}`,
          target: `<= ${ACK_LIMIT_MS} ms`,
          pass: within(figures),
        });
      }
    }
  } finally {
    await proxy.close();
  }
  printTable(
    `8. ${REPLICAS} replicas against 1 on one PostgreSQL database (behind a round-robin proxy; ${plan.replicaRounds} interleaved rounds per N; stats API answers at once)`,
    [
      'N',
      'replicas',
      'acks',
      'ack p50',
      'ack p99',
      'ack max',
      'commands/s (median)',
      'stats calls',
      `throughput ${REPLICAS}/1`,
      `p99 ${REPLICAS}/1`,
      `p99 <= ${ACK_LIMIT_MS}`,
    ],
    rows,
  );
  return verdicts;
}

/** The proxy as the load client sees an app (it only reads the URL, path and kind). */
function proxiedApp(baseUrl: string): AppChild {
  const notAProcess = () => {
    throw new Error('the replicas proxy is not an app process');
  };
  return {
    kind: 'bot',
    baseUrl,
    eventsPath: '/slack/events',
    memory: notAProcess,
    resetLoop: notAProcess,
    loop: notAProcess,
    stop: async () => {},
  };
}

async function startReplica(env: Record<string, string>): Promise<Replica> {
  const port = await freePort();
  const replica = spawnNode(mainScriptArgs(), { ...env, PORT: String(port) });
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.race([
      waitUntilHealthy(`${url}/healthz`, STARTUP_TIMEOUT_MS),
      replica.exited.then((code) => {
        throw new Error(`exited with ${code}`);
      }),
    ]);
  } catch (error) {
    killGroup(replica);
    throw new Error(`a bench replica did not start: ${String(error)}\n${replica.stderr()}`);
  }
  return { ...replica, url };
}

/** A replica that has not stopped 10 s after SIGTERM is killed. */
async function sleepThenKill(replica: Replica): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 10_000).unref());
  if (replica.child.exitCode === null && replica.child.signalCode === null) killGroup(replica);
}
