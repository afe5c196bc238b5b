import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HEALTHY } from '../../../src/alerts/api-health.js';
import { evaluateRule } from '../../../src/alerts/engine.js';
import { EMPTY_RULE_STATE } from '../../../src/alerts/types.js';
import { billing, rule } from '../alerts/fixtures.js';
import { T0 } from '../alerts/trace.js';
import { incidentView } from '../alerts/view-fixture.js';
import type { ContractBackend, ContractDb } from './backends.js';
import { manySubjectsState, sourceName, withOneChanged, without } from './many-subjects.js';

const notice = (key: string) => ({
  kind: 'api-down' as const,
  key,
  channel: 'C1',
  since: 1,
  failures: 3,
});

/** What every AlertStore must do, whichever database holds it. */
export function alertStoreContract(backend: ContractBackend): void {
  describe(`the ${backend.name} alert store`, () => {
    let db: ContractDb;
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    beforeEach(async () => {
      db = await backend.fresh();
    });
    afterEach(() => db.dispose());

    it('keeps rule states, the outbox, root messages and API health across a reopen of the file', async () => {
      const result = evaluateRule({
        rule: rule(),
        window: billing(10, 40),
        baseline: null,
        previous: EMPTY_RULE_STATE,
        now: T0,
      });
      let store = (await db.open(() => T0)).alerts;
      await store.saveRuleState('spike', result.state, result.notifications);
      await store.saveIncidentMessage({
        rule: 'spike',
        incidentId: 'abc123',
        channel: 'CALERTS',
        ts: '1.000001',
        view: incidentView(),
      });
      await store.saveApiHealth({ failures: 2, failingSince: T0, announced: false }, []);
      await db.close();

      store = (await db.open(() => T0)).alerts;
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
    });

    it('queues a notification key once, and forgets it when completed', async () => {
      const store = (await db.open()).alerts;
      await store.saveApiHealth(HEALTHY, [notice('alerts-api:1:down:C1')]);
      await store.saveApiHealth(HEALTHY, [notice('alerts-api:1:down:C1')]);
      const pending = await store.pendingNotifications();
      expect(pending).toHaveLength(1);
      await store.completeNotification(pending[0]?.id ?? -1);
      expect(await store.pendingNotifications()).toEqual([]);
    });

    it('writes a state and its notifications together or not at all', async () => {
      const store = (await db.open()).alerts;
      // A value JSON cannot hold fails after the state row is written: the state must roll back.
      const bad = { kind: 'api-up', key: 'k', channel: 'C1', since: 1n } as unknown as Parameters<
        typeof store.saveRuleState
      >[2][number];
      await expect(store.saveRuleState('spike', EMPTY_RULE_STATE, [bad])).rejects.toThrow();
      expect(await store.loadRuleState('spike')).toBeNull();
    });

    it('keeps a held notification queued, with its reason and since when, oldest first', async () => {
      const store = (await db.open()).alerts;
      await store.saveApiHealth(HEALTHY, [notice('k1'), notice('k2')]);
      const [first, second] = await store.pendingNotifications();
      expect(first?.held).toBeNull();
      await store.holdNotification(first?.id ?? -1, 'not_in_channel', 1_700_000_000_000);
      const pending = await store.pendingNotifications();
      expect(pending.map((p) => [p.id, p.notification.key, p.held])).toEqual([
        [first?.id, 'k1', { reason: 'not_in_channel', since: 1_700_000_000_000 }],
        [second?.id, 'k2', null],
      ]);
      expect(pending[0]?.rule).toBeNull();
    });

    it('keeps a rule of 1,000 subjects across reopens, writing only the subject that changed', async () => {
      const [T1, T2] = [T0 + 60_000, T0 + 120_000];
      const state = manySubjectsState(1_000);
      let store = (await db.open(() => T0)).alerts;
      await store.saveRuleState('per-source', state, [], null);
      const first = await db.writtenAt(T0);
      expect(first.rows).toBe(1); // every subject new: one JSON, whole
      await db.close();

      // One cycle later one source changed and one went: the subjects move to rows of their own.
      store = (await db.open(() => T1)).alerts;
      let loaded = await store.loadRuleState('per-source');
      expect(loaded).toEqual(state);
      const second = without(withOneChanged(state, sourceName(42), T1), sourceName(7));
      await store.saveRuleState('per-source', second, [], loaded);
      expect((await db.writtenAt(T1)).rows).toBe(1 + 999);
      await db.close();

      // And the next: the rule's row and the one subject that changed.
      store = (await db.open(() => T2)).alerts;
      loaded = await store.loadRuleState('per-source');
      expect(loaded).toEqual(second);
      const third = without(withOneChanged(second, sourceName(43), T2), sourceName(8));
      await store.saveRuleState('per-source', third, [], loaded);
      const cycle = await db.writtenAt(T2);
      expect(cycle.rows).toBe(2);
      expect(cycle.bytes).toBeLessThan(first.bytes / 100);
      await db.close();

      store = (await db.open()).alerts;
      expect(await store.loadRuleState('per-source')).toEqual(third);
      expect((await store.loadAllRuleStates()).get('per-source')).toEqual(third);
      // Most subjects changed: written whole again, and read back the same.
      let busy = third;
      for (let i = 100; i < 900; i++) busy = withOneChanged(busy, sourceName(i), T2);
      await store.saveRuleState('per-source', busy, [], third);
      await db.close();
      store = (await db.open()).alerts;
      expect(await store.loadRuleState('per-source')).toEqual(busy);
    });

    it('compares with what it holds when not told the state a save was computed from', async () => {
      const [T1, T2, T3] = [T0 + 60_000, T0 + 120_000, T0 + 180_000];
      const state = manySubjectsState(50);
      let store = (await db.open(() => T0)).alerts;
      await store.saveRuleState('per-source', state, []);
      await db.close();
      store = (await db.open(() => T1)).alerts;
      const next = without(withOneChanged(state, sourceName(3), T1), sourceName(4));
      await store.saveRuleState('per-source', next, []);
      expect(await db.writtenAt(T1)).toMatchObject({ rows: 1 + 49 });
      await db.close();
      store = (await db.open(() => T2)).alerts;
      const again = withOneChanged(next, sourceName(5), T2);
      await store.saveRuleState('per-source', again, []);
      expect(await db.writtenAt(T2)).toMatchObject({ rows: 2 });
      expect(await store.loadRuleState('per-source')).toEqual(again);
      // A mute (no subject changed) writes the rule's own row alone.
      await db.close();
      store = (await db.open(() => T3)).alerts;
      const muted = { ...again, mutes: { '*': { until: T3, by: 'U1' } } };
      await store.saveRuleState('per-source', muted, []);
      expect(await db.writtenAt(T3)).toMatchObject({ rows: 1 });
      expect(await store.loadRuleState('per-source')).toEqual(muted);
    });

    it('lists rule states in the order of their names, and replaces a rule’s state', async () => {
      const store = (await db.open()).alerts;
      for (const name of ['b-rule', 'B-rule', 'a-rule']) {
        await store.saveRuleState(name, EMPTY_RULE_STATE, []);
      }
      await store.saveRuleState('a-rule', EMPTY_RULE_STATE, []);
      expect([...(await store.loadAllRuleStates()).keys()]).toEqual(['B-rule', 'a-rule', 'b-rule']);
    });
  });
}
