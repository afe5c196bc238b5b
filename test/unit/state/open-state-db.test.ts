import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../src/state/migrate.js';
import type { Migration } from '../../../src/state/migrations/index.js';
import { MIGRATIONS } from '../../../src/state/migrations/index.js';
import { openStateDb } from '../../../src/state/open-state-db.js';
import { tempDbPath } from './temp-db.js';

describe('openStateDb', () => {
  let temp = tempDbPath();
  afterEach(() => {
    temp.cleanup();
    temp = tempDbPath();
  });

  it('creates the file and its directory, in WAL mode, with every migration applied', () => {
    const db = openStateDb(temp.path);
    expect(existsSync(temp.path)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('keeps data across a close and reopen, and runs no migration twice', () => {
    const first = openStateDb(temp.path);
    first
      .prepare(
        `INSERT INTO post_ledger (key, channel, state, owner, created_at, updated_at)
         VALUES ('k', 'C1', 'posted', 'a', 1, 1)`,
      )
      .run();
    first.close();
    const second = openStateDb(temp.path);
    expect(second.prepare('SELECT state FROM post_ledger WHERE key = ?').get('k')).toEqual({
      state: 'posted',
    });
    expect(migrate(second, MIGRATIONS)).toEqual([]);
    second.close();
  });

  it('applies only the migrations above the stored version', () => {
    const calls: number[] = [];
    const step = (version: number): Migration => ({
      version,
      name: `step ${version}`,
      up: (db) => {
        calls.push(version);
        db.exec(`CREATE TABLE t${version} (x)`);
      },
    });
    const db = openStateDb(temp.path, [step(1)]);
    db.close();
    const again = openStateDb(temp.path, [step(1), step(2)]);
    expect(calls).toEqual([1, 2]);
    expect(again.pragma('user_version', { simple: true })).toBe(2);
    again.close();
  });

  it('rolls back a failing migration with its version bump', () => {
    const failing: Migration = {
      version: 1,
      name: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half (x)');
        throw new Error('boom');
      },
    };
    expect(() => openStateDb(temp.path, [failing])).toThrow('boom');
    const db = openStateDb(temp.path, []);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('refuses a DB from a newer bot and a list of migrations with a gap', () => {
    const db = openStateDb(temp.path);
    db.close();
    expect(() => openStateDb(temp.path, MIGRATIONS.slice(0, 0))).toThrow(/newer than this bot/);
    const gap: Migration = { version: MIGRATIONS.length + 2, name: 'gap', up: () => {} };
    expect(() => openStateDb(temp.path, [...MIGRATIONS, gap])).toThrow(/expected/);
  });
});
