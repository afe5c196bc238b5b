import { systemClock } from '../../src/clock.js';
import type { FeatureFactory } from '../../src/features/feature.js';
import type { ChartsSetup } from '../../src/slack/slack-charts.js';
import { createStatsClient } from '../../src/stats/client.js';
import { type FakeSlack, type ResponseUrlPost, startFakeSlack } from './fake-slack.js';
import { simulatedStatsHandler } from './simulated-stats-handler.js';
import {
  blockActionBody,
  postSigned,
  type SignOptions,
  type SlackPostResult,
  slashCommandBody,
} from './slack-request.js';
import { type BotUnderTest, startBot, TEST_SIGNING_SECRET } from './start-bot.js';
import { type StatsServer, type StatsServerHandler, startStatsServer } from './stats-server.js';

export interface E2eWorld {
  readonly slack: FakeSlack;
  readonly statsApi: StatsServer;
  readonly bot: BotUnderTest;
  /** Sends `/exec-stats <text>` as Slack does; `reply()` waits for what reaches its response_url. */
  command(
    text: string,
    options?: SignOptions & { userId?: string },
  ): Promise<{ ack: SlackPostResult; reply: () => Promise<ResponseUrlPost> }>;
  /** Presses a button as Slack does; `reply()` waits for what reaches its response_url. */
  press(
    actionId: string,
    value: string,
    options?: { isEphemeral?: boolean },
  ): Promise<{ ack: SlackPostResult; reply: () => Promise<ResponseUrlPost> }>;
  /** Posts to a response URL that have arrived so far, for one request. */
  repliesTo(id: string): ResponseUrlPost[];
  close(): Promise<void>;
}

let counter = 0;

/**
 * The whole loop on loopback: the real app (Bolt, HTTP receiver) with the real stats client, a fake
 * Slack (Web API and response URLs) and a stats API server answering with simulator data.
 */
export async function startE2eWorld(
  options: {
    statsHandler?: StatsServerHandler;
    timezone?: string;
    features?: readonly FeatureFactory[];
    charts?: ChartsSetup;
  } = {},
): Promise<E2eWorld> {
  const slack = await startFakeSlack();
  const statsApi = await startStatsServer(options.statsHandler ?? simulatedStatsHandler());
  const stats = createStatsClient({ baseUrl: statsApi.url, token: 'stats-token-for-tests' });
  const bot = await startBot({
    slack,
    stats,
    clock: systemClock,
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    ...(options.features === undefined ? {} : { features: options.features }),
    ...(options.charts === undefined ? {} : { charts: options.charts }),
  });
  const repliesTo = (id: string) => slack.responses.filter((post) => post.id === id);
  const awaitReply = (id: string) => async () => {
    await slack.waitFor(() => repliesTo(id).length > 0, 15_000);
    return repliesTo(id)[0] as ResponseUrlPost;
  };

  return {
    slack,
    statsApi,
    bot,
    repliesTo,
    async command(text, signOptions = {}) {
      const id = `cmd-${++counter}`;
      const body = slashCommandBody({
        text,
        responseUrl: slack.responseUrl(id),
        ...(signOptions.userId === undefined ? {} : { userId: signOptions.userId }),
      });
      const ack = await postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body, signOptions);
      return { ack, reply: awaitReply(id) };
    },
    async press(actionId, value, pressOptions = {}) {
      const id = `press-${++counter}`;
      const body = blockActionBody({
        actionId,
        value,
        responseUrl: slack.responseUrl(id),
        ...(pressOptions.isEphemeral === undefined
          ? {}
          : { isEphemeral: pressOptions.isEphemeral }),
      });
      const ack = await postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body);
      return { ack, reply: awaitReply(id) };
    },
    async close() {
      await bot.stop();
      await stats.close();
      await statsApi.close();
      await slack.close();
    },
  };
}

/** Every text in a message's blocks, joined: what a reader of the message would see. */
export function messageText(body: Record<string, unknown>): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'text' && typeof value === 'string') texts.push(value);
        else walk(value);
      }
    }
  };
  walk(body.blocks);
  return texts.join('\n');
}

/** The value of the first button with `actionId` in a message. */
export function buttonValue(body: Record<string, unknown>, actionId: string): string | null {
  for (const block of (body.blocks as Array<{ elements?: unknown[] }>) ?? []) {
    for (const element of (block.elements ?? []) as Array<Record<string, unknown>>) {
      if (element.action_id === actionId && typeof element.value === 'string') return element.value;
    }
  }
  return null;
}
