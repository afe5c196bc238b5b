import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../../src/alerts/engine.js';
import { closeRemovedRules } from '../../../../src/alerts/rules/removed-rules.js';
import { createSerial } from '../../../../src/alerts/serial.js';
import { EMPTY_RULE_STATE } from '../../../../src/alerts/types.js';
import { createMemoryAlertStore } from '../../../../src/dev/alerts/memory-store.js';
import { silentLogger } from '../../../../src/logging/logger.js';
import { billing, rule } from '../fixtures.js';

const T0 = Date.parse('2026-11-30T10:00:00Z');
const deleted = rule({ name: 'deleted', channel: 'C0ALERTS01' });
const kept = rule({ name: 'kept', channel: 'C0ALERTS01' });

/** A store where both rules fired and their roots were posted (unless `posted` is false). */
async function firing(posted = true) {
  const store = createMemoryAlertStore();
  for (const r of [deleted, kept]) {
    const fired = evaluateRule({
      rule: r,
      window: billing(8, 20),
      baseline: null,
      previous: EMPTY_RULE_STATE,
      now: T0 - 60_000,
    });
    const open = fired.notifications.find((n) => n.kind === 'open');
    if (open?.kind !== 'open') throw new Error('did not fire');
    await store.saveRuleState(r.name, fired.state, posted ? [] : [open]);
    if (posted)
      await store.saveIncidentMessage({
        rule: r.name,
        incidentId: fired.state.incident?.id ?? '',
        channel: 'C0ALERTS01',
        ts: '1700000000.000100',
        view: open.view,
      });
  }
  return store;
}

const deps = (store: ReturnType<typeof createMemoryAlertStore>) => ({
  store,
  serial: createSerial(),
  logger: silentLogger,
});

describe('what a deleted rule leaves', () => {
  it('closes its open incident in its thread, forgets its state, and leaves rules in force alone', async () => {
    const store = await firing();
    const incidentId = (await store.loadRuleState('deleted'))?.incident?.id;
    const closed = await closeRemovedRules(
      deps(store),
      [kept],
      await store.loadAllRuleStates(),
      T0,
    );
    expect(closed).toEqual(['deleted']);
    expect(await store.loadRuleState('deleted')).toEqual(EMPTY_RULE_STATE);
    expect((await store.loadRuleState('kept'))?.incident).not.toBeNull();
    const queued = await store.pendingNotifications();
    expect(queued.map((p) => [p.rule, p.notification.kind, p.notification.key])).toEqual([
      ['deleted', 'resolved', `alert:deleted:${incidentId}:removed:${T0}`],
    ]);
    const n = queued[0]?.notification;
    if (n?.kind !== 'resolved') throw new Error('not a resolution');
    expect([n.view.status, n.view.resolvedAt]).toEqual(['resolved', T0]);
    expect(n.view.subjects.every((s) => !s.firing)).toBe(true);
    // Once cleared, nothing more to do.
    expect(
      await closeRemovedRules(deps(store), [kept], await store.loadAllRuleStates(), T0),
    ).toEqual([]);
  });

  it('waits for a root still on its way to Slack before closing its incident', async () => {
    const store = await firing(false);
    const states = await store.loadAllRuleStates();
    expect(await closeRemovedRules(deps(store), [kept], states, T0)).toEqual([]);
    expect((await store.loadRuleState('deleted'))?.incident).not.toBeNull();
  });
});
