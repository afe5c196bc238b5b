import { randomUUID } from 'node:crypto';
import type { AlertRuleConfig, AlertsConfig } from '../config/config.js';
import type { Feature, FeatureContext, FeatureFactory } from '../features/feature.js';
import { failureStreak } from '../logging/failure-streak.js';
import type { RuleState } from '../messages/alert-view.js';
import { type PostLedger, postOnce } from '../slack/post-once.js';
import { registerAlertActions } from './actions.js';
import { registerBotJoined } from './bot-joined.js';
import { evaluateAlertCycle } from './cycle.js';
import { type AlertSlack, deliverPending } from './deliver.js';
import { createDeliveryWorker } from './delivery-worker.js';
import { type AlertLease, alwaysHeldLease, keepLease, leaseRenewMs } from './lease.js';
import { createAlertCharts } from './root-message.js';
import { closeRemovedRules } from './rules/removed-rules.js';
import { registerRuleModal, rulesSubcommand } from './rules/rule-modal-handlers.js';
import { createRuleSet, type RuleSet } from './rules/rule-set.js';
import { createAlertScheduler } from './scheduler.js';
import { createSerial } from './serial.js';
import type { AlertStore } from './store.js';
import { alertSubcommands } from './subcommands.js';
import { createWindowFetcher } from './window-fetcher.js';

export interface AlertsFeatureOptions {
  readonly alerts: AlertsConfig;
  readonly store: AlertStore;
  /** The shared post ledger (state DB), so a restart never posts an alert twice. */
  readonly ledger: PostLedger;
  /** This process's identity in the ledger; default a random one per start. */
  readonly owner?: string;
  /**
   * Which replica evaluates and delivers (PostgreSQL: one at a time); default always this one
   * (SQLite: one process per file).
   */
  readonly lease?: AlertLease;
  /**
   * The rules in force: the YAML file's and those made in Slack (the state DB), read again when
   * they change; default the YAML file's only. Shared with the Home tab.
   */
  readonly ruleSet?: RuleSet;
}

/**
 * Failure-spike alerts as a Feature: the evaluation cycle every `alerts.interval`, the delivery
 * worker that posts what the cycles queue (in the alerts lane: before digests), the alert
 * buttons, and `/exec-stats alerts | mute | unmute`. Cycles and delivery passes run only while this
 * replica holds the alert lease; the buttons and subcommands work on every replica.
 */
