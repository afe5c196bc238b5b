import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock.js';
import { createDigestsFeature } from '../../src/digests/feature.js';
import { createChangeSignal } from '../../src/features/change-signal.js';
import { createHomeFeature } from '../../src/home/feature.js';
import type { Database } from '../../src/state/open-state-db.js';
import { createSqliteAlertStore } from '../../src/state/sqlite-alert-store.js';
import { createSqliteDigestStore } from '../../src/state/sqlite-digest-store.js';
import { createSqlitePostLedger } from '../../src/state/sqlite-post-ledger.js';
import {
  buttonValue,
  type E2eWorld,
  homeOf,
  homeText,
  startE2eWorld,
} from '../support/e2e-harness.js';
import type { FakeSlack } from '../support/fake-slack.js';
import type { HeldView } from '../support/fake-slack-views.js';
import type { SlackInteractions } from '../support/slack-interactions.js';
import {
  blockActionBody,
  eventCallbackBody,
  JSON_BODY,
  postSigned,
} from '../support/slack-request.js';
import { type BotUnderTest, TEST_SIGNING_SECRET } from '../support/start-bot.js';
import {
  ALERT_CHANNEL,
  alertsFeature,
  E2E_RULE,
  spikeBody,
  topLevel,
  until,
} from './alerts-support.js';

const DIGEST_CHANNEL = 'C0DIGESTS1';
const ELSEWHERE = 'C0ELSEWHER'; // Alice is not in it
const HOME = { id: 'V0HOMETAB1', type: 'home' } as const;

/**
 * The Home tab and the digest modal through the real app, as Slack drives them: signed
 * `app_home_opened`, `block_actions` on the tab and `view_submission`s; the fake Slack keeps the
 * modals, the channels' members and the users' roles. Alice (in the digest and alert channels)
 * makes a digest through the form (a mistake first, answered next to its field), Bob (a member,
 * not an admin) may not delete it, Eve (in no channel) may not acknowledge the alert; Bob does,
 * Alice mutes it, all from the Home tab; the digest then posts on its schedule.
 *
 * The schedule is a time of day (the form's time picker), so the bot's clock is the real one
 * moved by under a minute (Slack's signatures and the request-age guard allow minutes): the
 * chosen minute is always about 20 s away, whatever the hour the test runs at.
 */
