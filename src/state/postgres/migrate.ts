import type { Pool } from 'pg';
import { LOCK_NAMESPACE, MIGRATION_LOCK_KEY } from './locks.js';
import { PG_MIGRATIONS, type PgMigration } from './migrations.js';

/**
 * Brings the PostgreSQL schema up to date, once however many replicas start together: one
 * transaction takes a transaction-scoped advisory lock (the others wait for it), reads the versions
 * applied from `exec_stats_schema_migrations`, and applies the missing steps in order, each recorded
 * with its version. Everything commits together or not at all; the lock goes with the transaction.
 * Forward-only: a database migrated by a newer bot (a version this one does not know) is refused.
 * Returns the versions applied.
 */
export async function migratePostgres(
  pool: Pool,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<number[]> {
  checkOrder(migrations);
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('BEGIN');
    // A step may take long on a big table, and the others wait for it under the lock.
    await client.query('SET LOCAL statement_timeout = 0');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [
      LOCK_NAMESPACE,
      MIGRATION_LOCK_KEY,
    ]);
    await client.query(`
      CREATE TABLE IF NOT EXISTS exec_stats_schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM exec_stats_schema_migrations',
    );
    const current = rows[0]?.version ?? 0;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) {
      throw new Error(
        `The state DB has schema version ${current}, newer than this bot knows (${latest}): run a newer version of exec-stats or point EXEC_STATS_DB at another database`,
      );
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query(
        'INSERT INTO exec_stats_schema_migrations (version, name) VALUES ($1, $2)',
        [migration.version, migration.name],
      );
      applied.push(migration.version);
    }
    await client.query('COMMIT');
    return applied;
  } catch (error) {
    failed = true;
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    // A connection whose rollback may not have run is not handed back to the pool.
    client.release(failed);
  }
}

function checkOrder(migrations: readonly PgMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1 || !Number.isInteger(migration.version)) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}, expected ${index + 1}: versions start at 1 and follow each other`,
      );
    }
  });
}
