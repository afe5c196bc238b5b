import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/state/open-state-db.js';
import { type E2eWorld, messageText } from '../support/e2e-harness.js';
import { postSigned, slashCommandBody } from '../support/slack-request.js';
import { TEST_SIGNING_SECRET } from '../support/start-bot.js';
import { digest, startDigestWorld } from './digest-support.js';

/**
 * Issue 10: one member subscribed a channel 150 times to the same minute, and all were accepted.
 * Now a channel holds at most 5 subscriptions from Slack and a person at most 10 across channels,
 * and the same digest twice in a channel is answered as already there.
 */
describe('limits on digest subscriptions from Slack', () => {
  let world: E2eWorld;
  let db: Database;
  let close: () => Promise<void>;
  const CHANNEL = 'C0LIMITS01';
  let counter = 0;

  beforeAll(async () => {
    ({ world, db, close } = await startDigestWorld([
      digest({
        name: 'ops-weekly',
        channel: CHANNEL,
        schedule: '0 8 * * 1',
        timezone: 'Europe/Berlin',
      }),
    ]));
    world.slack.userTimeZones.set('U0ALICE', 'America/New_York');
    world.slack.userTimeZones.set('U0BOB', 'Europe/Paris');
  }, 30_000);
  afterAll(() => close());

  /** `/exec-stats <text>` typed by `userId` in `channelId`, signed as Slack signs it. */
  async function ask(text: string, channelId = CHANNEL, userId = 'U0ALICE') {
    const id = `limits-${++counter}`;
    const body = slashCommandBody({
      text,
      channelId,
      userId,
      responseUrl: world.slack.responseUrl(id),
    });
    const ack = await postSigned(world.bot.eventsUrl, TEST_SIGNING_SECRET, body);
    expect(ack.status).toBe(200);
    await world.slack.waitFor(() => world.repliesTo(id).length > 0, 20_000);
    const reply = world.repliesTo(id)[0];
    if (reply === undefined) throw new Error(`no reply to ${text}`);
    return { body: reply.body, text: messageText(reply.body) };
  }

  const stored = (where: 'channel' | 'created_by', value: string) =>
    (
      db
        .prepare(`SELECT COUNT(*) AS n FROM digest_subscriptions WHERE ${where} = ?`)
        .get(value) as { n: number }
    ).n;

  it('takes one member 150 subscriptions to the same minute no further than the channel cap', async () => {
    const texts = Array.from({ length: 150 }, (_, i) => `subscribe daily 09:00 ${i + 1}h`);
    const replies: { body: Record<string, unknown>; text: string }[] = [];
    // Ten at a time, as a script would send them: the cap holds against commands at once too.
    for (let i = 0; i < texts.length; i += 10) {
      replies.push(...(await Promise.all(texts.slice(i, i + 10).map((text) => ask(text)))));
    }
    const accepted = replies.filter((r) => r.text.includes('subscribed this channel'));
    const refused = replies.filter((r) => r.text.includes('the cap is *5 per channel*'));
    expect(accepted).toHaveLength(5);
    expect(refused).toHaveLength(145);
    expect(stored('channel', CHANNEL)).toBe(5);
    const refusal = refused[0];
    expect(refusal?.body.response_type).toBe('ephemeral');
    expect(refusal?.text).toContain('nothing was added');
    expect(refusal?.text).toContain('`/exec-stats unsubscribe NAME`');
    expect(refusal?.text).toContain('`/exec-stats subscriptions`');
  }, 120_000);

  it('answers the same digest again as already there, adding nothing', async () => {
    const names = db
      .prepare('SELECT name FROM digest_subscriptions WHERE channel = ? ORDER BY name')
      .all(CHANNEL) as { name: string }[];
    const first = names[0]?.name ?? '';
    // Subscriptions are named after their schedule and window: `daily-0900` or `daily-0900-3h`.
    const window = /-(\d+h)$/.exec(first)?.[1];
    const again = await ask(`subscribe daily 09:00${window === undefined ? '' : ` ${window}`}`);
    expect(again.body.response_type).toBe('ephemeral');
    expect(again.text).toContain(`This channel already has this digest: *${first}*`);
    expect(again.text).toContain('(America/New_York)');
    expect(again.text).toContain('Nothing added');
    // The same with the zone said out loud is the same digest.
    const zoned = await ask(
      `subscribe daily 09:00${window === undefined ? '' : ` ${window}`} tz:America/New_York`,
    );
    expect(zoned.text).toContain(`already has this digest: *${first}*`);
    // A config-file digest of the same schedule, zone and window is there too.
    const yaml = await ask('subscribe weekly mon 08:00 24h tz:Europe/Berlin');
    expect(yaml.text).toContain('already has this digest: *ops-weekly* (from the config file)');
    expect(stored('channel', CHANNEL)).toBe(5);
  }, 60_000);

  it('makes room when one is removed', async () => {
    const name = (
      db
        .prepare('SELECT name FROM digest_subscriptions WHERE channel = ? LIMIT 1')
        .get(CHANNEL) as {
        name: string;
      }
    ).name;
    expect((await ask(`unsubscribe ${name}`)).text).toContain(`removed the digest *${name}*`);
    expect((await ask('subscribe weekdays 07:15')).text).toContain('subscribed this channel');
    expect((await ask('subscribe weekdays 07:45')).text).toContain('the cap is *5 per channel*');
    expect(stored('channel', CHANNEL)).toBe(5);
  }, 60_000);

  it('holds one person to 10 subscriptions across channels, naming the cap and where they are', async () => {
    const channels = ['C0BOB00001', 'C0BOB00002', 'C0BOB00003'];
    for (const channel of channels.slice(0, 2)) {
      for (const time of ['06:00', '06:30', '07:00', '07:30', '08:00']) {
        expect((await ask(`subscribe daily ${time}`, channel, 'U0BOB')).text).toContain(
          'subscribed this channel',
        );
      }
    }
    const over = await ask('subscribe daily 06:00', 'C0BOB00003', 'U0BOB');
    expect(over.body.response_type).toBe('ephemeral');
    expect(over.text).toContain('the cap is *10 per person*, across channels');
    expect(over.text).toContain('<#C0BOB00001> `daily-0600`');
    expect(over.text).toContain('`/exec-stats unsubscribe NAME`');
    expect(over.text).toContain('`/exec-stats subscriptions`');
    expect(stored('created_by', 'U0BOB')).toBe(10);
    expect(stored('channel', 'C0BOB00003')).toBe(0);
    // Someone else may still subscribe that channel.
    expect((await ask('subscribe daily 06:00', 'C0BOB00003', 'U0CAROL')).text).toContain(
      'subscribed this channel',
    );
  }, 60_000);
});
