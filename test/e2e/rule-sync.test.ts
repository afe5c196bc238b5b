import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAlertsFeature } from '../../src/alerts/feature.js';
import { deleteRule, saveRule } from '../../src/alerts/rules/rule-changes.js';
import { createRuleSet } from '../../src/alerts/rules/rule-set.js';
import type { RuleSpec } from '../../src/alerts/rules/rule-store.js';
import { createSerial } from '../../src/alerts/serial.js';
import { systemClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logging/logger.js';
import {
  openPostgresState,
  type PostgresState,
} from '../../src/state/postgres/open-postgres-state.js';
import { type E2eWorld, startE2eWorld } from '../support/e2e-harness.js';
import type { FakeSlack } from '../support/fake-slack.js';
import type { BotUnderTest } from '../support/start-bot.js';
import type { StatsServer } from '../support/stats-server.js';
import { ruleSpec } from '../unit/alerts/fixtures.js';
import { testDatabase } from '../unit/state/backends.js';
import { ALERT_CHANNEL, posts, spikeBody, topLevel, until, updates } from './alerts-support.js';

/** The rule, as the rule modal stores it. */
const SPEC: RuleSpec = ruleSpec({ channel: ALERT_CHANNEL });

/**
 * A rule made, changed and deleted through another replica (its own stores on the same
 * PostgreSQL database, as the rule modal on that replica writes them): the bot evaluating the
 * alerts picks each change up at its next cycle (1 s here), without a restart; a deleted rule's open
 * incident is closed by that replica's cycle. The database is
 * this file's own; PostgreSQL unreachable on 127.0.0.1:5432: this fails, it is not skipped.
 */
describe('alert rules changed through another replica (PostgreSQL)', { timeout: 60_000 }, () => {
  const database = testDatabase('rulesync');
  let world: E2eWorld;
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let bot: BotUnderTest;
  let here: PostgresState;
  let there: PostgresState;
  beforeAll(() => database.setup());
  afterAll(() => database.teardown());
  beforeEach(async () => {
    const { url } = await database.get();
    here = await openPostgresState(url);
    there = await openPostgresState(url);
    const feature = createAlertsFeature({
      alerts: { intervalMs: 1_000, channel: null, rules: [] },
      store: here.stores.alerts,
      ledger: here.stores.ledger,
      lease: here.stores.alertLease,
      ruleSet: createRuleSet([], here.stores.rules),
    });
    world = await startE2eWorld({
      statsHandler: () => ({ body: spikeBody() }),
      features: [feature],
    });
    ({ slack, statsApi, bot } = world);
  });
  afterEach(async () => {
    await world.close();
    await here.close();
    await there.close();
  });

  it('evaluates a rule made there, applies its edit from the next cycle, and closes its incident when it is deleted there', async () => {
    const elsewhere = {
      ruleSet: createRuleSet([], there.stores.rules),
      alertStore: there.stores.alerts,
      serial: createSerial(),
      clock: systemClock,
      logger: silentLogger,
    };
    expect(statsApi.calls).toHaveLength(0); // no rule: nothing to ask the API

    // Made there with a 60% threshold: evaluated here from the next cycle, the 40% spike quiet.
    const high = { ...SPEC, failureRate: 0.6, recoverRate: 0.5 };
    expect((await saveRule(elsewhere, high, 'create', 'U0THERE001')).ok).toBe(true);
    await until(() => statsApi.calls.length >= 2);
    expect(topLevel(slack)).toHaveLength(0);

    // Edited there to 20%: it fires here at the next cycle.
    expect((await saveRule(elsewhere, SPEC, 'edit', 'U0THERE002')).ok).toBe(true);
    await until(() => topLevel(slack).some((c) => c.args.channel === ALERT_CHANNEL));
    // (Seen by a cycle that had read the rules before: the change is logged once.)
    expect(
      bot.logLines.some((l) => l.includes('alert rules changed: applied from this cycle')),
    ).toBe(true);

    // Deleted there: its open incident is closed in its thread, and it is evaluated no more.
    const replies = () => posts(slack).filter((c) => c.args.thread_ts !== undefined).length;
    const before = replies();
    expect(await deleteRule(elsewhere, 'billing-spike', 'U0THERE003')).toBe(true);
    await until(() => replies() > before);
    await until(() => updates(slack).length > 0); // the root marked resolved
    const callsAfter = statsApi.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 2_500)); // two more cycles
    expect(statsApi.calls.length).toBe(callsAfter); // the rule is gone: nothing evaluated
    expect((await here.stores.rules.listChanges(10)).map((c) => [c.action, c.by])).toEqual([
      ['deleted', 'U0THERE003'],
      ['updated', 'U0THERE002'],
      ['created', 'U0THERE001'],
    ]);
  });
});