describe('the digest modal and the Home tab, end to end', { timeout: 120_000 }, () => {
  let world: E2eWorld;
  let slack: FakeSlack;
  let bot: BotUnderTest;
  let db: Database;
  let ui: SlackInteractions;
  let clock: Clock;

  beforeEach(async () => {
    // 20 s before a whole minute now (40 s into one), then running with the real clock.
    const offset = (100_000 - (Date.now() % 60_000)) % 60_000;
    clock = { now: () => Date.now() + offset };
    world = await startE2eWorld({
      seedSlack: (slack) => {
        slack.views.channelMembers.set(DIGEST_CHANNEL, ['U0ALICE', 'U0BOB']);
        slack.views.channelMembers.set(ALERT_CHANNEL, ['U0ALICE', 'U0BOB']);
        slack.views.channelMembers.set(ELSEWHERE, ['U0BOB']);
      },
      statsHandler: () => ({ body: spikeBody() }),
      clock,
      features: (db) => {
        const changes = createChangeSignal();
        const digestStore = createSqliteDigestStore(db);
        const digests = createDigestsFeature({
          digests: [],
          store: digestStore,
          ledger: createSqlitePostLedger(db),
          stopTimeoutMs: 2_000,
          changes,
        });
        const home = createHomeFeature({
          rules: [E2E_RULE],
          digests: [],
          alertStore: createSqliteAlertStore(db),
          digestStore,
          refreshMs: 500,
          publishesPerSecond: 20,
          changes,
        });
        return [alertsFeature(db), digests, home];
      },
    });
    ({ slack, bot, db, ui } = world);
  });
  afterEach(() => world.close());

  /** The value of the first button `actionId` on the user's Home tab now. */
  const homeButton = (user: string, actionId: string): string => {
    const value = buttonValue({ blocks: homeOf(slack, user)?.view.blocks ?? [] }, actionId);
    if (value === null) throw new Error(`no ${actionId} button on ${user}'s Home tab`);
    return value;
  };
  /** Presses a button of the user's Home tab; resolves with the modal it opened. */
  const pressOnHome = async (user: string, actionId: string, value: string) => {
    const before = slack.views.opened.length;
    expect((await ui.press(HOME, actionId, value, { userId: user })).status).toBe(200);
    await slack.waitFor(() => slack.views.opened.length > before);
    return slack.views.opened.at(-1) as HeldView;
  };
  const subscriptions = () =>
    db.prepare('SELECT * FROM digest_subscriptions ORDER BY id').all() as Array<
      Record<string, unknown>
    >;
  const logged = (text: string) => bot.logLines.filter((line) => line.includes(text));

  it('creates a digest through the form, refuses what it must, acks and mutes from the tab, and posts on schedule', async () => {
    expect((await ui.openHome('U0ALICE')).status).toBe(200);
    await waitFor('step 1', () => homeOf(slack, 'U0ALICE') !== undefined);
    expect(homeText(slack, 'U0ALICE')).toContain('No channel has a digest yet');

    // New digest: the form, with Alice's zone (the configured one: Slack gives her none).
    const form = await pressOnHome('U0ALICE', 'exec_stats_digest_new', 'new');
    expect(form.view.title?.text).toBe('New digest');
    expect(form.view.callback_id).toBe('exec_stats_digest_modal');

    // A weekly digest without its day, in a channel she is not in: each said next to its field.
    const at = nextMinute(clock.now());
    const wrong = await ui.submit(
      form,
      { channel: ELSEWHERE, cadence: 'weekly', weekday: null, time: at.hhmm, zone: 'UTC' },
      { userId: 'U0ALICE' },
    );
    expect(wrong.json).toEqual({
      response_action: 'errors',
      errors: { digest_weekday: 'Pick the day of a weekly digest.' },
    });
    const notMember = await ui.submit(
      form,
      { channel: ELSEWHERE, cadence: 'daily', time: at.hhmm, zone: 'UTC' },
      { userId: 'U0ALICE' },
    );
    expect(notMember.json).toEqual({
      response_action: 'errors',
      errors: {
        digest_channel:
          'Only members of that channel (or workspace admins and owners) can subscribe it to a digest. Join the channel first.',
      },
    });
    expect(subscriptions()).toEqual([]);

    // Right this time: saved with who made it, said in the channel, the modal closed.
    const saved = await ui.submit(
      form,
      { channel: DIGEST_CHANNEL, cadence: 'daily', time: at.hhmm, zone: 'UTC' },
      { userId: 'U0ALICE' },
    );
    expect(saved.status).toBe(200);
    expect(saved.text).toBe(''); // an empty ack closes the modal
    const name = `daily-${at.hhmm.replace(':', '')}`;
    expect(subscriptions()).toMatchObject([
      {
        name,
        channel: DIGEST_CHANNEL,
        schedule: `${at.minute} ${at.hour} * * *`,
        timezone: 'UTC',
        window: '24h',
        created_by: 'U0ALICE',
        changed_by: 'U0ALICE',
      },
    ]);
    const changedAt = Number(subscriptions()[0]?.changed_at);
    expect(Math.abs(changedAt - clock.now())).toBeLessThan(10_000); // the bot's clock, not Slack's
    expect(db.prepare('SELECT channel, name, action, by_user FROM digest_changes').all()).toEqual([
      { channel: DIGEST_CHANNEL, name, action: 'created', by_user: 'U0ALICE' },
    ]);
    expect(logged('"digest subscribed"').some((l) => l.includes('"userId":"U0ALICE"'))).toBe(true);
    await waitFor('step 2', () =>
      slack.calls.some(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.channel === DIGEST_CHANNEL &&
          String(c.args.text).includes(name),
      ),
    );

    // Her Home tab is published again at once: the digest, who changed it, Edit and Delete.
    await waitFor('step 3', () => homeText(slack, 'U0ALICE').includes(`*${name}*`));
    const tab = homeText(slack, 'U0ALICE');
    expect(tab).toContain('changed by <@U0ALICE> <!date^');
    expect(tab).toContain('^{ago}|');
    expect(tab).toContain('exec_stats_digest_edit');
    expect(tab).toContain('Delete this digest?');

    // Bob, a member but not an admin, may not delete Alice's digest: told who can, nothing changed.
    await ui.openHome('U0BOB');
    await waitFor('step 4', () => homeText(slack, 'U0BOB').includes(`*${name}*`));
    const ref = homeButton('U0BOB', 'exec_stats_digest_delete');
    const refusal = await pressOnHome('U0BOB', 'exec_stats_digest_delete', ref);
    expect(refusal.view.title?.text).toBe('Not allowed');
    expect(JSON.stringify(refusal.view.blocks)).toContain(
      `Only <@U0ALICE>, who made it, or workspace admins and owners can delete the digest *${name}*.`,
    );
    expect(subscriptions()).toHaveLength(1);

    // The alert fires; Eve (not in its channel) may not acknowledge it from the Home tab.
    await waitFor(
      'the alert posted',
      () => topLevel(slack).some((c) => c.args.channel === ALERT_CHANNEL) && incidentSaved(db),
      30_000,
    );
    await waitFor('step 6', () => homeText(slack, 'U0BOB').includes('exec_stats_alert_ack'));
    const alert = homeButton('U0BOB', 'exec_stats_alert_ack');
    const eve = await pressOnHome('U0EVE', 'exec_stats_alert_ack', alert);
    expect(JSON.stringify(eve.view.blocks)).toContain(
      `Only members of <#${ALERT_CHANNEL}> (or workspace admins and owners) can acknowledge its alerts.`,
    );
    expect(ruleState(db)?.incident?.acknowledgedBy).toBeNull();

    // Nor from the alert message itself: told privately, through the button's response_url.
    const pressed = await postSigned(
      bot.eventsUrl,
      TEST_SIGNING_SECRET,
      blockActionBody({
        actionId: 'exec_stats_alert_mute_24h',
        value: alert,
        responseUrl: slack.responseUrl('eve-mute'),
        userId: 'U0EVE',
        isEphemeral: false,
        channelId: ALERT_CHANNEL,
      }),
    );
    expect(pressed.status).toBe(200);
    await waitFor('eve told', () => slack.responses.some((r) => r.id === 'eve-mute'));
    expect(slack.responses.find((r) => r.id === 'eve-mute')?.body).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: `Only members of <#${ALERT_CHANNEL}> (or workspace admins and owners) can mute its alerts.`,
    });
    expect(ruleState(db)?.mutes).toEqual({});
    expect(logged('alert button refused: not-in-channel').length).toBe(2);

    // Bob acknowledges and Alice mutes it for an hour, from the tab: the alert's own handlers.
    await ui.press(HOME, 'exec_stats_alert_ack', alert, { userId: 'U0BOB' });
    await waitFor('step 7', () => ruleState(db)?.incident?.acknowledgedBy === 'U0BOB');
    await ui.press(HOME, 'exec_stats_alert_mute_1h', alert, { userId: 'U0ALICE' });
    await waitFor('step 8', () =>
      Object.values(ruleState(db)?.mutes ?? {}).some((m) => m.by === 'U0ALICE'),
    );
    await waitFor('step 9', () => homeText(slack, 'U0BOB').includes('acknowledged by <@U0BOB>'));
    expect(logged('"alert acknowledged"').some((l) => l.includes('"from":"home"'))).toBe(true);

    // The digest made through the form posts at its minute.
    await waitFor(
      'step 10',
      () =>
        slack.calls.some(
          (c) =>
            c.method === 'chat.postMessage' &&
            c.args.channel === DIGEST_CHANNEL &&
            JSON.stringify(c.args.metadata ?? {}).includes(`"digest:${DIGEST_CHANNEL}/${name}:`),
        ),
      75_000,
    );
  });

  it('lets someone who just joined a channel subscribe it at once (the members are asked again)', async () => {
    await ui.openHome('U0ALICE');
    await waitFor('home', () => homeOf(slack, 'U0ALICE') !== undefined);
    const form = await pressOnHome('U0ALICE', 'exec_stats_digest_new', 'new');
    const answers = { channel: ELSEWHERE, cadence: 'daily', time: '07:30', zone: 'UTC' };
    const refused = await ui.submit(form, answers, { userId: 'U0ALICE' });
    expect(refused.json?.response_action).toBe('errors');
    slack.views.channelMembers.set(ELSEWHERE, ['U0BOB', 'U0ALICE']);
    const joined = eventCallbackBody({
      type: 'member_joined_channel',
      user: 'U0ALICE',
      channel: ELSEWHERE,
      channel_type: 'C',
      team: 'T0001',
    });
    expect((await postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, joined, JSON_BODY)).status).toBe(
      200,
    );
    // The event is handled after its ack: the form is sent again until the bot has forgotten.
    const deadline = Date.now() + 10_000;
    while (subscriptions().length === 0 && Date.now() < deadline) {
      const again = await ui.submit(form, answers, { userId: 'U0ALICE' });
      if (again.text === '') break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(subscriptions()).toMatchObject([{ channel: ELSEWHERE, created_by: 'U0ALICE' }]);
  });

  it('edits a digest through the form: its creator is kept, who changed it is the editor (an admin)', async () => {
    slack.views.roles.set('U0ADMIN', { is_admin: true });
    await createSqliteDigestStore(db).addSubscription({
      name: 'weekdays-0900',
      channel: DIGEST_CHANNEL,
      schedule: '0 9 * * 1-5',
      timezone: 'Europe/Berlin',
      window: '24h',
      description: 'weekdays at 09:00, window 24h',
      createdBy: 'U0ALICE',
      createdAt: clock.now() - 3_600_000,
    });
    await ui.openHome('U0ADMIN');
    await waitFor('step 11', () => homeText(slack, 'U0ADMIN').includes('*weekdays-0900*'));
    const form = await pressOnHome(
      'U0ADMIN',
      'exec_stats_digest_edit',
      homeButton('U0ADMIN', 'exec_stats_digest_edit'),
    );
    expect(form.view.title?.text).toBe('Edit digest');
    expect(JSON.stringify(form.view.blocks)).toContain('"initial_time":"09:00"');
    const saved = await ui.submit(
      form,
      { cadence: 'weekly', weekday: '1', window: '7d' },
      { userId: 'U0ADMIN' },
    );
    expect(saved.text).toBe('');
    expect(subscriptions()).toMatchObject([
      {
        name: 'weekly-mon-0900',
        schedule: '0 9 * * 1',
        timezone: 'Europe/Berlin',
        window: '7d',
        created_by: 'U0ALICE',
        changed_by: 'U0ADMIN',
      },
    ]);
    await waitFor('step 12', () => homeText(slack, 'U0ADMIN').includes('changed by <@U0ADMIN>'));

    // And deletes it (an admin may delete anyone's): logged with who.
    await ui.press(
      HOME,
      'exec_stats_digest_delete',
      homeButton('U0ADMIN', 'exec_stats_digest_delete'),
      {
        userId: 'U0ADMIN',
      },
    );
    await waitFor('step 13', () => subscriptions().length === 0);
    expect(
      db.prepare('SELECT name, action, by_user FROM digest_changes ORDER BY id').all(),
    ).toEqual([
      { name: 'weekdays-0900', action: 'created', by_user: 'U0ALICE' },
      { name: 'weekly-mon-0900', action: 'updated', by_user: 'U0ADMIN' },
      { name: 'weekly-mon-0900', action: 'deleted', by_user: 'U0ADMIN' },
    ]);
    expect(logged('"digest unsubscribed"').some((l) => l.includes('"userId":"U0ADMIN"'))).toBe(
      true,
    );
  });
});

