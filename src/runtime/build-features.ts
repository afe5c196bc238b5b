import type { Config } from '../config/config.js';
import { createDigestsFeature } from '../digests/feature.js';
import type { FeatureFactory } from '../features/feature.js';
import type { Database } from '../state/open-state-db.js';
import { createSqliteDigestStore } from '../state/sqlite-digest-store.js';
import { createSqlitePostLedger } from '../state/sqlite-post-ledger.js';

/**
 * The features of this deployment, on one state DB: digests (YAML ones and channel subscriptions,
 * so always on). They share the post ledger, so "posted exactly once" means the same everywhere.
 */
export function buildFeatures(config: Config, db: Database): FeatureFactory[] {
  const ledger = createSqlitePostLedger(db);
  return [
    createDigestsFeature({
      digests: config.file.digests,
      store: createSqliteDigestStore(db),
      ledger,
    }),
  ];
}
