import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlertsFeature } from '../../src/alerts/feature.js';
import { createRuleSet } from '../../src/alerts/rules/rule-set.js';
import { createDigestsFeature } from '../../src/digests/feature.js';
import { createHomeFeature } from '../../src/home/feature.js';
import { type StateStores, sqliteStores } from '../../src/state/state-stores.js';
import {
  type E2eWorld,
  homeOf,
  homeText,
  messageText,
  startE2eWorld,
} from '../support/e2e-harness.js';
import type { FakeSlack } from '../support/fake-slack.js';
import type { HeldView } from '../support/fake-slack-views.js';
import {
  type Answers,
  blockActionOnViewPayload,
  type SlackInteractions,
  stateValues,
} from '../support/slack-interactions.js';
import { postSigned, slashCommandBody } from '../support/slack-request.js';
import { type BotUnderTest, TEST_SIGNING_SECRET } from '../support/start-bot.js';
import { billingSeriesBody, wireBucket } from '../support/stats-body.js';
import type { StatsServer, StatsServerHandler } from '../support/stats-server.js';
import { ALERT_CHANNEL, spikeBody, topLevel, until } from './alerts-support.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ADMIN = 'U0ADMIN001';
const DIGEST_CHANNEL = 'C0DIGEST01';
const MEMBER = 'U0MEMBER01';
/** The hours (counted from the start of the preview's query) when billing had a spike. */
const SPIKE_HOURS = [40, 100];

/**
 * A week of billing, hour by hour, relative to the query's own range (so what the preview finds
 * does not depend on the wall clock): 100 finished an hour with 2 failed, 60 failed in the
 * SPIKE_HOURS.
 */
function weekBody(from: number, to: number) {
  const timeSeries = [];
  for (let t = from, i = 0; t < to; t += HOUR, i++) {
    timeSeries.push(wireBucket(t, 100, SPIKE_HOURS.includes(i) ? 60 : 2));
  }
  return billingSeriesBody(timeSeries, { recentFailures: [] });
}

/** Longer than a day, hourly: the preview's one query. Anything else: billing spiking now. */
const isPreviewQuery = (q: {
  from: number | null;
  to: number | null;
  granularity: string | null;
}) => q.granularity === 'hourly' && q.from !== null && q.to !== null && q.to - q.from > DAY;

const statsHandler: StatsServerHandler = (call) =>
  isPreviewQuery(call.query)
    ? { body: weekBody(call.query.from ?? 0, call.query.to ?? 0) }
    : { body: spikeBody() };

