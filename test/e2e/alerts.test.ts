import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALERT_ACTION_IDS } from '../../src/messages/alert-actions.js';
import type { Database } from '../../src/state/open-state-db.js';
import { createStatsClient } from '../../src/stats/client.js';
import { buttonValue, messageText } from '../support/e2e-harness.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { blockActionBody, postSigned, slashCommandBody } from '../support/slack-request.js';
import { type BotUnderTest, startBot, TEST_SIGNING_SECRET } from '../support/start-bot.js';
import {
  type StatsServer,
  type StatsServerReply,
  startStatsServer,
} from '../support/stats-server.js';
import { tempDbPath } from '../unit/state/temp-db.js';
import {
  ALERT_CHANNEL,
  alertsOnDb,
  healthyBody,
  posts,
  spikeBody,
  topLevel,
  until,
  updates,
} from './alerts-support.js';

/**
 * Alerts through the real app, a fake Slack and a stats API server whose answer the test switches
 * (spike, healthy, down), with `interval: 2s` and the rule. Bots are restarted on the same
 * DB file as a redeploy would.
 */
describe('failure-spike alerts end to end', () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let temp = tempDbPath();
  let answer: () => StatsServerReply = () => ({ body: healthyBody() });
  const running: { bot: BotUnderTest; db: Database; close(): Promise<void> }[] = [];

  beforeEach(async () => {
    temp = tempDbPath();
    slack = await startFakeSlack();
    statsApi = await startStatsServer(() => answer());
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.close();
    await statsApi.close();
    await slack.close();
    temp.cleanup();
  });

  async function startAlertBot(intervalMs?: number) {
    const { factory, db } = alertsOnDb(temp.path, intervalMs);
    // No retries: an unreachable API fails the cycle at once instead of after backoffs.
    const stats = createStatsClient({
      baseUrl: statsApi.url,
      token: 'stats-token-for-tests',
      retries: { maxRetries: 0 },
      // Every cycle asks the API: the client's few-second cache would blur the switches of answer.
      cacheTtlMs: 0,
    });
    const bot = await startBot({ slack, stats, features: [factory] });
    const handle = {
      bot,
      db,
      async close() {
        running.splice(running.indexOf(handle), 1);
        await bot.stop();
        await stats.close();
        db.close();
      },
    };
    running.push(handle);
    return handle;
  }

  /** Waits for `n` more evaluation cycles (each asks the stats API once: one rule, one window). */
  async function cycles(n: number) {
    const target = statsApi.calls.length + n;
    await until(() => statsApi.calls.length >= target);
    await new Promise((resolve) => setTimeout(resolve, 100)); // let the cycle's Slack calls finish
  }

  async function press(bot: BotUnderTest, actionId: string, value: string, userId: string) {
    const body = blockActionBody({
      actionId,
      value,
      responseUrl: slack.responseUrl(`press-${actionId}`),
      userId,
      isEphemeral: false,
      channelId: ALERT_CHANNEL, // the alert's own message, where its buttons are
    });
    return postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body);
  }

  it('fires one top-level alert with links, never a second one while firing (across a restart), and buttons update it', {
    timeout: 40_000,
  }, async () => {
    answer = () => ({ body: spikeBody() });
    const first = await startAlertBot();
    await until(() => topLevel(slack).length === 1);
    const root = topLevel(slack)[0];
    expect(root?.args.channel).toBe(ALERT_CHANNEL);
    const text = messageText(root?.args ?? {});
    expect(text).toContain('failed *8* of 20 (40%)');
    expect(text).toContain('<https://app.example.com/executions/exec-spike-1|exec-spike-1>');
    expect(text).toContain('ledger timeout');
    // The notification names what fires once ("· all sources: 40% failed"), not twice.
    expect(String(root?.args.text)).toMatch(/billing-spike · all sources: 40% failed \(8\/20\)$/);
    expect(text).toContain('at least 5 failures');
    await cycles(2);
    expect(topLevel(slack)).toHaveLength(1);

    // Acknowledge: the root is edited to say who, and the state remembers it.
    const value = buttonValue(root?.args ?? {}, ALERT_ACTION_IDS.acknowledge) ?? '';
    const ack = await press(first.bot, ALERT_ACTION_IDS.acknowledge, value, 'U0ALICE');
    expect(ack.status).toBe(200);
    await until(() =>
      updates(slack).some((u) => messageText(u.args).includes('Acknowledged by <@U0ALICE>')),
    );
    const acked = updates(slack).find((u) => messageText(u.args).includes('Acknowledged by'));
    expect(acked?.args.ts).toBe(JSON.parse(JSON.stringify(slackTsOf(slack, root))));
    const stored = first.db.prepare('SELECT state FROM alert_rule_states').get() as {
      state: string;
    };
    expect(JSON.parse(stored.state).incident.acknowledgedBy).toBe('U0ALICE');
    await first.close();

    // A restart on the same DB file while it still fires: no second alert.
    const second = await startAlertBot();
    await cycles(2);
    expect(topLevel(slack)).toHaveLength(1);
    const mute = await press(second.bot, ALERT_ACTION_IDS.mute1h, value, 'U0BOB');
    expect(mute.status).toBe(200);
    await until(() =>
      updates(slack).some((u) =>
        /Muted until <!date\^\d+\^\{time\}\|[^>]+> by <@U0BOB>/.test(messageText(u.args)),
      ),
    );

    // It recovers: a reply in the thread, and the root marked resolved.
    answer = () => ({ body: healthyBody() });
    await until(() => posts(slack).some((p) => p.args.thread_ts !== undefined));
    const reply = posts(slack).find((p) => p.args.thread_ts !== undefined);
    expect(reply?.args.thread_ts).toBe(slackTsOf(slack, root));
    expect(messageText(reply?.args ?? {})).toContain('Recovered');
    await until(() => updates(slack).some((u) => messageText(u.args).includes('*Resolved* after')));
    expect(topLevel(slack)).toHaveLength(1);
  });

  it('reports a recovery that happened while the bot was down', { timeout: 30_000 }, async () => {
    answer = () => ({ body: spikeBody() });
    const first = await startAlertBot();
    await until(() => topLevel(slack).length === 1);
    await first.close();
    answer = () => ({ body: healthyBody() });
    await startAlertBot();
    await until(() => posts(slack).some((p) => messageText(p.args).includes('Recovered')));
    expect(topLevel(slack)).toHaveLength(1);
    await until(() => updates(slack).some((u) => messageText(u.args).includes('Resolved')));
  });

  it('tells the alert channel once that the stats API is unreachable, and once that it is back', {
    timeout: 40_000,
  }, async () => {
    answer = () => ({ body: healthyBody() });
    // Faster cycles here: this test counts failed cycles, not how fast a spike is seen.
    await startAlertBot(300);
    await cycles(1);
    answer = () => ({
      status: 503,
      body: { code: 503, message: 'unavailable', requestId: 'req-503' },
    });
    await until(() => topLevel(slack).length === 1);
    expect(messageText(topLevel(slack)[0]?.args ?? {})).toContain('The stats API is unreachable');
    await cycles(2);
    expect(topLevel(slack)).toHaveLength(1);
    answer = () => ({ body: healthyBody() });
    await until(() => topLevel(slack).length === 2);
    expect(messageText(topLevel(slack)[1]?.args ?? {})).toContain('The stats API is back');
    await cycles(2);
    expect(topLevel(slack)).toHaveLength(2);
    expect(topLevel(slack).every((p) => p.args.channel === ALERT_CHANNEL)).toBe(true);
  });

  it('View stats answers the presser alone; `alerts` and `mute` answer as subcommands', {
    timeout: 20_000,
  }, async () => {
    answer = () => ({ body: spikeBody() });
    const { bot } = await startAlertBot();
    await until(() => topLevel(slack).length === 1);
    const root = topLevel(slack)[0]?.args ?? {};
    const view = buttonValue(root, ALERT_ACTION_IDS.viewStats) ?? '';
    expect(view).toBe('15m');
    expect((await press(bot, ALERT_ACTION_IDS.viewStats, view, 'U0ALICE')).status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === `press-${ALERT_ACTION_IDS.viewStats}`));
    const shown = slack.responses.find((r) => r.id === `press-${ALERT_ACTION_IDS.viewStats}`);
    expect(shown?.body.response_type).toBe('ephemeral');
    expect(shown?.body.replace_original).toBe(false);
    expect(messageText(shown?.body ?? {})).toContain('Executions · last 15 minutes');

    const command = async (text: string) => {
      const id = `cmd-${text.replace(/\W+/g, '-')}`;
      const body = slashCommandBody({ text, responseUrl: slack.responseUrl(id) });
      expect((await postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body)).status).toBe(200);
      await until(() => slack.responses.some((r) => r.id === id));
      return slack.responses.find((r) => r.id === id)?.body ?? {};
    };
    expect(messageText(await command('alerts'))).toContain('*billing-spike* · 🚨 firing');
    const muted = await command('mute billing-spike 4h');
    expect(muted.response_type).toBe('in_channel');
    expect(messageText(muted)).toContain('<@U0ALICE> muted *billing-spike* until');
    await until(() => updates(slack).some((u) => messageText(u.args).includes('Muted until')));
  });
});

/** The ts the fake Slack gave a posted message (its answer is not recorded, so it is replayed). */
function slackTsOf(slack: FakeSlack, call: { args: Record<string, unknown> } | undefined): string {
  const index = slack.calls
    .filter((c) => c.method === 'chat.postMessage')
    .findIndex((c) => c.args === call?.args);
  return `1700000000.${String(index + 1).padStart(6, '0')}`;
}
