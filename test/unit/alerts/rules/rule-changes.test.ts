import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteRule,
  type RuleChangeDeps,
  saveRule,
} from '../../../../src/alerts/rules/rule-changes.js';
import { createRuleSet, type RuleSet } from '../../../../src/alerts/rules/rule-set.js';
import { fixedClock } from '../../../../src/clock.js';
import { type Database, openStateDb } from '../../../../src/state/open-state-db.js';
import { createSqliteRuleStore } from '../../../../src/state/sqlite-rule-store.js';
import { tempDbPath } from '../../state/temp-db.js';
import { plainDeps, rule, ruleSpec } from '../fixtures.js';

const T0 = Date.parse('2026-11-30T10:00:00Z');
const spec = ruleSpec;

describe('making, changing and deleting a rule in Slack', () => {
  let temp = tempDbPath();
  let db: Database;
  let ruleSet: RuleSet;
  let deps: RuleChangeDeps;
  const changes: string[] = [];
  beforeEach(() => {
    temp = tempDbPath();
    db = openStateDb(temp.path);
    ruleSet = createRuleSet([rule({ name: 'From-YAML' })], createSqliteRuleStore(db));
    ruleSet.onChange((userId) => changes.push(userId));
    deps = { ...plainDeps(fixedClock(T0)), ruleSet };
    changes.length = 0;
  });
  afterEach(() => {
    db.close();
    temp.cleanup();
  });

  it('stores a valid rule and the rule set has it at its next read, after the YAML ones', async () => {
    const saved = await saveRule(deps, spec(), 'create', 'U1');
    expect(saved.ok).toBe(true);
    const entries = await ruleSet.entries();
    expect(entries.map((e) => [e.rule.name, e.origin, e.stored?.createdBy ?? null])).toEqual([
      ['From-YAML', 'config', null],
      ['billing-spike', 'slack', 'U1'],
    ]);
    expect(entries[1]?.rule.recoverRate).toBe(0.1);
    expect(changes).toEqual(['U1']);
  });

  it('refuses a name a YAML rule or another stored rule has, ignoring case', async () => {
    expect(await saveRule(deps, spec({ name: 'from-yaml' }), 'create', 'U1')).toEqual({
      ok: false,
      problems: [
        {
          field: 'name',
          message: '"from-yaml" is the name of a rule in exec-stats.yml; choose another name',
        },
      ],
    });
    await saveRule(deps, spec(), 'create', 'U1');
    const again = await saveRule(deps, spec({ name: 'Billing-Spike' }), 'create', 'U2');
    expect(again.ok ? [] : again.problems.map((p) => p.field)).toEqual(['name']);
    expect((await ruleSet.rules()).map((r) => r.name)).toEqual(['From-YAML', 'billing-spike']);
  });

  it('applies an edit from the next read, and says when the rule was deleted meanwhile', async () => {
    await saveRule(deps, spec(), 'create', 'U1');
    expect((await ruleSet.rules())[1]?.failureRate).toBe(0.2);
    expect((await saveRule(deps, spec({ failureRate: 0.5 }), 'edit', 'U2')).ok).toBe(true);
    const [, edited] = await ruleSet.entries();
    expect(edited?.rule.failureRate).toBe(0.5);
    expect(edited?.stored?.changedBy).toBe('U2');
    const gone = await saveRule(deps, spec({ name: 'nope' }), 'edit', 'U2');
    expect(gone.ok ? '' : gone.problems[0]?.message).toContain('was deleted meanwhile');
  });

  it('deletes a rule: gone from the next read, the change logged', async () => {
    await saveRule(deps, spec(), 'create', 'U1');
    expect(await deleteRule(deps, 'billing-spike', 'U3')).toBe(true);
    expect(await deleteRule(deps, 'billing-spike', 'U3')).toBe(false);
    expect((await ruleSet.rules()).map((r) => r.name)).toEqual(['From-YAML']);
    expect(changes).toEqual(['U1', 'U3']);
  });

  it('leaves out a stored rule a YAML rule has taken the name of since', async () => {
    await saveRule(deps, spec({ name: 'later-in-yaml' }), 'create', 'U1');
    const store = ruleSet.store;
    const withYaml = createRuleSet([rule({ name: 'later-in-yaml' })], store);
    const loaded = await withYaml.load();
    expect(loaded.entries.map((e) => e.origin)).toEqual(['config']);
    expect(loaded.leftOut).toEqual([
      { rule: 'later-in-yaml', reason: 'a rule in exec-stats.yml has this name' },
    ]);
  });
});
