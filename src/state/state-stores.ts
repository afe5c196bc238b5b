import { type AlertLease, alwaysHeldLease } from '../alerts/lease.js';
import type { RuleStore } from '../alerts/rules/rule-store.js';
import type { AlertStore } from '../alerts/store.js';
import type { DigestStore } from '../digests/store.js';
import type { PostLedger } from '../slack/post-once.js';
import type { Database } from './open-state-db.js';
import { createSqliteAlertStore } from './sqlite-alert-store.js';
import { createSqliteDigestStore } from './sqlite-digest-store.js';
import { createSqlitePostLedger } from './sqlite-post-ledger.js';
import { createSqliteRuleStore } from './sqlite-rule-store.js';

/** The stores the features keep their state in, on one state DB (SQLite or PostgreSQL). */
export interface StateStores {
  readonly digests: DigestStore;
  readonly alerts: AlertStore;
  /** Shared by digests and alerts: "posted exactly once" means the same everywhere. */
  readonly ledger: PostLedger;
  /** Which replica evaluates the alert rules and delivers the alert outbox (one at a time). */
  readonly alertLease: AlertLease;
  /** Alert rules made in Slack (the rule modal), beside the YAML file's. */
  readonly rules: RuleStore;
}

export function sqliteStores(db: Database): StateStores {
  return {
    digests: createSqliteDigestStore(db),
    alerts: createSqliteAlertStore(db),
    ledger: createSqlitePostLedger(db),
    alertLease: alwaysHeldLease(), // one process per file
    rules: createSqliteRuleStore(db),
  };
}