/** The next whole minute at least 8 s after `now` (UTC), as the time picker gives it. */
function nextMinute(now: number): { hhmm: string; hour: number; minute: number } {
  let next = Math.ceil(now / 60_000) * 60_000;
  if (next - now < 8_000) next += 60_000;
  const date = new Date(next);
  const hour = date.getUTCHours();
  const minute = date.getUTCMinutes();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { hhmm: `${pad(hour)}:${pad(minute)}`, hour, minute };
}

function incidentSaved(db: Database): boolean {
  return (
    (db.prepare('SELECT COUNT(*) AS n FROM alert_incident_messages').get() as { n: number }).n > 0
  );
}

interface StoredRuleState {
  incident: { acknowledgedBy: string | null } | null;
  mutes: Record<string, { until: number; by: string }>;
}

function ruleState(db: Database): StoredRuleState | null {
  const row = db.prepare('SELECT state FROM alert_rule_states WHERE rule = ?').get(E2E_RULE.name) as
    | { state: string }
    | undefined;
  return row === undefined ? null : (JSON.parse(row.state) as StoredRuleState);
}

/** `until`, saying which wait ran out. */
async function waitFor(label: string, predicate: () => boolean, timeoutMs?: number) {
  try {
    await until(predicate, timeoutMs);
  } catch {
    throw new Error(`${label}: not reached in time`);
  }
}
