import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../src/state/migrations/index.js';
import { openStateDb } from '../../../src/state/open-state-db.js';
import { PG_MIGRATIONS } from '../../../src/state/postgres/migrations.js';
import { openPostgresState } from '../../../src/state/postgres/open-postgres-state.js';
import { createSqliteAlertStore } from '../../../src/state/sqlite-alert-store.js';
import { T0 } from '../alerts/trace.js';
import { testDatabase } from './backends.js';
import { manySubjectsState } from './many-subjects.js';
import { tempDbPath } from './temp-db.js';

/**
 * After migration 6 the per-rule JSON a bot before it wrote reads back the same, open incident
 * included (a state written whole stays valid), and the next save with few changes moves its
 * subjects to rows of their own.
 */
const SPLIT = 6;
const before = manySubjectsState(40);

describe('the upgrade to per-subject rows', () => {
  it('keeps every SQLite rule state, open incident and subjects included', async () => {
    expect(before.incident).not.toBeNull();
    const temp = tempDbPath();
    try {
      const old = openStateDb(temp.path, MIGRATIONS.slice(0, SPLIT - 1));
      old
        .prepare('INSERT INTO alert_rule_states (rule, state, updated_at) VALUES (?, ?, ?)')
        .run('per-source', JSON.stringify(before), T0);
      old.close();

      const db = openStateDb(temp.path);
      try {
        const store = createSqliteAlertStore(db);
        const loaded = await store.loadRuleState('per-source');
        expect(loaded).toEqual(before);
        await store.saveRuleState('per-source', { ...before, mutes: {} }, [], loaded);
        const subjects = db.prepare('SELECT count(*) AS n FROM alert_subject_states').get();
        expect(subjects).toEqual({ n: 40 });
        expect(await store.loadRuleState('per-source')).toEqual({ ...before, mutes: {} });
      } finally {
        db.close();
      }
    } finally {
      temp.cleanup();
    }
  });

  describe('on PostgreSQL', () => {
    const database = testDatabase('subject_states');
    beforeAll(() => database.setup());
    afterAll(() => database.teardown());

    it('keeps every rule state, open incident and subjects included', async () => {
      const { url } = await database.get();
      const old = await openPostgresState(url, { migrations: PG_MIGRATIONS.slice(0, SPLIT - 1) });
      await old.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(
          'INSERT INTO alert_rule_states (rule, state, updated_at) VALUES ($1, $2, $3)',
          ['per-source', JSON.stringify(before), T0],
        );
        const state = await openPostgresState(url);
        try {
          const store = state.stores.alerts;
          const loaded = await store.loadRuleState('per-source');
          expect(loaded).toEqual(before);
          await store.saveRuleState('per-source', { ...before, mutes: {} }, [], loaded);
          expect(await store.loadRuleState('per-source')).toEqual({ ...before, mutes: {} });
        } finally {
          await state.close();
        }
        const { rows } = await client.query('SELECT count(*)::int AS n FROM alert_subject_states');
        expect(rows).toEqual([{ n: 40 }]);
      } finally {
        await client.end();
      }
    });
  });
});
