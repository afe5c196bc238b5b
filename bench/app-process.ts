import { monitorEventLoopDelay } from 'node:perf_hooks';
import { App, LogLevel } from '@slack/bolt';
import { createExecStatsApp } from '../src/app.js';
import { systemClock } from '../src/clock.js';
import { createStatsFeature } from '../src/commands/stats-feature.js';
import { createJsonLogger } from '../src/logging/json-logger.js';
import { createStatsClient } from '../src/stats/client.js';

/**
 * The app under measurement, alone in its own process so that its latency and its memory are not
 * mixed with the load generator's and the fakes' (which run in the parent, see app-child.ts).
 * `bot`: the real app (createExecStatsApp + createStatsClient, default settings). `bare`: a Bolt
 * app whose command handler only acks, the floor the framework sets. Driven over IPC.
 */

export interface AppProcessConfig {
  readonly kind: 'bot' | 'bare';
  readonly slackApiUrl: string;
  readonly statsUrl: string;
  readonly signingSecret: string;
  readonly botToken: string;
  /** Bot only: parse every stats body in the event loop, as before worker threads (big-body-latency.ts). */
  readonly parseInThread?: boolean;
}

/** The event loop of the app since the last `loop-reset`: how busy, how late, how big. */
export interface LoopStats {
  /** Time the event loop was not idle (performance.eventLoopUtilization), ms. */
  readonly activeMs: number;
  /** The longest delay of a 10 ms timer (monitorEventLoopDelay), ms: the longest block. */
  readonly maxDelayMs: number;
  /** The largest RSS seen (sampled every 50 ms), bytes: worker threads included. */
  readonly peakRss: number;
}

export type ParentMessage =
  | { readonly type: 'memory' }
  | { readonly type: 'loop-reset' }
  | { readonly type: 'loop' }
  | { readonly type: 'stop' };
export type ChildMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'memory'; readonly usage: NodeJS.MemoryUsage; readonly gc: boolean }
  | { readonly type: 'loop'; readonly stats: LoopStats };

interface Running {
  readonly port: number;
  stop(): Promise<void>;
}

async function startBot(config: AppProcessConfig): Promise<Running> {
  const stats = createStatsClient({
    baseUrl: config.statsUrl,
    token: 'bench-stats-token',
    ...(config.parseInThread ? { offThreadFromBytes: Number.POSITIVE_INFINITY } : {}),
  });
  // Logs are formatted as in production (info level) but not written: the pipe is not measured.
  const logger = createJsonLogger({
    level: 'info',
    write: () => {},
    secrets: [config.signingSecret, config.botToken],
  });
  const app = createExecStatsApp({
    config: {
      slack: {
        botToken: config.botToken,
        signingSecret: config.signingSecret,
        appToken: null,
        apiUrl: config.slackApiUrl,
        mode: 'http',
      },
      timezone: 'UTC',
      executionUrlTemplate: 'https://app.example.com/executions/{executionId}',
      port: 0,
    },
    stats,
    clock: systemClock,
    logger,
    features: [createStatsFeature()],
  });
  const { port } = await app.start();
  if (port === null) throw new Error('the bot did not listen on a port');
  return {
    port,
    async stop() {
      await app.stop(5_000);
      await stats.close();
    },
  };
}

async function startBare(config: AppProcessConfig): Promise<Running> {
  const app = new App({
    signingSecret: config.signingSecret,
    token: config.botToken,
    deferInitialization: true,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: config.slackApiUrl },
  });
  app.command('/exec-stats', async ({ ack }) => {
    await ack();
  });
  await app.init();
  const server = (await app.start(0)) as { address(): { port: number } | string | null };
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, stop: () => app.stop().then(() => undefined) };
}

function memory(): ChildMessage {
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  return { type: 'memory', usage: process.memoryUsage(), gc: collect !== undefined };
}

/** Watches the event loop between a `loop-reset` and a `loop` message. */
function loopWatch() {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let elu = performance.eventLoopUtilization();
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 50);
  sampler.unref();
  return {
    reset() {
      delay.reset();
      elu = performance.eventLoopUtilization();
      peakRss = process.memoryUsage.rss();
    },
    read(): LoopStats {
      return {
        activeMs: performance.eventLoopUtilization(elu).active,
        maxDelayMs: delay.max / 1e6,
        peakRss: Math.max(peakRss, process.memoryUsage.rss()),
      };
    },
  };
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_APP ?? '') as AppProcessConfig;
  const running = config.kind === 'bot' ? await startBot(config) : await startBare(config);
  const send = (message: ChildMessage) => process.send?.(message);
  const loop = loopWatch();
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'memory') send(memory());
    else if (message.type === 'loop-reset') loop.reset();
    else if (message.type === 'loop') send({ type: 'loop', stats: loop.read() });
    else void running.stop().finally(() => process.exit(0));
  });
  // An orphaned child (the parent died) must not linger.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', port: running.port });
}

main().catch((error: unknown) => {
  console.error('bench app process failed:', error);
  process.exit(1);
});
