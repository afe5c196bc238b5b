import type { IncidentMessage, PendingNotification } from '../alerts/store.js';
import type { AlertNotification } from '../alerts/types.js';
import type { DigestSubscription, LoggedSubscriptionChange } from '../digests/store.js';
import type { IncidentView } from '../messages/alert-view.js';
import type { PostEntry } from '../slack/post-once.js';

/**
 * Rows as both state DBs return them (the same column names in SQLite and PostgreSQL), turned
 * into what the stores' interfaces promise: one mapping per table, so the two backends cannot
 * drift apart.
 */

export interface PostLedgerRow {
  key: string;
  channel: string;
  state: PostEntry['state'];
  owner: string;
  ts: string | null;
  created_at: number;
}

export const postEntryOf = (row: PostLedgerRow): PostEntry => ({
  key: row.key,
  channel: row.channel,
  state: row.state,
  owner: row.owner,
  ts: row.ts,
  createdAt: row.created_at,
});

export interface OutboxRow {
  id: number;
  rule: string | null;
  notification: string;
  held_reason: string | null;
  held_at: number | null;
}

export const pendingNotificationOf = (row: OutboxRow): PendingNotification => ({
  id: row.id,
  rule: row.rule,
  notification: JSON.parse(row.notification) as AlertNotification,
  held: row.held_reason === null ? null : { reason: row.held_reason, since: row.held_at ?? 0 },
});

export interface IncidentMessageRow {
  channel: string;
  ts: string;
  view: string;
}

export const incidentMessageOf = (
  rule: string,
  incidentId: string,
  row: IncidentMessageRow,
): IncidentMessage => ({
  rule,
  incidentId,
  channel: row.channel,
  ts: row.ts,
  view: JSON.parse(row.view) as IncidentView,
});

export interface SubscriptionRow {
  name: string;
  channel: string;
  schedule: string;
  timezone: string;
  window: string;
  description: string;
  created_by: string;
  created_at: number;
  changed_by: string | null;
  changed_at: number | null;
}

/** A subscription never changed since it was made (or made before migration 004) was changed by its maker. */
export const subscriptionOf = (row: SubscriptionRow): DigestSubscription => ({
  name: row.name,
  channel: row.channel,
  schedule: row.schedule,
  timezone: row.timezone,
  window: row.window,
  description: row.description,
  createdBy: row.created_by,
  createdAt: row.created_at,
  changedBy: row.changed_by ?? row.created_by,
  changedAt: row.changed_at ?? row.created_at,
});

export interface SubscriptionChangeRow {
  channel: string;
  name: string;
  action: LoggedSubscriptionChange['action'];
  by_user: string;
  at: number;
}

export const subscriptionChangeOf = (row: SubscriptionChangeRow): LoggedSubscriptionChange => ({
  channel: row.channel,
  name: row.name,
  action: row.action,
  by: row.by_user,
  at: Number(row.at),
});
