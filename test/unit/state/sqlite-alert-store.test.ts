import { describe, expect, it } from 'vitest';
import { openStateDb } from '../../../src/state/open-state-db.js';
import { createSqliteAlertStore } from '../../../src/state/sqlite-alert-store.js';
import { T0 } from '../alerts/trace.js';
import { alertStoreContract } from './alert-store.contract.js';
import { sqliteBackend } from './backends.js';
import { manySubjectsState, sourceName, withOneChanged, without } from './many-subjects.js';
import { tempDbPath } from './temp-db.js';

alertStoreContract(sqliteBackend);

describe('a cycle at 1,000 sources on SQLite', () => {
  it('changes three rows when one source changed and one went: the rule, the source, the gone one', async () => {
    const temp = tempDbPath();
    const db = openStateDb(temp.path);
    try {
      const store = createSqliteAlertStore(db, () => T0);
      const state = manySubjectsState(1_000);
      await store.saveRuleState('per-source', state, [], null);
      // SQLite's own count of rows inserted, updated or deleted on this connection.
      const changes = () => (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
      // The first cycle with few changes moves the subjects to rows; the next ones write those.
      const moved = without(state, sourceName(1));
      await store.saveRuleState('per-source', moved, [], state);
      const startedAt = changes();
      const loaded = await store.loadRuleState('per-source');
      const next = without(withOneChanged(moved, sourceName(42), T0 + 60_000), sourceName(7));
      await store.saveRuleState('per-source', next, [], loaded);
      expect(changes() - startedAt).toBe(3);
      expect(await store.loadRuleState('per-source')).toEqual(next);
    } finally {
      db.close();
      temp.cleanup();
    }
  });
});
