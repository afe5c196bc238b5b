/**
 * The alert data the messages show: an incident's figures (IncidentView, stored with each
 * notification) and the state the engine keeps per rule (for `/exec-stats alerts`). Plain JSON.
 * It lives here, below both, so that the Block Kit builders need nothing from the alerts feature
 * above them; the engine works on the same types.
 */

/** The subject of an `overall` rule, and in mutes "every subject of the rule". */
export const OVERALL = '*';

/** A failed execution as an alert shows it: compact, so it can be stored with a notification. */
export interface AlertFailure {
  readonly executionId: string;
  readonly runId: string | null;
  readonly workflowId: string | null;
  readonly sourceSystem: string | null;
  readonly statusReason: string | null;
  /** Unix ms, or null when the API gave no parseable finish (or creation) time. */
  readonly at: number | null;
}

/** How one subject measured against its rule in one evaluation. */
export interface SubjectFigures {
  readonly subject: string;
  readonly failed: number;
  readonly terminal: number;
  /** failed / terminal; 0 when nothing finished. */
  readonly rate: number;
  /** The smoothed baseline rate; null when the rule has no baseline. */
  readonly baselineRate: number | null;
  /** P(X ≥ failed) at the baseline rate; null when the rule has no baseline. */
  readonly pValue: number | null;
  /** Every trigger condition held in this evaluation. */
  readonly breaching: boolean;
}

export type SubjectStatus = 'ok' | 'pending' | 'firing';

export interface SubjectState {
  readonly status: SubjectStatus;
  /** Consecutive breaching evaluations (counts up to `for` while pending). */
  readonly breaches: number;
  /** Consecutive evaluations below `recoverRate` while firing (counts up to `for`). */
  readonly calm: number;
  /** When it started firing; null unless firing. */
  readonly firingSince: number | null;
  readonly last: SubjectFigures | null;
  readonly lastEvaluatedAt: number | null;
  /** The last HISTORY_LENGTH failure rates, oldest first, for the trend line. */
  readonly history: readonly number[];
}

export interface IncidentState {
  /** Unique within the rule: the instant it opened, in base 36. */
  readonly id: string;
  readonly openedAt: number;
  /** Every subject that fired during the incident, in the order they did. */
  readonly subjects: readonly string[];
  /** Whether the root message was asked for (it is not while every subject is muted). */
  readonly announced: boolean;
  /** The last top-level post or thread reminder; renotify counts from here. */
  readonly lastNotifiedAt: number;
  /** Slack user ID of who acknowledged it; null when nobody has. */
  readonly acknowledgedBy: string | null;
}

export interface Mute {
  readonly until: number;
  readonly by: string;
}

/** Everything the engine remembers about one rule. */
export interface RuleState {
  readonly subjects: Readonly<Record<string, SubjectState>>;
  /** The open incident; one per rule at a time, shared by every subject that fires during it. */
  readonly incident: IncidentState | null;
  /** By subject, or OVERALL for the whole rule. */
  readonly mutes: Readonly<Record<string, Mute>>;
  /**
   * The last incident that recovered, kept for `renotify` after its recovery: firing again within
   * that time reopens it in its own thread instead of posting a new alert.
   */
  readonly recent?: { readonly incident: IncidentState; readonly resolvedAt: number } | null;
}

/** What the messages need to show an incident; stored with each notification. */
export interface IncidentView {
  readonly rule: string;
  readonly scope: 'overall' | 'per-source';
  /** The rule's `sources` filter; names the OVERALL subject of a filtered overall rule. */
  readonly sources: readonly string[] | null;
  readonly incidentId: string;
  readonly openedAt: number;
  readonly windowMs: number;
  readonly thresholds: {
    readonly minFailures: number;
    readonly failureRate: number;
    readonly recoverRate: number;
    readonly baselineFactor: number | null;
    readonly baselineWindowMs: number | null;
  };
  /** The incident's subjects, firing ones first. */
  readonly subjects: readonly (SubjectFigures & {
    readonly firing: boolean;
    readonly history: readonly number[];
  })[];
  /** Grouped statusReason counts of the incident's failures, most common first. */
  readonly reasons: readonly { readonly reason: string; readonly count: number }[];
  /** The incident's failed executions in the window, newest first. */
  readonly failures: readonly AlertFailure[];
  readonly status: 'firing' | 'resolved';
  readonly resolvedAt: number | null;
  readonly acknowledgedBy: string | null;
  /** The latest mute covering the incident, if any. */
  readonly mute: Mute | null;
  /** When these figures were taken. */
  readonly evaluatedAt: number;
}
