/**
 * The data the alert engine works on: what one evaluation observed, the state it keeps per rule
 * between evaluations (persisted by an AlertStore), and the notifications it asks for. All plain
 * JSON, so the store can keep it as it is and tests can compare it as data. The state and the
 * incident's figures are what the messages show, so they are declared in messages/alert-view.ts.
 */

import type { IncidentView, RuleState } from '../messages/alert-view.js';

/** Counts of one subject (the whole window, or one source system) in one window. */
export interface Counts {
  readonly failed: number;
  /** succeeded + failed + cancelled: the executions that finished. */
  readonly terminal: number;
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
