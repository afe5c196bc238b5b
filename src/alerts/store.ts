import type { IncidentView, RuleState } from '../messages/alert-view.js';
import type { ApiHealth } from './api-health.js';
import type { AlertNotification } from './types.js';

/**
 * Where alerts keep what must survive a restart: each rule's state, the notifications decided but
 * not yet delivered (an outbox written in the same transaction as the state that caused them, so
 * a crash between deciding and posting neither loses nor repeats one), the Slack message of each
 * incident, and the API's health. Async so that a networked store can implement it too.
 */
export interface AlertStore {
  loadRuleState(rule: string): Promise<RuleState | null>;
  loadAllRuleStates(): Promise<Map<string, RuleState>>;
  /**
   * Saves the rule's new state and queues `notifications`, atomically. `previous`, when given, is
   * the state `state` was computed from, as loaded from this store (null: it held none): only the
   * subjects that differ from it are written (source-state-diff.ts). Without it (undefined) the
   * store compares with what it holds.
   */
  saveRuleState(
    rule: string,
    state: RuleState,
    notifications: readonly AlertNotification[],
    previous?: RuleState | null,
  ): Promise<void>;
  /** Queued notifications, oldest first. */
  pendingNotifications(): Promise<PendingNotification[]>;
  completeNotification(id: number): Promise<void>;
  /**
   * Marks a queued notification held: Slack refused it for a reason only a person can fix (the
   * bot is not in the channel, the token was revoked). It stays queued, is shown by
   * `/exec-stats alerts`, and is tried again after each cycle and when the bot joins a channel.
   */
  holdNotification(id: number, reason: string, now: number): Promise<void>;
  loadIncidentMessage(rule: string, incidentId: string): Promise<IncidentMessage | null>;
  /** Records (or replaces) the root message of an incident and the view it shows. */
  saveIncidentMessage(message: IncidentMessage): Promise<void>;
  loadApiHealth(): Promise<ApiHealth | null>;
  /** Saves the API's health and queues its notice, atomically. */
  saveApiHealth(health: ApiHealth, notifications: readonly AlertNotification[]): Promise<void>;
}

export interface PendingNotification {
  readonly id: number;
  readonly rule: string | null;
  readonly notification: AlertNotification;
  /** Why Slack refused it (its error code) and since when; null for a notification not held. */
  readonly held: { readonly reason: string; readonly since: number } | null;
}

export interface IncidentMessage {
  readonly rule: string;
  readonly incidentId: string;
  readonly channel: string;
  /** The root message's ts. */
  readonly ts: string;
  /** What the root shows now, so a button press can redraw it without new stats. */
  readonly view: IncidentView;
}
