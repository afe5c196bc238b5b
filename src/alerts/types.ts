/**
 * The data the alert engine works on: what one evaluation observed, the state it keeps per rule
 * between evaluations (persisted by an AlertStore), and the notifications it asks for. All plain
 * JSON, so the store can keep it as it is and tests can compare it as data. The state and the
 * incident's figures are what the messages show, so they are declared in messages/alert-view.ts.
 */

import type { IncidentView, RuleState, SubjectState } from '../messages/alert-view.js';

/** Counts of one subject (the whole window, or one source system) in one window. */
export interface Counts {
  readonly failed: number;
  /** succeeded + failed + cancelled: the executions that finished. */
  readonly terminal: number;
}

/** The counts of one past window of a subject, kept so that evidence can add up over time. */
export interface WindowCounts extends Counts {
  /** The end of the window (the evaluation that saw it). */
  readonly at: number;
}

/**
 * What the engine keeps per subject beyond what the messages show (SubjectState). Every field is
 * optional: a state saved before they existed reads as "nothing learnt yet". Plain JSON, stored
 * with the rule's state.
 */
export interface EngineSubjectState extends SubjectState {
  /** Up to LONG_WINDOWS past windows that do not overlap each other, oldest first. */
  readonly windows?: readonly WindowCounts[];
  /**
   * While firing: the last evaluation that was clearly not calm (a rate above `recoverRate` beyond
   * sampling noise, or no data): where its calm stretch begins.
   */
  readonly hotAt?: number | null;
  /** A slow average of the baseline rate, learnt while the subject was quiet. */
  readonly reference?: { readonly rate: number; readonly at: number } | null;
  /**
   * How clustered its failures are (quasi-binomial dispersion): the sum of squared Pearson
   * residuals of its quiet past windows, and how many windows they are.
   */
  readonly dispersion?: { readonly sum: number; readonly windows: number } | null;
  /**
   * Squared residuals not yet added to the dispersion: they count once they are an hour old
   * without the subject having fired since, so a real spike's first windows are never taken for
   * clustering.
   */
  readonly residuals?: readonly { readonly at: number; readonly value: number }[];
}

export const EMPTY_RULE_STATE: RuleState = {
  subjects: {},
  incident: null,
  mutes: {},
  recent: null,
};

export type AlertNotification =
  /** The top-level message (and, when there are more failures than it shows, a thread reply). */
  | {
      readonly kind: 'open';
      readonly key: string;
      readonly channel: string;
      readonly view: IncidentView;
    }
  /** Edit the root to the latest figures. */
  | {
      readonly kind: 'update';
      readonly key: string;
      readonly channel: string;
      readonly view: IncidentView;
    }
  /** A thread reply: another subject fired, a reminder that it still fires, or it fires again soon after recovering. */
  | {
      readonly kind: 'joined' | 'renotify' | 'reopened';
      readonly key: string;
      readonly channel: string;
      readonly view: IncidentView;
      readonly subjects: readonly string[];
    }
  /** A thread reply saying it recovered, and the root marked resolved. */
  | {
      readonly kind: 'resolved';
      readonly key: string;
      readonly channel: string;
      readonly view: IncidentView;
    }
  /** The stats API cannot be read / can be read again: one top-level notice per channel. */
  | {
      readonly kind: 'api-down' | 'api-up';
      readonly key: string;
      readonly channel: string;
      readonly since: number;
      readonly failures: number;
    };
