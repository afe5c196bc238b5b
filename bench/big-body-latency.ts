import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { simulatedStatsHandler } from '../test/support/simulated-stats-handler.js';
import type { AppChild } from './app-child.js';
import type { LoopStats } from './app-process.js';
import { bigStatsBody } from './big-body.js';
import { type Command, createLoadClient } from './load.js';
import { ratio, type Spread, spread } from './percentiles.js';
import { mib, num, printTable, type Verdict } from './table.js';
import type { BenchWorld } from './world.js';

/**
 * Measurement 6: does a big stats answer hold up everybody else? The stats API answers every
 * window with the same valid ~45 MB body (500,000 source systems, bench/big-body.ts) while K
 * distinct windows are asked at once; meanwhile two probers ask `GET /healthz` and send a signed
 * `/exec-stats help` (answered in the ack, no API call), each one at a time, until every big
 * reply has reached its response_url. The same probers run with no big answer in flight, in the
 * same app, just before: the baseline. Two bots, alternated: the bot as it is (big bodies parsed
 * in a worker thread) and the same bot parsing every body in its event loop (as before), so
 * the table shows both what is left and what was fixed. The app's own event loop is watched too:
 * busy time per body, the longest block (the largest timer delay) and the peak RSS.
 */

const BIG_SOURCES = 500_000;
/** The warm-up body: over the 1 MiB threshold (so the worker starts), small enough to be quick. */
const WARM_SOURCES = 20_000;
/** Between two probes: often enough to catch a block, not so often as to be the load. */
const PROBE_GAP_MS = 20;
const BASELINE_PROBES = 40;
/** Slack's limit is 3 s; the issue asks for well under 1 s while big bodies are handled. */
const LIMIT_MS = 1_000;
/** The worker must take at least this much off the in-thread p99 (ratio after/before). */
const IMPROVEMENT_TARGET = 0.5;

export interface BigBodyPlan {
  /** How many big windows at once, per round. */
  readonly bigWindows: readonly number[];
}

interface Probes {
  readonly healthz: number[];
  readonly ack: number[];
}

interface Phase {
  readonly probes: Probes;
  readonly loop: LoopStats;
  readonly wallMs: number;
  readonly errors: number;
}

/**
 * Two probers, each one request at a time with a short pause: one asks `GET /healthz`, the other
 * sends a signed `help`, until `until()` says stop. Two, not one alternating: a block must be
 * seen by both, not absorbed by whichever happened to be waiting.
 */
async function probe(app: AppChild, until: () => boolean, minimum: number): Promise<Probes> {
  const pool = new Pool(app.baseUrl, { connections: 1, pipelining: 1 });
  const acks = createLoadClient(app, 1);
  const loop = async (ask: () => Promise<void>, samples: number[]) => {
    while (samples.length < minimum || !until()) {
      const started = performance.now();
      await ask();
      samples.push(performance.now() - started);
      await sleep(PROBE_GAP_MS);
    }
  };
  const health = async () => {
    const response = await pool.request({ path: '/healthz', method: 'GET' });
    await response.body.dump();
    if (response.statusCode !== 200) throw new Error(`/healthz answered ${response.statusCode}`);
  };
  const help = async () => {
    await acks.fire([
      { text: 'help', responseUrl: 'http://127.0.0.1:9/unused', userId: 'U0PROBE' },
    ]);
  };
  const probes: Probes = { healthz: [], ack: [] };
  try {
    await Promise.all([loop(health, probes.healthz), loop(help, probes.ack)]);
  } finally {
    await Promise.all([pool.close(), acks.close()]);
  }
  return probes;
}

let roundCounter = 0;

/** K big windows at once, probed until every reply arrived; or (k = 0) the baseline. */
async function phase(world: BenchWorld, app: AppChild, k: number): Promise<Phase> {
  const prefix = `big${++roundCounter}-`;
  app.resetLoop();
  const started = performance.now();
  // Distinct windows (25h, 26h, …), so the stats cache cannot share one answer between them.
  const commands = Array.from({ length: k }, (_, i) => ({
    text: `${25 + i}h`,
    responseUrl: world.slack.responseUrl(`${prefix}${i}`),
    userId: `U${i % 20}`,
  }));
  const replies = () => world.slack.responses.filter((post) => post.id.startsWith(prefix));
  const sent = sendAll(app, commands);
  const probes = await probe(app, () => replies().length >= k, k === 0 ? BASELINE_PROBES : 1);
  await sent;
  const wallMs = performance.now() - started;
  const loop = await app.loop();
  const errors = replies().filter((post) => !JSON.stringify(post.body).includes('Total')).length;
  world.slack.responses.length = 0;
  world.slack.calls.length = 0;
  world.statsApi.calls.length = 0;
  return { probes, loop, wallMs, errors };
}

