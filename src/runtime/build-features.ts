import { createAlertsFeature } from '../alerts/feature.js';
import { createRuleSet } from '../alerts/rules/rule-set.js';
import { createStatsFeature } from '../commands/stats-feature.js';
import type { Config } from '../config/config.js';
import { createDigestsFeature } from '../digests/feature.js';
import { createChangeSignal } from '../features/change-signal.js';
import type { FeatureFactory } from '../features/feature.js';
import { createHomeFeature } from '../home/feature.js';
import type { StateStores } from '../state/state-stores.js';

/** With no `alerts` section the feature is still there, to answer `/exec-stats alerts` helpfully. */
const NO_ALERTS = { intervalMs: 60_000, channel: null, rules: [] } as const;

/**
 * The features of this deployment, on the state DB's stores (SQLite or PostgreSQL): the stats query
 * (`/exec-stats [WINDOW]` and its Refresh button), digests (YAML ones and channel subscriptions),
 * alerts (their scheduler runs only when rules are configured) and the Home tab. Digests and alerts
 * share the post ledger, so "posted exactly once" means the same everywhere.
 */
export function buildFeatures(config: Config, stores: StateStores): FeatureFactory[] {
  const alerts = config.file.alerts ?? NO_ALERTS;
  // YAML rules and those made in Slack, shared by the alerts and the Home tab.
  const ruleSet = createRuleSet(alerts.rules, stores.rules);
  // A digest changed through the digests feature is published on the changer's Home tab at once.
  const changes = createChangeSignal();
  return [
    createStatsFeature(),
    createDigestsFeature({
      digests: config.file.digests,
      store: stores.digests,
      ledger: stores.ledger,
      changes,
    }),
    createAlertsFeature({
      alerts,
      store: stores.alerts,
      ledger: stores.ledger,
      lease: stores.alertLease,
      ruleSet,
    }),
    createHomeFeature({
      rules: alerts.rules,
      ruleSet,
      digests: config.file.digests,
      alertStore: stores.alerts,
      digestStore: stores.digests,
      changes,
    }),
  ];
}