describe('the Home tab, the rule modal and its preview, end to end', () => {
  let world: E2eWorld;
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let bot: BotUnderTest;
  let stores: StateStores;
  let ui: SlackInteractions;
  let writesFail = false;

  beforeEach(async () => {
    writesFail = false;
    world = await startE2eWorld({
      seedSlack: (slack) => {
        slack.views.roles.set(ADMIN, { is_admin: true });
        slack.views.channelMembers.set(DIGEST_CHANNEL, [ADMIN]);
      },
      statsHandler,
      features: (db) => {
        stores = sqliteStores(db);
        // As runtime/build-features.ts wires them, with a YAML file that has no rules and a 1 s
        // cycle; the rule store can be made to fail its writes (a database that cannot be written).
        const rules = stores.rules;
        const ruleSet = createRuleSet([], {
          ...rules,
          createRule: (...args) =>
            writesFail ? Promise.reject(new Error('SQLITE_READONLY')) : rules.createRule(...args),
        });
        return [
          createDigestsFeature({ digests: [], store: stores.digests, ledger: stores.ledger }),
          createAlertsFeature({
            alerts: { intervalMs: 1_000, channel: null, rules: [] },
            store: stores.alerts,
            ledger: stores.ledger,
            lease: stores.alertLease,
            ruleSet,
          }),
          createHomeFeature({
            rules: [],
            ruleSet,
            digests: [],
            alertStore: stores.alerts,
            digestStore: stores.digests,
            refreshMs: 300,
            publishesPerSecond: 20,
          }),
        ];
      },
    });
    ({ slack, statsApi, bot, ui } = world);
  });
  afterEach(() => world.close());

  const modal = (index: number): HeldView => {
    const opened = slack.views.opened[index];
    if (opened === undefined) throw new Error(`no modal #${index}`);
    return slack.views.current(opened.id) ?? opened;
  };
  /** Presses Preview in the modal with what the user typed so far (Slack sends the typed state). */
  const preview = async (held: HeldView, answers: Answers, userId: string) => {
    const payload = blockActionOnViewPayload(
      { id: held.id, type: 'modal', view: held.view, hash: held.hash },
      'exec_stats_rule_preview',
      'preview',
      `${Date.now()}.42.preview`,
      { userId },
    );
    const view = payload.view as Record<string, unknown>;
    view.state = { values: stateValues(held.view, answers) };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body);
  };
  const RULE: Answers = {
    rule_name: 'billing-spike',
    rule_failure_rate: '20%',
    rule_min_failures: '5',
    rule_for: '1',
    // The modal prefills a 24 h baseline for a new rule; this flow is about a threshold rule
    // firing on the simulator's steady failures, which a baseline (rightly) keeps quiet: cleared.
    rule_baseline_window: '',
    rule_channel: ALERT_CHANNEL,
  };

  it('makes a digest and a rule in their modals (an error on the way), previews the rule over 7 days, posts the digest on schedule and fires the rule; a member is refused', async () => {
    // The Home tab: no rules yet.
    expect((await ui.openHome(ADMIN)).status).toBe(200);
    await until(() => homeOf(slack, ADMIN) !== undefined);
    expect(homeText(slack, ADMIN)).toContain('No alert rules are configured');
    expect(homeText(slack, ADMIN)).toContain('"action_id":"exec_stats_rule_new"'); // an admin's tab

    // New digest (the Home tab's button): daily, at a minute soon (UTC), over the last 24 hours.
    await ui.press({ id: 'VHOME0000', type: 'home' }, 'exec_stats_digest_new', 'new', {
      userId: ADMIN,
    });
    await until(() => slack.views.opened.length === 1);
    expect(slack.views.opened[0]?.view.callback_id).toBe('exec_stats_digest_modal');
    // Between 20 and 80 s from now, so the submission lands before it whatever the second is.
    const due = Math.ceil((Date.now() + 20_000) / 60_000) * 60_000;
    const at = new Date(due).toISOString().slice(11, 16);
    const digestForm = await ui.submit(
      modal(0),
      { channel: DIGEST_CHANNEL, cadence: 'daily', time: at, zone: 'UTC', window: '24h' },
      { userId: ADMIN },
    );
    expect(digestForm.status).toBe(200);
    expect(digestForm.json).toBeNull(); // closed: subscribed
    const [subscription] = await stores.digests.listSubscriptions(DIGEST_CHANNEL);
    expect(subscription?.createdBy).toBe(ADMIN);

    // New rule (a Home tab button): the modal opens, with the sources the API reported.
    const pressed = await ui.press(
      { id: 'VHOME0001', type: 'home' },
      'exec_stats_rule_new',
      'new',
      {
        userId: ADMIN,
      },
    );
    expect(pressed.status).toBe(200);
    await until(() => slack.views.opened.length === 2);
    expect(slack.views.opened[1]?.triggerId).toBe(pressed.triggerId);
    const form = modal(1);
    expect(form.view.callback_id).toBe('exec_stats_rule_modal');
    expect(JSON.stringify(form.view.blocks)).toContain('"value":"billing"');
    // A new rule compares with the usual rate over 24 h unless that is cleared.
    expect(JSON.stringify(form.view.blocks)).toMatch(
      /"action_id":"rule_baseline_window","placeholder":\{[^}]*\},"initial_value":"24h"/,
    );

    // A rate that is not one: refused next to its field, nothing stored.
    const refused = await ui.submit(
      form,
      { ...RULE, rule_failure_rate: '20 percent' },
      { userId: ADMIN },
    );
    expect(refused.json).toEqual({
      response_action: 'errors',
      errors: { rule_failure_rate: 'must be a rate such as 20% or 0.2' },
    });
    // Over the YAML limit (a fraction above 1): the YAML rules' own message.
    const tooHigh = await ui.submit(form, { ...RULE, rule_failure_rate: '2' }, { userId: ADMIN });
    expect(tooHigh.json).toEqual({
      response_action: 'errors',
      errors: { rule_failure_rate: 'must be at most 1 (a fraction: 0.2 means 20%, not 20); got 2' },
    });
    expect(await stores.rules.listRules()).toEqual([]);

    // Preview: the rule as typed, over the last 7 days, from ONE stats query; nothing stored or posted.
    const callsBefore = statsApi.calls.length;
    const postsBefore = slack.calls.filter((c) => c.method === 'chat.postMessage').length;
    expect((await preview(form, RULE, ADMIN)).status).toBe(200);
    await until(() =>
      slack.views.updated.some((v) => JSON.stringify(v.view.blocks).includes('would have fired')),
    );
    const shown = JSON.stringify(modal(1).view.blocks);
    expect(shown).toContain('Over the last 7 days this rule would have fired 2 times.');
    expect(shown).toContain('Hourly buckets');
    const previewCalls = statsApi.calls.slice(callsBefore).filter((c) => isPreviewQuery(c.query));
    expect(previewCalls).toHaveLength(1);
    expect((previewCalls[0]?.query.to ?? 0) - (previewCalls[0]?.query.from ?? 0)).toBe(
      7 * DAY + HOUR,
    );
    expect(
      statsApi.calls.slice(callsBefore).filter((c) => c.query.granularity === 'hourly'),
    ).toHaveLength(1);
    expect(await stores.rules.listRules()).toEqual([]);
    expect(slack.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(postsBefore);

    // With a 24 h baseline (the new rule's default): still ONE hourly query, 24 h further back.
    const baselineBefore = statsApi.calls.length;
    const withBaseline = { ...RULE, rule_baseline_window: '24h' };
    expect((await preview(modal(1), withBaseline, ADMIN)).status).toBe(200);
    await until(() => JSON.stringify(modal(1).view.blocks).includes('usual rate of the 1 d'));
    const baselineCalls = statsApi.calls
      .slice(baselineBefore)
      .filter((c) => isPreviewQuery(c.query));
    expect(baselineCalls).toHaveLength(1);
    expect((baselineCalls[0]?.query.to ?? 0) - (baselineCalls[0]?.query.from ?? 0)).toBe(
      7 * DAY + HOUR + DAY,
    );

    // Saved: stored with who made it, picked up by the scheduler without a restart, and it fires.
    const saved = await ui.submit(modal(1), RULE, { userId: ADMIN });
    expect(saved.status).toBe(200);
    expect(saved.json).toBeNull();
    const [stored] = await stores.rules.listRules();
    expect(stored?.spec).toMatchObject({
      name: 'billing-spike',
      failureRate: 0.2,
      channel: ALERT_CHANNEL,
    });
    expect(stored?.createdBy).toBe(ADMIN);
    expect((await stores.rules.listChanges(5)).map((c) => [c.action, c.by])).toEqual([
      ['created', ADMIN],
    ]);
    await until(() => topLevel(slack).some((c) => c.args.channel === ALERT_CHANNEL));
    expect(bot.logLines.some((l) => l.includes('alert rule created') && l.includes(ADMIN))).toBe(
      true,
    );

    // The Home tab shows it, made in Slack, with who changed it.
    await until(() => homeText(slack, ADMIN).includes('billing-spike'));
    await until(() => homeText(slack, ADMIN).includes(`changed by <@${ADMIN}>`));
    expect(homeText(slack, ADMIN)).toContain('"action_id":"exec_stats_rule_menu"'); // Edit / Delete

    // A member's tab shows the rule, without the controls.
    await ui.openHome(MEMBER);
    await until(() => homeText(slack, MEMBER).includes('billing-spike'));
    expect(homeText(slack, MEMBER)).toContain(`changed by <@${ADMIN}>`);
    expect(homeText(slack, MEMBER)).not.toContain('exec_stats_rule_new');
    expect(homeText(slack, MEMBER)).not.toContain('exec_stats_rule_menu');

    // A member: refused with who can, from the Home tab, the modal and the command.
    await ui.press({ id: 'VHOME0002', type: 'home' }, 'exec_stats_rule_new', 'new', {
      userId: MEMBER,
    });
    await until(() => slack.views.opened.length === 3);
    expect(JSON.stringify(modal(2).view.blocks)).toContain('Only workspace admins and owners can');
    const theirs = await ui.submit(form, { ...RULE, rule_name: 'mine' }, { userId: MEMBER });
    expect(JSON.stringify(theirs.json)).toContain('Only workspace admins and owners can');
    const command = (userId: string, id: string) =>
      postSigned(
        bot.eventsUrl,
        TEST_SIGNING_SECRET,
        slashCommandBody({
          text: 'rules',
          responseUrl: slack.responseUrl(id),
          userId,
          channelId: 'C0OPS00001',
        }),
      );
    expect((await command(MEMBER, 'member-rules')).status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === 'member-rules'));
    const reply = slack.responses.find((r) => r.id === 'member-rules');
    expect(JSON.stringify(reply)).toContain('Only workspace admins and owners can');
    expect(slack.views.opened).toHaveLength(3);
    expect((await stores.rules.listRules()).map((r) => r.spec.name)).toEqual(['billing-spike']);

    // An admin's `/exec-stats rules` opens the same modal, its channel picked already.
    expect((await command(ADMIN, 'admin-rules')).status).toBe(200);
    await until(() => slack.views.opened.length === 4);
    expect(modal(3).view.callback_id).toBe('exec_stats_rule_modal');
    expect(JSON.stringify(modal(3).view.blocks)).toContain('"initial_conversation":"C0OPS00001"');

    // The digest made in its modal posts on schedule, once.
    // (The channel was told of the new subscription at once; the digest itself comes at its time.)
    const digests = () =>
      slack.calls.filter(
        (c) =>
          c.method === 'chat.postMessage' &&
          c.args.channel === DIGEST_CHANNEL &&
          messageText(c.args).includes('Digest *'),
      );
    await until(() => digests().length === 1, 100_000);
    expect(Date.now()).toBeGreaterThanOrEqual(due);
    expect(messageText(digests()[0]?.args ?? {})).toContain('Compared with the previous 24 hours');
  }, 150_000);

  /** The Edit / Delete menu (an overflow) on a Home tab rule, chosen as Slack sends it. */
  const choose = async (verb: 'edit' | 'delete', rule: string, userId: string) => {
    const payload = blockActionOnViewPayload(
      { id: 'VHOME0003', type: 'home' },
      'exec_stats_rule_menu',
      '',
      `${Date.now()}.42.menu`,
      { userId },
    );
    payload.actions = [
      {
        type: 'overflow',
        action_id: 'exec_stats_rule_menu',
        block_id: 'rule_row',
        selected_option: { text: { type: 'plain_text', text: verb }, value: `${verb}:${rule}` },
        action_ts: '1700000001.000300',
      },
    ];
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body);
  };

  it('edits and deletes a Slack-made rule from its Home tab menu; a failing save and a preview that cannot read the API are said in the modal', async () => {
    await ui.press({ id: 'VHOME0001', type: 'home' }, 'exec_stats_rule_new', 'new', {
      userId: ADMIN,
    });
    await until(() => slack.views.opened.length === 1);
    // The database cannot be written: said in the modal, which stays open with what was typed.
    writesFail = true;
    expect((await ui.submit(modal(0), RULE, { userId: ADMIN })).json).toEqual({
      response_action: 'errors',
      errors: {
        rule_name:
          'Could not be saved just now (the bot cannot write its database); try again in a minute.',
      },
    });
    writesFail = false;
    expect((await ui.submit(modal(0), RULE, { userId: ADMIN })).json).toBeNull();

    // Edit: the modal opens with the rule as stored, its name fixed; the change is stored with who.
    slack.views.roles.set('U0ADMIN002', { is_owner: true });
    await choose('edit', 'billing-spike', 'U0ADMIN002');
    await until(() => slack.views.opened.length === 2);
    const edit = modal(1);
    const shown = JSON.stringify(edit.view.blocks);
    expect(shown).toContain('*Rule:* billing-spike');
    expect(shown).toContain('"initial_value":"20%"');
    expect(shown).not.toContain('"block_id":"rule_name"');

    // The API down during a preview: said in the modal, nothing lost.
    statsApi.setHandler((call) =>
      isPreviewQuery(call.query) ? { status: 500, body: { code: 500 } } : statsHandler(call, 0),
    );
    await preview(edit, { rule_failure_rate: '30%' }, 'U0ADMIN002');
    await until(() =>
      JSON.stringify(modal(1).view.blocks).includes('The preview could not read the stats API'),
    );
    expect(JSON.stringify(modal(1).view.blocks)).toContain('"block_id":"rule_failure_rate"');

    expect(
      (await ui.submit(modal(1), { rule_failure_rate: '30%' }, { userId: 'U0ADMIN002' })).json,
    ).toBeNull();
    const [edited] = await stores.rules.listRules();
    expect(edited?.spec.failureRate).toBe(0.3);
    expect([edited?.createdBy, edited?.changedBy]).toEqual([ADMIN, 'U0ADMIN002']);

    // Delete: asked first in its own modal; a member's submission of it is refused.
    await choose('delete', 'billing-spike', ADMIN);
    await until(() => slack.views.opened.length === 3);
    const confirm = modal(2);
    expect(confirm.view.callback_id).toBe('exec_stats_rule_delete');
    const theirs = await ui.submit(confirm, {}, { userId: MEMBER });
    expect(JSON.stringify(theirs.json)).toContain('Only workspace admins and owners can');
    expect(await stores.rules.listRules()).toHaveLength(1);
    expect((await ui.submit(confirm, {}, { userId: ADMIN })).json).toBeNull();
    expect(await stores.rules.listRules()).toEqual([]);
    expect((await stores.rules.listChanges(5)).map((c) => [c.action, c.by])).toEqual([
      ['deleted', ADMIN],
      ['updated', 'U0ADMIN002'],
      ['created', ADMIN],
    ]);
  }, 60_000);
});
