import type { Database } from 'better-sqlite3';

/**
 * One step of the state DB's schema. `version` is what `PRAGMA user_version` holds once it has
 * run; versions start at 1 and follow each other without gaps. `up` runs inside a transaction
 * together with the version bump, so a step is applied completely or not at all.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
}