/** Every command at once, each on its own connection (the load generator of measurement 1). */
async function sendAll(app: AppChild, commands: readonly Command[]): Promise<void> {
  if (commands.length === 0) return;
  const client = createLoadClient(app, commands.length);
  try {
    await client.fire(commands);
  } finally {
    await client.close();
  }
}

export async function measureBigBodyLatency(
  world: BenchWorld,
  plan: BigBodyPlan,
): Promise<Verdict[]> {
  // A fixed instant: the body is the same at any hour. Serialised once; the server sends bytes.
  const now = Date.parse('2026-11-24T10:00:00Z');
  const payload = Buffer.from(JSON.stringify(bigStatsBody(BIG_SOURCES, now)));
  const simulated = simulatedStatsHandler();
  world.setStatsDelay(0);
  const apps = {
    worker: await world.startApp('bot'),
    'in-thread': await world.startApp('bot', { parseInThread: true }),
  };
  const verdicts: Verdict[] = [];
  const rows: (string | number)[][] = [];
  try {
    // Unmeasured: JIT, connections, and the worker thread's start.
    const warm = Buffer.from(JSON.stringify(bigStatsBody(WARM_SOURCES, now)));
    world.statsApi.setHandler(() => ({ body: warm }));
    for (const app of Object.values(apps)) await phase(world, app, 1);
    for (const k of plan.bigWindows) {
      const results: Record<string, { base: Phase; big: Phase }> = {};
      // Alternate which bot goes first, so a noisy moment does not always hit the same one.
      const order = Object.entries(apps);
      if (k % 2 === 1) order.reverse();
      for (const [name, app] of order) {
        world.statsApi.setHandler(simulated);
        const base = await phase(world, app, 0);
        world.statsApi.setHandler(() => ({ body: payload }));
        const big = await phase(world, app, k);
        results[name] = { base, big };
      }
      const p99 = (name: string, which: keyof Probes) =>
        spread(results[name]?.big.probes[which] ?? []).p99;
      for (const [name, { base, big }] of Object.entries(results)) {
        const h = spread(big.probes.healthz);
        const a = spread(big.probes.ack);
        const hb = spread(base.probes.healthz);
        const ab = spread(base.probes.ack);
        rows.push(
          row(k, name, 'none', hb, ab, Number.NaN, Number.NaN, base, 0),
          row(k, name, `${k} big`, h, a, ratio(h.p99, hb.p99), ratio(a.p99, ab.p99), big, k),
        );
        if (name === 'worker') {
          const limit = Math.max(h.max, a.max) <= LIMIT_MS;
          verdicts.push({
            measurement: `healthz + ack under ${k} big bodies, every probe`,
            target: `<= ${LIMIT_MS} ms`,
            pass: limit,
          });
          const improved =
            ratio(p99('worker', 'healthz'), p99('in-thread', 'healthz')) <= IMPROVEMENT_TARGET &&
            ratio(p99('worker', 'ack'), p99('in-thread', 'ack')) <= IMPROVEMENT_TARGET;
          verdicts.push({
            measurement: `healthz + ack p99 under ${k} big bodies, worker/in-thread`,
            target: `<= ${IMPROVEMENT_TARGET}`,
            pass: improved,
          });
        }
      }
    }
  } finally {
    world.statsApi.setHandler(simulated);
    await Promise.all(Object.values(apps).map((app) => app.stop()));
  }
  printTable(
    `6. Big bodies and latency (${mib(payload.length)} body, ${BIG_SOURCES.toLocaleString('en')} source systems; probes: /healthz and a signed \`help\`, each every ${PROBE_GAP_MS} ms)`,
    [
      'K',
      'parse',
      'big in flight',
      'probes',
      'healthz p50',
      'p99',
      'max',
      'ack p50',
      'p99',
      'max',
      'healthz p99 ratio',
      'ack p99 ratio',
      'loop busy/body',
      'longest block',
      'peak RSS',
      'replies ok',
    ],
    rows,
  );
  return verdicts;
}

function row(
  k: number,
  parse: string,
  load: string,
  h: Spread,
  a: Spread,
  healthRatio: number,
  ackRatio: number,
  phase: Phase,
  bodies: number,
): (string | number)[] {
  return [
    k,
    parse,
    load,
    h.n,
    num(h.p50),
    num(h.p99),
    num(h.max),
    num(a.p50),
    num(a.p99),
    num(a.max),
    Number.isNaN(healthRatio) ? '' : num(healthRatio),
    Number.isNaN(ackRatio) ? '' : num(ackRatio),
    bodies === 0 ? '' : `${num(phase.loop.activeMs / bodies)} ms`,
    `${num(phase.loop.maxDelayMs)} ms`,
    mib(phase.loop.peakRss),
    bodies === 0 ? '' : `${bodies - phase.errors}/${bodies}`,
  ];
}
