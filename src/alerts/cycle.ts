import type { Clock } from '../clock.js';
import type { AlertRuleConfig } from '../config/config.js';
import type { Logger } from '../logging/logger.js';
import { HEALTHY, recordCycle } from './api-health.js';
import { type DeliverDeps, deliverPending } from './deliver.js';
import { evaluateRule } from './engine.js';
import type { Serial } from './serial.js';
import type { AlertStore } from './store.js';
import { type AlertNotification, EMPTY_RULE_STATE } from './types.js';
import { baselineKey, type WindowFetcher } from './window-fetcher.js';

/**
 * One evaluation cycle: fetch the windows every rule needs (shared), evaluate each rule whose
 * stats could be read and save its state with its notifications (the outbox), and track the
 * API's health. A rule whose window or baseline could not be read keeps its state untouched: it
 * neither fires nor resolves on missing data. One rule failing never stops the others.
 *
 * Evaluation never waits on Slack: the bot's delivery worker (delivery-worker.ts) empties the
 * outbox on its own schedule. `runAlertCycle` evaluates and then delivers in line, for
 * simulations and tests where Slack answers at once.
 */

export interface CycleDeps extends DeliverDeps {
  readonly rules: readonly AlertRuleConfig[];
  readonly fetcher: WindowFetcher;
  readonly store: AlertStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Serialises read-modify-write of rule states with button presses and commands. */
  readonly serial: Serial;
}

export interface CycleReport {
  readonly evaluated: number;
  readonly unreadable: number;
}

export async function runAlertCycle(deps: CycleDeps): Promise<CycleReport> {
  const report = await evaluateAlertCycle(deps);
  await deliverPending(deps);
  return report;
}

export async function evaluateAlertCycle(deps: CycleDeps): Promise<CycleReport> {
  const now = deps.clock.now();
  const fetched = await deps.fetcher.fetch(deps.rules, now);
  const fetchedAt = deps.clock.now();
  let evaluated = 0;
  let unreadable = 0;
  for (const rule of deps.rules) {
    const log = deps.logger.child({ rule: rule.name });
    const window = fetched.windows.get(rule.windowMs);
    const key = baselineKey(rule);
    const baseline = key === null ? null : fetched.baselines.get(key);
    if (window?.ok !== true || (baseline !== null && baseline?.ok !== true)) {
      unreadable += 1;
      const failed = window?.ok === false ? window : baseline;
      log.warn('stats unreadable; rule not evaluated', {
        error: failed?.ok === false ? failed.error : undefined,
      });
      continue;
    }
    try {
      await deps.serial(async () => {
        const stored = await deps.store.loadRuleState(rule.name);
        const previous = stored ?? EMPTY_RULE_STATE;
        const result = evaluateRule({
          rule,
          window: window.stats,
          baseline: baseline?.stats ?? null,
          previous,
          now,
          hours: fetched.hours,
        });
        // What was loaded goes back with the new state: the store writes only what changed.
        await deps.store.saveRuleState(rule.name, result.state, result.notifications, stored);
        for (const n of result.notifications)
          log.info('alert notification queued', { kind: n.kind, key: n.key });
      });
      evaluated += 1;
    } catch (error) {
      log.error('rule evaluation failed', { error });
    }
  }
  const evaluatedAt = deps.clock.now();
  await trackHealth(deps, unreadable === 0, now);
  deps.logger.debug('alert cycle done', {
    evaluated,
    unreadable,
    fetchMs: fetchedAt - now,
    evaluateMs: evaluatedAt - fetchedAt,
  });
  return { evaluated, unreadable };
}

async function trackHealth(deps: CycleDeps, ok: boolean, now: number): Promise<void> {
  const health = (await deps.store.loadApiHealth()) ?? HEALTHY;
  const { health: next, notice } = recordCycle(health, ok, now);
  // A healthy API stays healthy: nothing to write.
  if (notice === null && next.failures === health.failures && next.announced === health.announced) {
    return;
  }
  const channels = [...new Set(deps.rules.map((r) => r.channel))];
  const notifications: AlertNotification[] =
    notice === null
      ? []
      : channels.map((channel) => ({
          kind: notice.kind,
          key: `alerts-api:${notice.since}:${notice.kind === 'api-down' ? 'down' : 'up'}:${channel}`,
          channel,
          since: notice.since,
          failures: notice.failures,
        }));
  if (notice !== null)
    deps.logger.warn(
      notice.kind === 'api-down'
        ? 'stats API unreachable: alert channels told'
        : 'stats API back: alert channels told',
      { since: notice.since },
    );
  await deps.store.saveApiHealth(next, notifications);
}
