import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDb } from '../../../src/state/open-state-db.js';
import { lockPathOf, lockStateDb, StateDbInUseError } from '../../../src/state/state-db-lock.js';
import { tempDbPath } from './temp-db.js';

describe('lockStateDb', () => {
  let temp = tempDbPath();
  afterEach(() => {
    temp.cleanup();
    temp = tempDbPath();
  });

  it('takes the lock beside the DB, creating the directory', () => {
    const lock = lockStateDb(temp.path);
    expect(lock.lockPath).toBe(`${temp.path}.lock`);
    expect(existsSync(lockPathOf(temp.path))).toBe(true);
    lock.release();
  });

  it('refuses a second holder at once, naming the file and PostgreSQL', () => {
    const first = lockStateDb(temp.path);
    try {
      let error: unknown;
      try {
        lockStateDb(temp.path);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(StateDbInUseError);
      expect((error as Error).message).toContain(temp.path);
      expect((error as Error).message).toMatch(/PostgreSQL/);
      expect((error as Error).message).toMatch(/one bot process per SQLite file/);
    } finally {
      first.release();
    }
  });

  it('can be taken again once released (release twice is harmless)', () => {
    const first = lockStateDb(temp.path);
    first.release();
    first.release();
    const second = lockStateDb(temp.path);
    second.release();
  });

  it('leaves the state DB itself usable in WAL mode while held', () => {
    const lock = lockStateDb(temp.path);
    try {
      const db = openStateDb(temp.path);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.exec('CREATE TABLE t (x)');
      db.prepare('INSERT INTO t VALUES (1)').run();
      const reader = openStateDb(temp.path);
      expect(reader.prepare('SELECT x FROM t').all()).toEqual([{ x: 1 }]);
      reader.close();
      db.close();
    } finally {
      lock.release();
    }
  });

  it('needs no lock for an in-memory DB', () => {
    const a = lockStateDb(':memory:');
    const b = lockStateDb(':memory:');
    a.release();
    b.release();
  });
});
