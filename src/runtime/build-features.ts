import { createAlertsFeature } from '../alerts/feature.js';
import type { Config } from '../config/config.js';
import { createDigestsFeature } from '../digests/feature.js';
import type { FeatureFactory } from '../features/feature.js';
import type { Database } from '../state/open-state-db.js';
import { createSqliteAlertStore } from '../state/sqlite-alert-store.js';
import { createSqliteDigestStore } from '../state/sqlite-digest-store.js';
import { createSqlitePostLedger } from '../state/sqlite-post-ledger.js';

/** With no `alerts` section the feature is still there, to answer `/exec-stats alerts` helpfully. */
const NO_ALERTS = { intervalMs: 60_000, channel: null, rules: [] } as const;

/**
 * The features of this deployment, on one state DB: digests (YAML ones and channel subscriptions)
 * and alerts (their scheduler runs only when rules are configured). They share the post ledger, so
 * "posted exactly once" means the same everywhere.
 */
export function buildFeatures(config: Config, db: Database): FeatureFactory[] {
  const ledger = createSqlitePostLedger(db);
  return [
    createDigestsFeature({
      digests: config.file.digests,
      store: createSqliteDigestStore(db),
      ledger,
    }),
    createAlertsFeature({
      alerts: config.file.alerts ?? NO_ALERTS,
      store: createSqliteAlertStore(db),
      ledger,
    }),
  ];
}