export function createAlertsFeature(options: AlertsFeatureOptions): FeatureFactory {
  return (context: FeatureContext): Feature => {
    const logger = context.logger.child({ feature: 'alerts' });
    const owner = options.owner ?? randomUUID();
    const client = context.delivery.client('alerts');
    const slack: AlertSlack = {
      postOnce: (key, message) =>
        postOnce(key, message, {
          client,
          ledger: options.ledger,
          owner,
          clock: context.clock,
          logger,
        }),
      async update(channel, ts, message) {
        await client.chat.update({
          channel,
          ts,
          text: message.text,
          blocks: message.blocks,
        });
      },
    };
    const serial = createSerial();
    const base = {
      store: options.store,
      slack,
      serial,
      clock: context.clock,
      logger,
      executionUrlTemplate: context.executionUrlTemplate,
      timezone: context.timezone,
      // The root's chart, drawn anew with each edit, the one it replaced deleted (root-message.ts);
      // none when charts are off.
      ...(context.charts === undefined
        ? {}
        : { alertCharts: createAlertCharts(context.charts, options.alerts.intervalMs) }),
    };
    const ruleSet = options.ruleSet ?? createRuleSet(options.alerts.rules, null);
    let seenVersion: number | null = null;
    /** The rules of this cycle; a change (from any replica) is logged once, when first seen. */
    const currentRules = async () => {
      const loaded = await ruleSet.load();
      if (loaded.version !== seenVersion) {
        if (seenVersion !== null)
          logger.info('alert rules changed: applied from this cycle', {
            rules: loaded.entries.map((e) => e.rule.name),
          });
        for (const { rule, reason } of loaded.leftOut)
          logger.warn('stored alert rule left out', { rule, reason });
        seenVersion = loaded.version;
      }
      return loaded.entries.map((e) => e.rule);
    };
    const fetcher = createWindowFetcher(context.stats, options.alerts.intervalMs);
    const { metrics } = context;
    const lease = options.lease ?? alwaysHeldLease();
    const worker = createDeliveryWorker({
      pass: async (passOptions) => {
        // Another replica delivers (or this one may have lost the lease): leave the outbox to it.
        if (!lease.held()) return { delivered: 0, retrying: 0, retryAfterMs: null, held: 0 };
        const report = await deliverPending(base, passOptions);
        metrics.deliveries.inc({ kind: 'alert', outcome: 'posted' }, report.delivered);
        metrics.deliveries.inc({ kind: 'alert', outcome: 'retry' }, report.retrying);
        metrics.alertsHeld.set(report.held);
        return report;
      },
      logger,
      now: context.clock.now,
    });
    const cycleFailures = failureStreak(logger, 'the alert cycle');
    const scheduler = createAlertScheduler({
      intervalMs: options.alerts.intervalMs,
      cycle: async () => {
        if (!lease.held()) return; // the fence: lost (or unconfirmed) since the last renewal
        const stop = metrics.alertCycleSeconds.startTimer();
        const rules = await currentRules();
        await evaluateAlertCycle({ ...base, rules, fetcher });
        stop();
        const states = await options.store.loadAllRuleStates();
        countRuleStates(rules, states);
        // Rules deleted (on any replica): their open incidents closed, their state forgotten.
        await closeRemovedRules(base, rules, states, context.clock.now());
        worker.wake({ retryHeld: true });
        cycleFailures.succeeded(context.clock.now());
      },
      // While the state DB is down every cycle fails: said once, and once when it works again.
      onError: (error) => cycleFailures.failed(error, context.clock.now()),
      onSkip: () => logger.warn('alert cycle still running; tick skipped'),
    });
    metrics.alertLeaseHeld.set(0);
    const keeper = keepLease({
      lease,
      everyMs: leaseRenewMs(options.alerts.intervalMs),
      onAcquired() {
        logger.info('alert lease acquired: this replica evaluates the alert rules and delivers');
        metrics.alertLeaseHeld.set(1);
        scheduler.start();
        worker.wake({ retryHeld: true }); // what a previous holder left in the outbox
      },
      async onLost() {
        logger.warn('alert lease lost: another replica evaluates the alert rules and delivers');
        metrics.alertLeaseHeld.set(0);
        await scheduler.stop();
      },
      onError: (error) => logger.warn('cannot renew the alert lease; retrying', { error }),
    });
    /** Each rule's worst subject, for the `exec_stats_alert_rules` gauge. */
    function countRuleStates(
      rules: readonly AlertRuleConfig[],
      states: ReadonlyMap<string, RuleState>,
    ): void {
      const counts = { ok: 0, pending: 0, firing: 0 };
      for (const rule of rules) {
        const subjects = Object.values(states.get(rule.name)?.subjects ?? {});
        const state = subjects.some((s) => s.status === 'firing')
          ? 'firing'
          : subjects.some((s) => s.status === 'pending')
            ? 'pending'
            : 'ok';
        counts[state] += 1;
      }
      for (const [state, count] of Object.entries(counts)) metrics.alertRules.set({ state }, count);
    }

    const modal = {
      ...base,
      ruleSet,
      client: context.client,
      stats: context.stats,
      permissions: context.permissions,
      userTimeZones: context.userTimeZones,
      inFlight: context.inFlight,
    };

    return {
      name: 'alerts',
      subcommands: {
        ...alertSubcommands({
          ...base,
          rules: () => ruleSet.rules(),
          permissions: context.permissions,
        }),
        rules: rulesSubcommand(modal),
      },
      register(app) {
        registerRuleModal(app, modal);
        registerBotJoined(app, () => worker.wake({ retryHeld: true }), logger, context.permissions);
        registerAlertActions(app, {
          ...base,
          stats: context.stats,
          // View stats answers with the chart too, in the clicking user's zone.
          ...(context.charts === undefined ? {} : { charts: context.charts }),
          inFlight: context.inFlight,
          userTimeZones: context.userTimeZones,
        });
      },
      async start() {
        // Without a state DB for Slack-made rules, a file without rules has nothing to evaluate;
        // with one, a rule may be made at any time (on any replica) and is picked up by the cycle.
        if (options.alerts.rules.length === 0 && ruleSet.store === null) return;
        keeper.start(); // on acquiring: the scheduler, and what a previous holder left to deliver
      },
      async stop() {
        await keeper.stop();
        await scheduler.stop();
        await worker.stop();
        metrics.alertLeaseHeld.set(0);
      },
    };
  };
}
