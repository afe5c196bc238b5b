import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/state/open-state-db.js';
import { type E2eWorld, messageText } from '../support/e2e-harness.js';
import { digest, startDigestWorld } from './digest-support.js';

/** `/exec-stats subscribe | unsubscribe | subscriptions` through signed slash commands. */
describe('digest subscriptions from Slack', () => {
  let world: E2eWorld;
  let db: Database;
  let close: () => Promise<void>;
  const CHANNEL = 'C0123456789'; // the channel the signed test commands come from

  beforeAll(async () => {
    ({ world, db, close } = await startDigestWorld([
      digest({
        name: 'ops-weekly',
        channel: CHANNEL,
        schedule: '0 8 * * 1',
        timezone: 'Europe/Berlin',
      }),
      digest({ name: 'elsewhere', channel: 'C0OTHER001' }),
      // Both day fields restricted: the 1st and every Monday (issue 15), listed with a warning.
      digest({
        name: 'ops-monthly',
        channel: CHANNEL,
        schedule: '0 8 1 * mon',
        timezone: 'Europe/Berlin',
      }),
    ]));
    world.slack.userTimeZones.set('U0ALICE', 'America/New_York');
  });
  afterAll(() => close());

  async function ask(text: string) {
    const { ack, reply } = await world.command(text);
    expect(ack.status).toBe(200);
    const { body } = await reply();
    return { body, text: messageText(body) };
  }

  it('subscribes the channel in the user zone, and says so in the channel', async () => {
    const { body, text } = await ask('subscribe weekdays 09:00 yesterday');
    expect(body.response_type).toBe('in_channel');
    expect(text).toContain(
      '<@U0ALICE> subscribed this channel to the digest *weekdays-0900-yesterday*',
    );
    expect(text).toContain('weekdays at 09:00, window yesterday (America/New_York)');
    const stored = db
      .prepare('SELECT channel, schedule, timezone, window FROM digest_subscriptions')
      .all();
    expect(stored).toEqual([
      {
        channel: CHANNEL,
        schedule: '0 9 * * 1-5',
        timezone: 'America/New_York',
        window: 'yesterday',
      },
    ]);
  });

  it('takes a zone given with tz:, and refuses a second digest of the same name', async () => {
    const { text } = await ask('subscribe daily 18:30 tz:Asia/Tokyo');
    expect(text).toContain('*daily-1830*');
    expect(text).toContain('(Asia/Tokyo)');
    const again = await ask('subscribe daily 18:30');
    expect(again.body.response_type).toBe('ephemeral');
    expect(again.text).toContain('already has a digest named *daily-1830*');
  });

  it('lists the channel digests, YAML ones marked, each with its next run', async () => {
    const { body, text } = await ask('subscriptions');
    expect(body.response_type).toBe('ephemeral');
    expect(text).toContain('*ops-weekly*');
    // The cron exactly as in the file, in a code span, so it can be copied back.
    expect(text).toContain('*ops-weekly*: `0 8 * * 1`, window 24h · next');
    expect(text).not.toMatch(/[∗ˍ∼ˋ]/);
    expect(text).toContain('config file: cannot be removed from Slack');
    expect(text).toContain('*weekdays-0900-yesterday*: weekdays at 09:00, window yesterday');
    expect(text).toMatch(/\*daily-1830\*.* next \w{3} \d{1,2} \w{3} 18:30 Asia\/Tokyo/);
    expect(text).not.toContain('elsewhere');
  });

  it('answers bad input with the reason and a form to copy, storing nothing', async () => {
    const { body, text } = await ask('subscribe hourly 09:00');
    expect(body.response_type).toBe('ephemeral');
    expect(text).toContain('`hourly` is not a schedule');
    expect(text).toContain('For example `/exec-stats subscribe weekdays 09:00`');
    expect(text).toContain('`/exec-stats subscribe` alone lists every form');
    expect(text.length).toBeLessThan(400);
    expect(db.prepare('SELECT COUNT(*) AS n FROM digest_subscriptions').get()).toEqual({ n: 2 });
  });

  it('opens the digest form for `subscribe` alone, with this channel picked', async () => {
    const opened = world.slack.views.opened.length;
    const { ack } = await world.command('subscribe');
    expect(ack.status).toBe(200);
    await world.slack.waitFor(() => world.slack.views.opened.length > opened);
    const form = world.slack.views.opened.at(-1);
    expect(form?.triggerId).toBe('1337.42.abcdef'); // the command's own trigger_id
    expect(form?.view.callback_id).toBe('exec_stats_digest_modal');
    expect(JSON.stringify(form?.view.blocks)).toContain(`"initial_conversation":"${CHANNEL}"`);
    expect(JSON.stringify(form?.view.blocks)).toContain('America/New_York (yours)');
  });

  it('lists every form for `subscribe` alone when the form cannot be opened, storing nothing', async () => {
    world.slack.fault('views.open', { kind: 'error', error: 'expired_trigger_id' });
    const { body, text } = await ask('subscribe');
    expect(body.response_type).toBe('ephemeral');
    expect(text).toContain('/exec-stats subscribe weekly mon 09:00');
    expect(text).toContain('/exec-stats subscribe weekdays 09:00');
    expect(text).not.toContain(':warning:');
    expect(db.prepare('SELECT COUNT(*) AS n FROM digest_subscriptions').get()).toEqual({ n: 2 });
  });

  it('will not remove a YAML digest, asks which one when there are several, removes by name', async () => {
    expect((await ask('unsubscribe ops-weekly')).text).toContain('comes from the bot');
    expect((await ask('unsubscribe')).text).toContain('Say which');
    const removed = await ask('unsubscribe daily-1830');
    expect(removed.body.response_type).toBe('in_channel');
    expect(removed.text).toContain('removed the digest *daily-1830*');
    const last = await ask('unsubscribe');
    expect(last.text).toContain('removed the digest *weekdays-0900-yesterday*');
    expect((await ask('unsubscribe nope')).text).toContain('no digest named *nope*');
    expect(db.prepare('SELECT COUNT(*) AS n FROM digest_subscriptions').get()).toEqual({ n: 0 });
    const listed = await ask('subscriptions');
    expect(listed.text).not.toContain('daily-1830');
    expect(listed.text).toContain('*ops-weekly*');
  });

  it('says when a clock change moves the new digest, and warns on a cron tools read differently', async () => {
    // Berlin changes its clocks twice in any 366 days, both across 02:30: the notes are there
    // whatever the date the test runs on.
    const { text } = await ask('subscribe daily 02:30 tz:Europe/Berlin');
    expect(text).toContain('*daily-0230*');
    expect(text).toMatch(
      /:warning: On \d{4}-\d{2}-\d{2} clocks in Europe\/Berlin go forward past this schedule.s time: that day.s run is posted right after the change/,
    );
    expect(text).toMatch(/:warning: On \d{4}-\d{2}-\d{2} clocks in Europe\/Berlin go back over/);
    const quiet = await ask('subscribe daily 09:00 tz:Europe/Berlin');
    expect(quiet.text).toContain('*daily-0900*');
    expect(quiet.text).not.toContain(':warning:');
    const listed = await ask('subscriptions');
    expect(listed.text).toMatch(
      /\*ops-monthly\*: `0 8 1 \* mon`.*:warning: .*restricts both the day of month and the day of week: it runs on days matching either one/,
    );
    expect(listed.text).not.toMatch(/\*ops-weekly\*[^•]*:warning:/);
    await ask('unsubscribe daily-0230');
    await ask('unsubscribe daily-0900');
    expect(db.prepare('SELECT COUNT(*) AS n FROM digest_subscriptions').get()).toEqual({ n: 0 });
  });

  it('refuses a subscription to a member not in the channel, and someone else’s digest to a non-admin', async () => {
    world.slack.views.channelMembers.set(CHANNEL, ['U0ALICE', 'U0BOB']);
    const as = async (text: string, userId: string) => {
      const { reply } = await world.command(text, { userId });
      return messageText((await reply()).body);
    };
    expect(await as('subscribe daily 07:00', 'U0EVE')).toContain(
      `Only members of <#${CHANNEL}> (or workspace admins and owners) can subscribe it to a digest. Join the channel first.`,
    );
    expect(await as('subscribe daily 07:00', 'U0ALICE')).toContain('*daily-0700*');
    expect(await as('unsubscribe daily-0700', 'U0BOB')).toContain(
      'Only <@U0ALICE>, who made it, or workspace admins and owners can delete the digest *daily-0700*.',
    );
    // A workspace admin may (Carol, not even in the channel); the change is logged with who.
    world.slack.views.roles.set('U0CAROL', { is_admin: true });
    expect(await as('unsubscribe daily-0700', 'U0CAROL')).toContain(
      'removed the digest *daily-0700*',
    );
    expect(
      db
        .prepare("SELECT action, by_user FROM digest_changes WHERE name = 'daily-0700' ORDER BY id")
        .all(),
    ).toEqual([
      { action: 'created', by_user: 'U0ALICE' },
      { action: 'deleted', by_user: 'U0CAROL' },
    ]);
  });
});
