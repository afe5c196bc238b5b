import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RuleSpec, RuleStore } from '../../../src/alerts/rules/rule-store.js';
import { ruleSpec } from '../alerts/fixtures.js';
import type { ContractBackend, ContractDb } from './backends.js';

const spec = (overrides: Partial<RuleSpec> = {}): RuleSpec =>
  ruleSpec({ sources: ['billing'], for: 2, channel: 'C0123456789', ...overrides });

/** What every RuleStore must do, whichever database holds it. */
export function ruleStoreContract(backend: ContractBackend): void {
  describe(`the ${backend.name} rule store`, () => {
    let db: ContractDb;
    let store: RuleStore;
    beforeAll(() => backend.setup());
    afterAll(() => backend.teardown());
    beforeEach(async () => {
      db = await backend.fresh();
      store = (await db.open()).rules;
    });
    afterEach(() => db.dispose());

    it('keeps a rule with who made it, and refuses a second rule of the same name', async () => {
      expect(await store.version()).toBe(0);
      expect(await store.createRule(spec(), 'U1', 1_000)).toBe('created');
      expect(await store.createRule(spec({ window: '1h' }), 'U2', 2_000)).toBe('name-taken');
      expect(await store.listRules()).toEqual([
        { spec: spec(), createdBy: 'U1', createdAt: 1_000, changedBy: 'U1', changedAt: 1_000 },
      ]);
      expect(await store.version()).toBe(1);
    });

    it('records who changed it and when, and logs every change newest first', async () => {
      await store.createRule(spec(), 'U1', 1_000);
      await store.createRule(spec({ name: 'other' }), 'U1', 1_500);
      expect(await store.updateRule(spec({ failureRate: 0.3 }), 'U2', 2_000)).toBe('updated');
      expect(await store.updateRule(spec({ name: 'missing' }), 'U2', 2_000)).toBe('not-found');
      const removed = await store.deleteRule('other', 'U3', 3_000);
      expect(removed?.spec.name).toBe('other');
      expect(await store.deleteRule('other', 'U3', 3_000)).toBeNull();
      const [rule] = await store.listRules();
      expect(rule).toEqual({
        spec: spec({ failureRate: 0.3 }),
        createdBy: 'U1',
        createdAt: 1_000,
        changedBy: 'U2',
        changedAt: 2_000,
      });
      expect(await store.listChanges(10)).toEqual([
        { rule: 'other', action: 'deleted', by: 'U3', at: 3_000, spec: null },
        {
          rule: 'billing-spike',
          action: 'updated',
          by: 'U2',
          at: 2_000,
          spec: spec({ failureRate: 0.3 }),
        },
        { rule: 'other', action: 'created', by: 'U1', at: 1_500, spec: spec({ name: 'other' }) },
        { rule: 'billing-spike', action: 'created', by: 'U1', at: 1_000, spec: spec() },
      ]);
      expect(await store.listChanges(1)).toHaveLength(1);
      expect(await store.version()).toBe(4);
    });

    it('keeps the rules and their log across a reopen', async () => {
      await store.createRule(spec(), 'U1', 1_000);
      store = (await db.open()).rules;
      expect((await store.listRules()).map((r) => r.spec.name)).toEqual(['billing-spike']);
      expect(await store.version()).toBe(1);
    });

    it('lets a name be used again once its rule is deleted', async () => {
      await store.createRule(spec(), 'U1', 1_000);
      await store.deleteRule('billing-spike', 'U1', 2_000);
      expect(await store.createRule(spec({ window: '1h' }), 'U2', 3_000)).toBe('created');
      expect((await store.listRules())[0]?.spec.window).toBe('1h');
    });
  });
}
