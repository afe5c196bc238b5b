/**
 * The advisory lock keys exec-stats uses, as PostgreSQL's two-int4 form (namespace, key). The
 * namespace keeps them apart from any other application's advisory locks in the same database.
 */
export const LOCK_NAMESPACE = 0x45_58_53_54; // "EXST"

/** Held (transaction-scoped) while the schema is migrated: replicas starting together wait. */
export const MIGRATION_LOCK_KEY = 1;

/**
 * Held (session-scoped, on a connection of its own) by the one replica that evaluates the alert
 * rules and delivers the alert outbox; see alert-lease.ts.
 */
export const ALERT_LEASE_KEY = 2;

/**
 * A second namespace for the presence of process owners: each live process holds a session lock
 * on (OWNER_NAMESPACE, hashtext(owner)) for every owner id it uses, dropped by PostgreSQL when its
 * connection ends, however the process ends (SIGKILL included).
 */
export const OWNER_NAMESPACE = 0x45_58_4f_57; // "EXOW"
