import type { Readiness } from '../../slack/health-route.js';
import type { StateStores } from '../state-stores.js';
import { createPgAlertLease, type PgAlertLeaseOptions } from './alert-lease.js';
import { createPgHealth, type PgHealthOptions } from './health.js';
import { migratePostgres } from './migrate.js';
import type { PgMigration } from './migrations.js';
import { createPgAlertStore } from './pg-alert-store.js';
import { createPgDigestStore } from './pg-digest-store.js';
import { createPgPostLedger } from './pg-post-ledger.js';
import { createPgRuleStore } from './pg-rule-store.js';
import { createPgPool, type PgPoolOptions } from './pool.js';
import { createOwnerPresence } from './presence.js';

export interface PostgresState {
  readonly stores: StateStores;
  /** The versions migrated at open (empty when another replica had done it). */
  readonly migrated: readonly number[];
  /** For `/readyz`: 503 while PostgreSQL cannot be reached (a cached `SELECT 1`). */
  readiness(): Readiness;
  /**
   * Ends the alert lease's connection (another replica takes the lease at once), the pool and the
   * presence connection (its owners' claims become free to resume).
   */
  close(): Promise<void>;
}

export interface OpenPostgresOptions {
  /** A pooled connection or the presence connection broke; the pool replaces it. */
  readonly onConnectionError?: (error: Error) => void;
  readonly onReachabilityChange?: PgHealthOptions['onChange'];
  readonly pool?: PgPoolOptions;
  readonly health?: Omit<PgHealthOptions, 'onChange'>;
  readonly migrations?: readonly PgMigration[];
  /** Stamps the alert store's rows (default Date.now). */
  readonly alertClock?: () => number;
  /** The alert lease's clock and timings (tests). */
  readonly alertLease?: Omit<PgAlertLeaseOptions, 'onError'>;
}

/**
 * Connects to the PostgreSQL state DB at `url`, migrates its schema (once across replicas starting
 * together, see migrate.ts) and returns the stores on it. Throws when the database cannot be
 * reached or migrated; nothing is left open then.
 */
export async function openPostgresState(
  url: string,
  options: OpenPostgresOptions = {},
): Promise<PostgresState> {
  const onError = options.onConnectionError ?? (() => {});
  const pool = createPgPool(url, onError, options.pool);
  let migrated: number[];
  try {
    migrated = await migratePostgres(pool, options.migrations);
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const presence = createOwnerPresence(url, onError);
  const health = createPgHealth(pool, {
    ...options.health,
    ...(options.onReachabilityChange === undefined
      ? {}
      : { onChange: options.onReachabilityChange }),
  });
  const alertLease = createPgAlertLease(url, { ...options.alertLease, onError });
  let closed = false;
  return {
    stores: {
      digests: createPgDigestStore(pool, presence),
      alerts: createPgAlertStore(pool, options.alertClock),
      ledger: createPgPostLedger(pool, presence),
      alertLease,
      rules: createPgRuleStore(pool),
    },
    migrated,
    readiness: () => health.check(),
    async close() {
      if (closed) return;
      closed = true;
      await alertLease.release();
      await presence.close();
      await pool.end();
    },
  };
}
