import { afterEach, describe, expect, it } from 'vitest';
import { HEALTHY } from '../../../src/alerts/api-health.js';
import { evaluateRule } from '../../../src/alerts/engine.js';
import { EMPTY_RULE_STATE } from '../../../src/alerts/types.js';
import { openStateDb } from '../../../src/state/open-state-db.js';
import { createSqliteAlertStore } from '../../../src/state/sqlite-alert-store.js';
import { billing, rule } from '../alerts/fixtures.js';
import { T0 } from '../alerts/trace.js';
import { incidentView } from '../alerts/view-fixture.js';
import { tempDbPath } from './temp-db.js';

describe('createSqliteAlertStore', () => {
  const temp = tempDbPath();
  afterEach(() => temp.cleanup());

  it('keeps rule states, the outbox, root messages and API health across a reopen of the file', async () => {
    const result = evaluateRule({
      rule: rule(),
      window: billing(10, 40),
      baseline: null,
      previous: EMPTY_RULE_STATE,
      now: T0,
    });
    let db = openStateDb(temp.path);
    let store = createSqliteAlertStore(db, () => T0);
    await store.saveRuleState('spike', result.state, result.notifications);
    await store.saveIncidentMessage({
      rule: 'spike',
      incidentId: 'abc123',
      channel: 'CALERTS',
      ts: '1.000001',
      view: incidentView(),
    });
    await store.saveApiHealth({ failures: 2, failingSince: T0, announced: false }, []);
    db.close();

    db = openStateDb(temp.path);
    store = createSqliteAlertStore(db, () => T0);
    expect(await store.loadRuleState('spike')).toEqual(result.state);
    expect(await store.loadRuleState('nope')).toBeNull();
    expect([...(await store.loadAllRuleStates()).keys()]).toEqual(['spike']);
    const pending = await store.pendingNotifications();
    expect(pending.map((p) => p.notification)).toEqual(result.notifications);
    expect(pending[0]?.rule).toBe('spike');
    expect(await store.loadIncidentMessage('spike', 'abc123')).toEqual({
      rule: 'spike',
      incidentId: 'abc123',
      channel: 'CALERTS',
      ts: '1.000001',
      view: incidentView(),
    });
    expect(await store.loadApiHealth()).toEqual({
      failures: 2,
      failingSince: T0,
      announced: false,
    });
    db.close();
  });

  it('queues a notification key once, and forgets it when completed', async () => {
    const db = openStateDb(temp.path);
    const store = createSqliteAlertStore(db);
    const notice = {
      kind: 'api-down' as const,
      key: 'alerts-api:1:down:C1',
      channel: 'C1',
      since: 1,
      failures: 3,
    };
    await store.saveApiHealth(HEALTHY, [notice]);
    await store.saveApiHealth(HEALTHY, [notice]);
    const pending = await store.pendingNotifications();
    expect(pending).toHaveLength(1);
    await store.completeNotification(pending[0]?.id ?? -1);
    expect(await store.pendingNotifications()).toEqual([]);
    db.close();
  });

  it('writes a state and its notifications together or not at all', async () => {
    const db = openStateDb(temp.path);
    const store = createSqliteAlertStore(db);
    // A value JSON cannot hold fails after the state row is written: the state must roll back.
    const bad = { kind: 'api-up', key: 'k', channel: 'C1', since: 1n } as unknown as Parameters<
      typeof store.saveRuleState
    >[2][number];
    await expect(store.saveRuleState('spike', EMPTY_RULE_STATE, [bad])).rejects.toThrow();
    expect(await store.loadRuleState('spike')).toBeNull();
    db.close();
  });
});
