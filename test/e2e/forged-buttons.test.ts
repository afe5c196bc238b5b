import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ALERT_ACTION_IDS, encodeAlertButton } from '../../src/messages/alert-actions.js';
import type { Database } from '../../src/state/open-state-db.js';
import { buttonValue, type E2eWorld, messageText, startE2eWorld } from '../support/e2e-harness.js';
import type { FakeSlack, ResponseUrlPost } from '../support/fake-slack.js';
import { blockActionBody, postSigned } from '../support/slack-request.js';
import { type BotUnderTest, TEST_SIGNING_SECRET } from '../support/start-bot.js';
import {
  ALERT_CHANNEL,
  alertsFeature,
  spikeBody,
  topLevel,
  until,
  updates,
} from './alerts-support.js';

/**
 * Button payloads signed as Slack signs them, but forged: a rule or incident the bot never posted,
 * another workspace, another channel. Each is acked, told privately that nothing changed, and
 * changes nothing: no row in the state DB, no mute, no acknowledgement, no edit of the alert.
 */
describe('forged but signed alert buttons', { timeout: 90_000 }, () => {
  let world: E2eWorld;
  let slack: FakeSlack;
  let bot: BotUnderTest;
  let db: Database;
  let value = '';
  let incidentId = '';
  let counter = 0;

  beforeEach(async () => {
    world = await startE2eWorld({
      statsHandler: () => ({ body: spikeBody() }),
      statsClient: { retries: { maxRetries: 0 } },
      features: (db) => [alertsFeature(db)],
    });
    ({ slack, bot, db } = world);
    await until(() => topLevel(slack).length === 1, 60_000);
    value = buttonValue(topLevel(slack)[0]?.args ?? {}, ALERT_ACTION_IDS.acknowledge) ?? '';
    incidentId = JSON.parse(value).i;
  }, 90_000);
  afterEach(() => world.close());

  async function press(
    actionId: string,
    buttonValue: string,
    where: { teamId?: string; channelId?: string } = {},
  ): Promise<ResponseUrlPost> {
    const id = `press-${++counter}`;
    const body = blockActionBody({
      actionId,
      value: buttonValue,
      responseUrl: slack.responseUrl(id),
      userId: 'U0MALLORY',
      isEphemeral: false,
      channelId: where.channelId ?? ALERT_CHANNEL,
      ...(where.teamId === undefined ? {} : { teamId: where.teamId }),
    });
    const ack = await postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body);
    expect(ack.status).toBe(200);
    await slack.waitFor(() => slack.responses.some((r) => r.id === id), 30_000);
    return slack.responses.find((r) => r.id === id) as ResponseUrlPost;
  }

  /** Every rule row in the state DB, with its mutes and who acknowledged its incident. */
  function stored() {
    const rows = db.prepare('SELECT rule, state FROM alert_rule_states ORDER BY rule').all() as {
      rule: string;
      state: string;
    }[];
    return rows.map((row) => {
      const state = JSON.parse(row.state);
      return { rule: row.rule, mutes: state.mutes, acknowledgedBy: state.incident?.acknowledgedBy };
    });
  }
  const untouched = [{ rule: 'billing-spike', mutes: {}, acknowledgedBy: null }];
  const marked = () =>
    updates(slack).filter((u) => /Acknowledged by|Muted until/.test(messageText(u.args)));

  function expectRefused(reply: ResponseUrlPost, says: RegExp) {
    expect(reply.body.response_type).toBe('ephemeral');
    expect(reply.body.replace_original).toBe(false);
    expect(String(reply.body.text)).toMatch(says);
    expect(String(reply.body.text)).toContain('Nothing was changed.');
  }

  it('a rule that does not exist: told so, and no row is created (not even for a 1 MB name)', async () => {
    const unknown = encodeAlertButton({ rule: 'no-such-rule', incidentId });
    expectRefused(await press(ALERT_ACTION_IDS.mute24h, unknown), /rule that does not exist/);
    expectRefused(await press(ALERT_ACTION_IDS.acknowledge, unknown), /rule that does not exist/);
    const huge = encodeAlertButton({ rule: 'r'.repeat(1_000_000), incidentId });
    expectRefused(await press(ALERT_ACTION_IDS.mute1h, huge), /no longer matches an alert/);
    expect(stored()).toEqual(untouched);
    expect(marked()).toEqual([]);
  });

  it('an incident the rule never had: told so, and the rule is not muted', async () => {
    const forged = encodeAlertButton({ rule: 'billing-spike', incidentId: 'not-an-incident' });
    expectRefused(await press(ALERT_ACTION_IDS.mute24h, forged), /incident its rule does not know/);
    expectRefused(
      await press(ALERT_ACTION_IDS.acknowledge, forged),
      /incident its rule does not know/,
    );
    expect(stored()).toEqual(untouched);
    expect(marked()).toEqual([]);
  });

  it('the real alert’s button from another workspace: refused before any listener', async () => {
    expectRefused(
      await press(ALERT_ACTION_IDS.acknowledge, value, { teamId: 'T0OTHERORG' }),
      /another workspace/,
    );
    expectRefused(
      await press(ALERT_ACTION_IDS.mute4h, value, { teamId: 'T0OTHERORG' }),
      /another workspace/,
    );
    expect(stored()).toEqual(untouched);
    expect(marked()).toEqual([]);
  });

  it('the real alert’s button from another channel: pointed at the alert’s channel', async () => {
    const reply = await press(ALERT_ACTION_IDS.acknowledge, value, { channelId: 'C0ELSEWHERE' });
    expectRefused(reply, new RegExp(`belongs to an alert in <#${ALERT_CHANNEL}>`));
    expectRefused(
      await press(ALERT_ACTION_IDS.mute1h, value, { channelId: 'C0ELSEWHERE' }),
      /belongs to an alert in/,
    );
    expect(stored()).toEqual(untouched);
    expect(marked()).toEqual([]);
  });

  it('the same button from its own workspace and channel still acts', async () => {
    const id = `press-${++counter}`;
    const body = blockActionBody({
      actionId: ALERT_ACTION_IDS.acknowledge,
      value,
      responseUrl: slack.responseUrl(id),
      userId: 'U0ALICE',
      isEphemeral: false,
      channelId: ALERT_CHANNEL,
    });
    expect((await postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body)).status).toBe(200);
    await until(() => marked().length > 0, 30_000);
    expect(stored()).toEqual([{ rule: 'billing-spike', mutes: {}, acknowledgedBy: 'U0ALICE' }]);
    expect(slack.responses.filter((r) => r.id === id)).toEqual([]);
  });
});
