import { type FakeSlack, startFakeSlack } from '../test/support/fake-slack.js';
import { simulatedStatsHandler } from '../test/support/simulated-stats-handler.js';
import { type StatsServer, startStatsServer } from '../test/support/stats-server.js';
import { type AppChild, startAppChild } from './app-child.js';
import type { AppProcessConfig } from './app-process.js';

/**
 * What the apps under measurement talk to, in this (the parent) process: a fake Slack (Web API and
 * response URLs) and a stats API answering with the simulator's data after `delayMs`.
 */

export const BENCH_SIGNING_SECRET = 'bench-signing-secret-0123456789abcdef';
const BENCH_BOT_TOKEN = 'xoxb-bench-bot-token-not-real';

export interface BenchWorld {
  readonly slack: FakeSlack;
  readonly statsApi: StatsServer;
  /** How long the stats API takes to answer, from now on. */
  setStatsDelay(ms: number): void;
  startApp(
    kind: AppProcessConfig['kind'],
    options?: Pick<AppProcessConfig, 'parseInThread'>,
  ): Promise<AppChild>;
  close(): Promise<void>;
}

export async function startBenchWorld(): Promise<BenchWorld> {
  const slack = await startFakeSlack();
  const simulated = simulatedStatsHandler();
  let delayMs = 0;
  const statsApi = await startStatsServer(async (call, index) => ({
    ...(await simulated(call, index)),
    delayMs,
  }));
  const children = new Set<AppChild>();
  return {
    slack,
    statsApi,
    setStatsDelay(ms) {
      delayMs = ms;
    },
    async startApp(kind, options = {}) {
      const child = await startAppChild({
        ...options,
        kind,
        slackApiUrl: slack.apiUrl,
        statsUrl: statsApi.url,
        signingSecret: BENCH_SIGNING_SECRET,
        botToken: BENCH_BOT_TOKEN,
      });
      children.add(child);
      return child;
    },
    async close() {
      await Promise.all([...children].map((child) => child.stop()));
      await statsApi.close();
      await slack.close();
    },
  };
}
