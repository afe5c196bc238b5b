import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/migration.js';

/**
 * Runs the migrations above the DB's `user_version`, each in its own transaction with its version
 * bump. Refuses a DB written by a newer bot (a higher version than it knows), which it could
 * otherwise corrupt, and a list with gaps or disorder, which is a programming error.
 * Returns the versions applied.
 */
export function migrate(db: Database, migrations: readonly Migration[]): number[] {
  checkOrder(migrations);
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new Error(
      `The state DB has schema version ${current}, newer than this bot knows (${latest}): run a newer version of exec-stats or point EXEC_STATS_DB at another file`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      // PRAGMA takes no bound parameters; the version is an integer we checked.
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied.push(migration.version);
  }
  return applied;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1 || !Number.isInteger(migration.version)) {
      throw new Error(
        `Migration "${migration.name}" has version ${migration.version}, expected ${index + 1}: versions start at 1 and follow each other`,
      );
    }
  });
}
