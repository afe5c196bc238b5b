/**
 * Alert rules made in Slack (the rule modal), kept in the state DB beside the YAML file's. A rule
 * is stored as its spec, the same keys a YAML rule has, and checked by the same definition
 * (rule-spec.ts) when it is saved and when it is read back. Every change is logged with who made
 * it. Async so that SQLite and PostgreSQL implement it alike (src/state/).
 */

/** A rule as the modal makes it: the YAML file's keys, values as a YAML rule would hold them. */
export interface RuleSpec {
  readonly name: string;
  readonly scope: 'overall' | 'per-source';
  /** Only these source systems; null: all of them. */
  readonly sources: readonly string[] | null;
  /** A duration such as 15m. */
  readonly window: string;
  readonly failureRate: number;
  readonly minFailures: number;
  readonly for: number;
  /** Null: the default (failureRate / 2). */
  readonly recoverRate: number | null;
  /** The baseline keys and renotify; absent or null: the YAML default (rules stored before had none). */
  readonly baselineWindow?: string | null;
  readonly baselineFactor?: number | null;
  readonly significance?: number | null;
  /** A duration such as 1h. */
  readonly renotify?: string | null;
  readonly channel: string;
}

export interface StoredRule {
  readonly spec: RuleSpec;
  readonly createdBy: string;
  readonly createdAt: number;
  /** Who changed it last (its creator until someone edits it), and when. */
  readonly changedBy: string;
  readonly changedAt: number;
}

export type RuleChangeAction = 'created' | 'updated' | 'deleted';

/** One line of the change log. */
export interface RuleChange {
  readonly rule: string;
  readonly action: RuleChangeAction;
  readonly by: string;
  readonly at: number;
  /** The spec after the change; null for a deletion. */
  readonly spec: RuleSpec | null;
}

export interface RuleStore {
  /** Every stored rule, oldest first. */
  listRules(): Promise<StoredRule[]>;
  /** 'name-taken' when a stored rule has that name already (checked and added at once). */
  createRule(spec: RuleSpec, by: string, at: number): Promise<'created' | 'name-taken'>;
  /** Replaces the spec of the rule named `spec.name`; 'not-found' when there is none. */
  updateRule(spec: RuleSpec, by: string, at: number): Promise<'updated' | 'not-found'>;
  /** Removes the rule and returns what it was; null when there was none. */
  deleteRule(name: string, by: string, at: number): Promise<StoredRule | null>;
  /** The change log, newest first. */
  listChanges(limit: number): Promise<RuleChange[]>;
  /**
   * A number that rises with every change (the change log's last id): a replica compares it to
   * the one it read the rules at and reads them again only when it moved.
   */
  version(): Promise<number>;
}
