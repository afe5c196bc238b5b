import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRuleSet } from '../../../../src/alerts/rules/rule-set.js';
import type { RuleSpec, RuleStore } from '../../../../src/alerts/rules/rule-store.js';
import { type Database, openStateDb } from '../../../../src/state/open-state-db.js';
import { createSqliteRuleStore } from '../../../../src/state/sqlite-rule-store.js';
import { tempDbPath } from '../../state/temp-db.js';
import { rule, ruleSpec } from '../fixtures.js';

const spec = (name: string, overrides: Partial<RuleSpec> = {}): RuleSpec =>
  ruleSpec({ name, ...overrides });

describe('the rules in force', () => {
  let temp = tempDbPath();
  let db: Database;
  let store: RuleStore;
  let lists = 0;
  beforeEach(() => {
    temp = tempDbPath();
    db = openStateDb(temp.path);
    const sqlite = createSqliteRuleStore(db);
    lists = 0;
    store = {
      ...sqlite,
      listRules: () => {
        lists += 1;
        return sqlite.listRules();
      },
    };
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
  });

  it('reads the stored rules again only when their version moved (a change on any replica)', async () => {
    const set = createRuleSet([rule({ name: 'yaml' })], store);
    expect((await set.rules()).map((r) => r.name)).toEqual(['yaml']);
    await set.rules();
    expect(lists).toBe(1);
    // Another replica writes to the same database.
    await createSqliteRuleStore(db).createRule(spec('made-elsewhere'), 'U1', 1);
    expect((await set.rules()).map((r) => r.name)).toEqual(['yaml', 'made-elsewhere']);
    await set.rules();
    expect(lists).toBe(2);
    expect((await set.load()).version).toBe(1);
  });

  it('leaves out a stored rule that no longer passes the check, saying why', async () => {
    await store.createRule(spec('broken', { window: 'soon' }), 'U1', 1);
    await store.createRule(spec('fine'), 'U1', 2);
    const loaded = await createRuleSet([], store).load();
    expect(loaded.entries.map((e) => e.rule.name)).toEqual(['fine']);
    expect(loaded.leftOut).toEqual([
      { rule: 'broken', reason: 'window must be a duration like 30s, 5m, 1h or 1d; got "soon"' },
    ]);
  });

  it('is the YAML rules alone without a store', async () => {
    const set = createRuleSet([rule({ name: 'yaml' })], null);
    expect((await set.entries()).map((e) => [e.rule.name, e.origin])).toEqual([['yaml', 'config']]);
  });
});
