import { createAlertsFeature } from '../../src/alerts/feature.js';
import type { AlertRuleConfig } from '../../src/config/config.js';
import type { FeatureFactory } from '../../src/features/feature.js';
import { type Database, openStateDb } from '../../src/state/open-state-db.js';
import { createSqliteAlertStore } from '../../src/state/sqlite-alert-store.js';
import { createSqlitePostLedger } from '../../src/state/sqlite-post-ledger.js';
import type { FakeSlack, WebApiCall } from '../support/fake-slack.js';
import { statsBody, type WireStatsBody, wireFailure } from '../support/stats-body.js';
import { rule } from '../unit/alerts/fixtures.js';

export const ALERT_CHANNEL = 'C0ALERTS01';

/** The rule: `window: 15m, minFailures: 5, failureRate: 0.2, recoverRate: 0.1`. */
export const E2E_RULE: AlertRuleConfig = rule({ name: 'billing-spike', channel: ALERT_CHANNEL });

/** The alerts feature on a state DB file, as main.ts wires it, evaluated every 2 s by default. */
export function alertsOnDb(
  path: string,
  intervalMs = 2_000,
): { factory: FeatureFactory; db: Database } {
  const db = openStateDb(path);
  return { factory: alertsFeature(db, intervalMs), db };
}

/** The alerts feature on an open state DB (E2E_RULE, its cycle every 2 s by default). */
export function alertsFeature(db: Database, intervalMs = 2_000): FeatureFactory {
  return createAlertsFeature({
    alerts: { intervalMs, channel: ALERT_CHANNEL, rules: [E2E_RULE] },
    store: createSqliteAlertStore(db),
    ledger: createSqlitePostLedger(db),
  });
}

/** 8 of 20 finished executions failed (40%) in billing, each listed. */
export function spikeBody(): WireStatsBody {
  return statsBody({
    data: {
      summary: { total: 20, succeeded: 12, failed: 8, cancelled: 0, inProgress: 0, terminal: 20 },
      sourceSystems: [
        { sourceSystem: 'billing', total: 20, succeeded: 12, failed: 8, cancelled: 0 },
      ],
      recentFailures: Array.from({ length: 8 }, (_, i) =>
        wireFailure({
          executionId: `exec-spike-${i + 1}`,
          statusReason: i % 2 ? 'card declined' : 'ledger timeout',
        }),
      ),
    },
  });
}

/** 1 of 40 failed (2.5%). */
export function healthyBody(): WireStatsBody {
  return statsBody({
    data: {
      summary: { total: 40, succeeded: 39, failed: 1, cancelled: 0, inProgress: 0, terminal: 40 },
      sourceSystems: [
        { sourceSystem: 'billing', total: 40, succeeded: 39, failed: 1, cancelled: 0 },
      ],
      recentFailures: [wireFailure({ executionId: 'exec-ok-1' })],
    },
  });
}

export const posts = (slack: FakeSlack): WebApiCall[] =>
  slack.calls.filter((c) => c.method === 'chat.postMessage');
export const topLevel = (slack: FakeSlack): WebApiCall[] =>
  posts(slack).filter((c) => c.args.thread_ts === undefined);
export const updates = (slack: FakeSlack): WebApiCall[] =>
  slack.calls.filter((c) => c.method === 'chat.update');

/** Polls `predicate` every 50 ms (the alert cycle makes no Slack call when nothing changes). */
export async function until(predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
