import { type Clock, systemClock } from '../../src/clock.js';
import type { FeatureFactory } from '../../src/features/feature.js';
import type { ChartsSetup } from '../../src/slack/slack-charts.js';
import { type Database, openStateDb } from '../../src/state/open-state-db.js';
import { createStatsClient, type StatsClientOptions } from '../../src/stats/client.js';
import { tempDbPath } from '../unit/state/temp-db.js';
import {
  type FakeSlack,
  type PublishedView,
  type ResponseUrlPost,
  startFakeSlack,
} from './fake-slack.js';
import { simulatedStatsHandler } from './simulated-stats-handler.js';
import { type SlackInteractions, slackInteractions } from './slack-interactions.js';
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
  /** The state DB (a temp file) the features were built on; only when `features` was a function. */
  readonly db: Database;
  /** Home-tab and modal interactions, signed as Slack signs them. */
  readonly ui: SlackInteractions;
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

export interface E2eWorldOptions {
  readonly statsHandler?: StatsServerHandler;
  /** The stats client's own settings (fewer retries, no cache) besides its URL and token. */
  readonly statsClient?: Omit<StatsClientOptions, 'baseUrl' | 'token'>;
  /** The bot's clock; the real one unless given. */
  readonly clock?: Clock;
  readonly timezone?: string;
  /**
   * Digests, alerts, Home…; as a function, built on a fresh state DB in a temp file, which the
   * world opens first and closes (and removes) after the bot has stopped.
   */
  readonly features?:
    | readonly FeatureFactory[]
    | ((db: Database) => readonly FeatureFactory[] | Promise<readonly FeatureFactory[]>);
  readonly charts?: ChartsSetup;
  /** What the fake Slack knows before the bot starts (channel members, users' roles…). */
  readonly seedSlack?: (slack: FakeSlack) => void;
}

let counter = 0;

/**
 * The whole loop on loopback: the real app (Bolt, HTTP receiver) with the real stats client, a fake
 * Slack (Web API and response URLs) and a stats API server answering with simulator data.
 */
export async function startE2eWorld(options: E2eWorldOptions = {}): Promise<E2eWorld> {
  const slack = await startFakeSlack();
  options.seedSlack?.(slack);
  const statsApi = await startStatsServer(options.statsHandler ?? simulatedStatsHandler());
  const { temp, db, features } = await featuresOnTempDb(options.features);
  const stats = createStatsClient({
    ...options.statsClient,
    baseUrl: statsApi.url,
    token: 'stats-token-for-tests',
  });
  const bot = await startBot({
    slack,
    stats,
    clock: options.clock ?? systemClock,
    ...(options.timezone === undefined ? {} : { timezone: options.timezone }),
    ...(features === undefined ? {} : { features }),
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
    get db(): Database {
      if (db === null) throw new Error('no state DB in this world: pass features as (db) => [...]');
      return db;
    },
    ui: slackInteractions(bot.eventsUrl, TEST_SIGNING_SECRET),
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
    // The bot first (it may still be writing the DB or calling out), the servers it called last.
    async close() {
      await bot.stop();
      await stats.close();
      db?.close();
      await statsApi.close();
      await slack.close();
      temp?.cleanup();
    },
  };
}

/** Opens a temp state DB only for features built on one. */
async function featuresOnTempDb(given: E2eWorldOptions['features']): Promise<{
  temp: { cleanup(): void } | null;
  db: Database | null;
  features: readonly FeatureFactory[] | undefined;
}> {
  if (typeof given !== 'function') return { temp: null, db: null, features: given };
  const temp = tempDbPath();
  const db = openStateDb(temp.path);
  return { temp, db, features: await given(db) };
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

/** The user's Home tab as last published (undefined before the first publish). */
export const homeOf = (slack: FakeSlack, user: string): PublishedView | undefined =>
  slack.published.filter((p) => p.userId === user).at(-1);

/** The blocks of the user's Home tab as JSON: what `toContain` checks look into. */
export const homeText = (slack: FakeSlack, user: string): string =>
  JSON.stringify(homeOf(slack, user)?.view.blocks ?? []);
