import { createExecStatsApp, type ExecStatsApp, type HttpLimits } from '../../src/app.js';
import { type Clock, systemClock } from '../../src/clock.js';
import { createStatsFeature } from '../../src/commands/stats-feature.js';
import type { AdminsConfig } from '../../src/config/admins.js';
import type { FeatureFactory } from '../../src/features/feature.js';
import { createJsonLogger } from '../../src/logging/json-logger.js';
import type { ChartsSetup } from '../../src/slack/slack-charts.js';
import type { StatsSource } from '../../src/stats/types.js';
import type { FakeSlack } from './fake-slack.js';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEST_BOT_TOKEN = 'xoxb-test-bot-token-not-real';

export interface BotUnderTest {
  readonly app: ExecStatsApp;
  /** `POST` here as Slack does. */
  readonly eventsUrl: string;
  readonly baseUrl: string;
  /** Every JSON log line the bot wrote. */
  readonly logLines: string[];
  stop(): Promise<void>;
}

export interface StartBotOptions {
  readonly slack: FakeSlack;
  readonly stats: StatsSource;
  readonly clock?: Clock;
  readonly timezone?: string;
  readonly executionUrlTemplate?: string;
  /** Digests, alerts…: as main.ts would pass them (the stats query is always there). */
  readonly features?: readonly FeatureFactory[];
  /** Shorter HTTP timeouts or a smaller connection cap than the app's own. */
  readonly httpLimits?: Partial<HttpLimits>;
  /** A shorter Web API call timeout (a Slack that never answers). */
  readonly slackTimeoutMs?: number;
  /** `admins:` of the YAML file; absent: workspace admins and owners. */
  readonly admins?: AdminsConfig;
  /** Charts in messages (off unless given, so other tests see the text trend). */
  readonly charts?: ChartsSetup;
}

/** Starts the real Bolt app on a free loopback port, wired to the fake Slack and a stats source. */
export async function startBot(options: StartBotOptions): Promise<BotUnderTest> {
  const logLines: string[] = [];
  const logger = createJsonLogger({
    level: 'debug',
    write: (line) => logLines.push(line),
    secrets: [TEST_SIGNING_SECRET, TEST_BOT_TOKEN],
  });
  const app = createExecStatsApp({
    config: {
      slack: {
        botToken: TEST_BOT_TOKEN,
        signingSecret: TEST_SIGNING_SECRET,
        appToken: null,
        apiUrl: options.slack.apiUrl,
        mode: 'http',
      },
      timezone: options.timezone ?? 'UTC',
      executionUrlTemplate:
        options.executionUrlTemplate ?? 'https://app.example.com/executions/{executionId}',
      port: 0,
      ...(options.admins === undefined ? {} : { file: { admins: options.admins } }),
    },
    stats: options.stats,
    clock: options.clock ?? systemClock,
    logger,
    // Slack's client retries for minutes by default; tests want a failure to surface quickly.
    webClientOptions: {
      retryConfig: { retries: 2, factor: 1, minTimeout: 50, maxTimeout: 100 },
      ...(options.slackTimeoutMs === undefined ? {} : { timeout: options.slackTimeoutMs }),
    },
    // The stats query is a feature like the others; every test bot answers it, as main.ts's does.
    features: [createStatsFeature(), ...(options.features ?? [])],
    ...(options.httpLimits === undefined ? {} : { httpLimits: options.httpLimits }),
    ...(options.charts === undefined ? {} : { charts: options.charts }),
  });
  const { port } = await app.start();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    baseUrl,
    eventsUrl: `${baseUrl}/slack/events`,
    logLines,
    stop: () => app.stop(5_000),
  };
}
