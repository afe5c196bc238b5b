import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/state/open-state-db.js';
import { type E2eWorld, messageText, startE2eWorld } from '../support/e2e-harness.js';
import type { FakeSlack } from '../support/fake-slack.js';
import {
  eventCallbackBody,
  JSON_BODY,
  postSigned,
  slashCommandBody,
} from '../support/slack-request.js';
import { type BotUnderTest, TEST_SIGNING_SECRET } from '../support/start-bot.js';
import {
  ALERT_CHANNEL,
  alertsFeature,
  spikeBody,
  topLevel,
  until,
  updates,
} from './alerts-support.js';

const REFUSED =
  'Only members of <#C0ALERTS01> (or workspace admins and owners) can mute its alerts.';

/**
 * `/exec-stats mute | unmute` through the real app, signed as Slack sends it: the same right as
 * the alert's Mute buttons (members of the rule's channel, and admins), and Slack's membership
 * events make a join or a leave count at once, not after the minute members are remembered.
 */
describe('who may mute an alert with /exec-stats', { timeout: 40_000 }, () => {
  let world: E2eWorld;
  let slack: FakeSlack;
  let bot: BotUnderTest;
  let db: Database;

  beforeEach(async () => {
    world = await startE2eWorld({
      seedSlack: (slack) => slack.views.channelMembers.set(ALERT_CHANNEL, ['U0BOB']),
      statsHandler: () => ({ body: spikeBody() }),
      statsClient: { retries: { maxRetries: 0 }, cacheTtlMs: 0 },
      features: (db) => [alertsFeature(db)],
    });
    ({ slack, bot, db } = world);
  });
  afterEach(() => world.close());

  let counter = 0;
  /** `/exec-stats <text>` typed by `userId` in another channel; what reached its response_url. */
  async function command(text: string, userId: string) {
    const id = `cmd-${++counter}`;
    const body = slashCommandBody({ text, userId, responseUrl: slack.responseUrl(id) });
    expect((await postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body)).status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === id));
    return slack.responses.find((r) => r.id === id)?.body ?? {};
  }
  async function membership(type: 'member_joined_channel' | 'member_left_channel', user: string) {
    const event = eventCallbackBody({ type, user, channel: ALERT_CHANNEL, channel_type: 'C' });
    const posted = await postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, event, JSON_BODY);
    expect(posted.status).toBe(200);
  }
  /** The event is handled after its ack: the command is typed again until it has counted. */
  async function commandUntil(text: string, userId: string, done: (reply: string) => boolean) {
    const deadline = Date.now() + 10_000; // well within the minute members are remembered
    for (;;) {
      const reply = messageText(await command(text, userId));
      if (done(reply) || Date.now() > deadline) return reply;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const mutes = () => {
    const row = db.prepare('SELECT state FROM alert_rule_states').get() as { state: string };
    return JSON.parse(row.state).mutes as Record<string, { by: string }>;
  };

  it('a member of the alert channel mutes; a non-member is refused and nothing changes', async () => {
    await until(() => topLevel(slack).length === 1);

    const refused = await command('mute billing-spike 4h', 'U0EVE');
    expect(refused.response_type).toBe('ephemeral');
    expect(messageText(refused)).toBe(REFUSED);
    expect(mutes()).toEqual({});
    expect(bot.logLines.some((l) => l.includes('alert mute refused: not-in-channel'))).toBe(true);

    const muted = await command('mute billing-spike 4h', 'U0BOB');
    expect(muted.response_type).toBe('in_channel');
    expect(messageText(muted)).toContain('<@U0BOB> muted *billing-spike* until');
    expect(Object.values(mutes()).map((m) => m.by)).toEqual(['U0BOB']);
    await until(() => updates(slack).some((u) => messageText(u.args).includes('Muted until')));

    // Unmuting is the same right: Eve cannot lift Bob's mute.
    expect(messageText(await command('unmute billing-spike', 'U0EVE'))).toBe(REFUSED);
    expect(Object.values(mutes()).map((m) => m.by)).toEqual(['U0BOB']);
    // An admin may, from anywhere.
    slack.views.roles.set('U0ADMIN', { is_admin: true });
    const lifted = await command('unmute billing-spike', 'U0ADMIN');
    expect(messageText(lifted)).toContain('<@U0ADMIN> unmuted *billing-spike*');
    expect(mutes()).toEqual({});
  });

  it('someone who just joined the channel may mute at once; someone who just left is refused', async () => {
    await until(() => topLevel(slack).length === 1);
    // Both answers come from one look-up of the members, remembered for a minute.
    expect(messageText(await command('mute billing-spike 1h', 'U0EVE'))).toBe(REFUSED);
    expect(messageText(await command('mute billing-spike 1h', 'U0BOB'))).toContain('muted');
    const asked = () => slack.calls.filter((c) => c.method === 'conversations.members').length;
    expect(asked()).toBe(1);

    slack.views.channelMembers.set(ALERT_CHANNEL, ['U0BOB', 'U0EVE']);
    await membership('member_joined_channel', 'U0EVE');
    const unmuted = await commandUntil('unmute billing-spike', 'U0EVE', (r) => r !== REFUSED);
    expect(unmuted).toContain('<@U0EVE> unmuted *billing-spike*');
    expect(mutes()).toEqual({});

    slack.views.channelMembers.set(ALERT_CHANNEL, ['U0EVE']);
    await membership('member_left_channel', 'U0BOB');
    const refused = await commandUntil('mute billing-spike 1h', 'U0BOB', (r) => r === REFUSED);
    expect(refused).toBe(REFUSED);
    expect(mutes()).toEqual({});
    expect(asked()).toBeGreaterThanOrEqual(3); // asked again after each event
  });
});
