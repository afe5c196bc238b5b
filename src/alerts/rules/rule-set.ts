import type { AlertRuleConfig } from '../../config/config.js';
import { checkRuleSpec } from './rule-spec.js';
import type { RuleStore, StoredRule } from './rule-store.js';

/**
 * The alert rules in force: the YAML file's, then those made in Slack (the state DB). Read again
 * only when the store's version moved, so every cycle, command and Home tab sees a change made on
 * any replica at its next read, without a restart, at the cost of one tiny query. A stored rule
 * that no longer passes the check (a newer bot tightened it) or clashes with a YAML rule added
 * since is left out (`leftOut`, which the alerts feature logs), never half-applied.
 */

export interface RuleEntry {
  readonly rule: AlertRuleConfig;
  /** `config`: the YAML file (read-only in Slack); `slack`: made with the rule modal. */
  readonly origin: 'config' | 'slack';
  /** Who made and changed a Slack-made rule; null for a YAML one. */
  readonly stored: StoredRule | null;
}

export interface LoadedRules {
  /** The store's version they were read at (0 without a store). */
  readonly version: number;
  /** Every rule in force, YAML ones first. */
  readonly entries: readonly RuleEntry[];
  /** Stored rules not in force, and why. */
  readonly leftOut: readonly { readonly rule: string; readonly reason: string }[];
}

export interface RuleSet {
  load(): Promise<LoadedRules>;
  /** Every rule in force, YAML ones first. */
  entries(): Promise<readonly RuleEntry[]>;
  rules(): Promise<readonly AlertRuleConfig[]>;
  /** The YAML file's rules: their names cannot be taken by a Slack-made rule. */
  readonly configRules: readonly AlertRuleConfig[];
  /** The store, or null when there is none (rules come from the YAML file only). */
  readonly store: RuleStore | null;
  /** Listens to rule changes made through this replica (the Home tab redraws at once). */
  onChange(listener: (userId: string) => void): void;
  /** Tells the listeners that `userId` made, changed or deleted a rule. */
  changed(userId: string): void;
}

export function createRuleSet(
  configRules: readonly AlertRuleConfig[],
  store: RuleStore | null,
): RuleSet {
  const fromConfig: RuleEntry[] = configRules.map((rule) => ({
    rule,
    origin: 'config',
    stored: null,
  }));
  const yamlOnly: LoadedRules = { version: 0, entries: fromConfig, leftOut: [] };
  /** What was read last; null until the store was read once. */
  let loaded: LoadedRules | null = null;
  const load = async (): Promise<LoadedRules> => {
    if (store === null) return yamlOnly;
    const version = await store.version();
    if (loaded !== null && loaded.version === version) return loaded;
    const stored = await store.listRules();
    const taken = new Set(configRules.map((r) => r.name.toLowerCase()));
    const fromSlack: RuleEntry[] = [];
    const leftOut: { rule: string; reason: string }[] = [];
    for (const s of stored) {
      const checked = checkRuleSpec(s.spec);
      if (!checked.ok) {
        const reason = checked.problems.map((p) => `${p.field} ${p.message}`).join('; ');
        leftOut.push({ rule: s.spec.name, reason });
      } else if (taken.has(checked.rule.name.toLowerCase())) {
        leftOut.push({ rule: s.spec.name, reason: 'a rule in exec-stats.yml has this name' });
      } else {
        taken.add(checked.rule.name.toLowerCase());
        fromSlack.push({ rule: checked.rule, origin: 'slack', stored: s });
      }
    }
    loaded = { version, entries: [...fromConfig, ...fromSlack], leftOut };
    return loaded;
  };
  const entries = async () => (await load()).entries;
  const listeners: ((userId: string) => void)[] = [];
  return {
    load,
    entries,
    rules: async () => (await entries()).map((e) => e.rule),
    configRules,
    store,
    onChange: (listener) => listeners.push(listener),
    changed(userId) {
      for (const listener of listeners) listener(userId);
    },
  };
}
