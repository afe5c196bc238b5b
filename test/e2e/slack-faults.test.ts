import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/state/open-state-db.js';
import { createStatsClient } from '../../src/stats/client.js';
import { messageText } from '../support/e2e-harness.js';
import { type FakeSlack, type SlackFault, startFakeSlack } from '../support/fake-slack.js';
import {
  eventCallbackBody,
  JSON_BODY,
  postSigned,
  slashCommandBody,
} from '../support/slack-request.js';
import { type BotUnderTest, startBot, TEST_SIGNING_SECRET } from '../support/start-bot.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';
import { tempDbPath } from '../unit/state/temp-db.js';
import { ALERT_CHANNEL, alertsOnDb, spikeBody, until } from './alerts-support.js';

/**
 * Alerts through the real app when Slack's Web API misbehaves (the fake's faults): errors, a
 * message stored and then no clear answer, no answer at all, 429s, and a bot not yet invited.
 * The stats API always answers with a spike, so the alert is due from the first cycle (2 s).
 */
describe('alerts when Slack misbehaves', { timeout: 60_000 }, () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let temp = tempDbPath();
  const running: { close(): Promise<void> }[] = [];

  beforeEach(async () => {
    temp = tempDbPath();
    slack = await startFakeSlack();
    statsApi = await startStatsServer(() => ({ body: spikeBody() }));
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.close();
    await statsApi.close();
    await slack.close();
    temp.cleanup();
  });

  async function startAlertBot(
    options: { intervalMs?: number; slackTimeoutMs?: number } = {},
  ): Promise<{ bot: BotUnderTest; db: Database }> {
    const { factory, db } = alertsOnDb(temp.path, options.intervalMs);
    const stats = createStatsClient({
      baseUrl: statsApi.url,
      token: 'stats-token-for-tests',
      retries: { maxRetries: 0 },
      cacheTtlMs: 0,
    });
    const bot = await startBot({
      slack,
      stats,
      features: [factory],
      ...(options.slackTimeoutMs === undefined ? {} : { slackTimeoutMs: options.slackTimeoutMs }),
    });
    running.push({
      async close() {
        await bot.stop();
        await stats.close();
        db.close();
      },
    });
    return { bot, db };
  }

  /** Alert roots as Slack stored them (what the channel shows). */
  const roots = () =>
    slack.stored.filter((m) => m.channel === ALERT_CHANNEL && m.thread_ts === undefined);
  /** Every chat.postMessage of a root the bot attempted, stored or not. */
  const rootAttempts = () =>
    slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts === undefined);
  const outbox = (db: Database) =>
    (db.prepare('SELECT COUNT(*) AS n FROM alert_outbox').get() as { n: number }).n;

  it('Slack answers 500 while an alert fires, then recovers: posted once, without a restart, evaluation never stopped', async () => {
    slack.fault('chat.postMessage', { kind: 'status', status: 500 }, 3);
    const { bot, db } = await startAlertBot();
    await until(() => roots().length === 1, 40_000);
    await until(() => outbox(db) === 0);
    expect(rootAttempts()).toHaveLength(4); // three 500s, then the one that landed
    expect(roots()).toHaveLength(1);
    // Each retry after a 500 first looked for the message by its key (a 500 is ambiguous).
    expect(slack.calls.filter((c) => c.method === 'conversations.history')).toHaveLength(3);
    // Cycles went on every 2 s while Slack was failing (each asks the stats API once).
    expect(statsApi.calls.length).toBeGreaterThanOrEqual(2);
    expect(bot.logLines.some((l) => l.includes('already under way'))).toBe(false);
  });

  it('Slack stores the root but never answers: evaluation goes on, the post times out, is found by its key, and is not posted again', async () => {
    slack.fault('chat.postMessage', { kind: 'stored-then-hang' }, 1);
    const { bot, db } = await startAlertBot({ slackTimeoutMs: 1_500 });
    const hungAt = await firstCall('chat.postMessage');
    const cyclesBefore = statsApi.calls.length;
    await until(() => bot.logLines.some((l) => l.includes('post found in the channel')));
    await until(() => outbox(db) === 0);
    expect(rootAttempts()).toHaveLength(1);
    expect(roots()).toHaveLength(1);
    // The cycle after the hung post ran on schedule: evaluation does not wait on Slack.
    await until(() => statsApi.calls.length > cyclesBefore);
    expect(statsApi.calls.some((c) => c.at > hungAt)).toBe(true);
  });

  it.each<SlackFault>([{ kind: 'stored-then-status', status: 500 }, { kind: 'stored-then-drop' }])(
    'Slack stores the root, then answers $kind: found by its key, posted once',
    async (fault) => {
      slack.fault('chat.postMessage', fault, 1);
      const { bot, db } = await startAlertBot();
      await until(() => bot.logLines.some((l) => l.includes('post found in the channel')));
      await until(() => outbox(db) === 0);
      expect(rootAttempts()).toHaveLength(1);
      expect(roots()).toHaveLength(1);
    },
  );

  it('429 with Retry-After: the alert waits as long as Slack asked, then is posted once', async () => {
    slack.fault('chat.postMessage', { kind: 'rate-limited', retryAfter: 1 }, 1);
    const { db } = await startAlertBot();
    await until(() => roots().length === 1);
    await until(() => outbox(db) === 0);
    const [limited, landed] = rootAttempts();
    expect(rootAttempts()).toHaveLength(2);
    expect((landed?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(1_000);
    // A 429 stored nothing: no look-up before the second try.
    expect(slack.calls.filter((c) => c.method === 'conversations.history')).toHaveLength(0);
  });

  it('not_in_channel: the alert is held, /exec-stats alerts says to invite the bot, and it is posted when the bot joins', async () => {
    slack.fault(
      'chat.postMessage',
      { kind: 'error', error: 'not_in_channel' },
      Number.POSITIVE_INFINITY,
    );
    // One cycle a minute: what posts it below is the join, not the next cycle.
    const { bot, db } = await startAlertBot({ intervalMs: 60_000 });
    await until(() => bot.logLines.some((l) => l.includes('alert not posted: invite the bot')));
    const held = db.prepare('SELECT held_reason FROM alert_outbox').all() as {
      held_reason: string | null;
    }[];
    expect(held.map((h) => h.held_reason)).toContain('not_in_channel');
    expect(roots()).toHaveLength(0);

    const status = await postSigned(
      bot.eventsUrl,
      TEST_SIGNING_SECRET,
      slashCommandBody({ text: 'alerts', responseUrl: slack.responseUrl('status') }),
    );
    expect(status.status).toBe(200);
    await slack.waitFor(() => slack.responses.some((r) => r.id === 'status'));
    const shown = messageText(slack.responses.find((r) => r.id === 'status')?.body ?? {});
    expect(shown).toContain(`not posted: invite the bot to <#${ALERT_CHANNEL}>`);
    // …and so do the metrics an operator alerts on.
    const metrics = await (await fetch(`${bot.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^exec_stats_alerts_held [1-9]/m);
    expect(metrics).toMatch(
      /^exec_stats_slack_api_calls_total\{method="chat\.postMessage",outcome="not_in_channel"\} [1-9]/m,
    );

    // Someone invites the bot; Slack tells the app.
    slack.clearFaults('chat.postMessage');
    expect((await joins(bot, 'UBOT')).status).toBe(200);
    await until(() => roots().length === 1, 10_000);
    await until(() => outbox(db) === 0);
    expect(roots()[0]?.text).toContain('billing-spike');
    expect(bot.logLines.some((l) => l.includes('a held alert notification was delivered'))).toBe(
      true,
    );
  });

  it('someone else joining the channel does not count as the bot being invited', async () => {
    slack.fault('chat.postMessage', { kind: 'error', error: 'not_in_channel' }, 1);
    const { bot } = await startAlertBot({ intervalMs: 60_000 });
    await until(() => bot.logLines.some((l) => l.includes('alert not posted: invite the bot')));
    expect((await joins(bot, 'U0ALICE')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(bot.logLines.some((l) => l.includes('the bot joined a channel'))).toBe(false);
    expect(roots()).toHaveLength(0);
  });

  /** Slack's member_joined_channel event for `user` in the alert channel, signed as Slack sends it. */
  const joins = (bot: BotUnderTest, user: string) =>
    postSigned(
      bot.eventsUrl,
      TEST_SIGNING_SECRET,
      eventCallbackBody({ type: 'member_joined_channel', user, channel: ALERT_CHANNEL }),
      JSON_BODY,
    );

  async function firstCall(method: string): Promise<number> {
    await until(() => slack.calls.some((c) => c.method === method));
    return slack.calls.find((c) => c.method === method)?.at ?? 0;
  }
});
