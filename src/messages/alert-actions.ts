import { MAX_BUTTON_VALUE } from './limits.js';

/**
 * The buttons on an alert, and what they carry. Ack and Mute name the rule and incident in their
 * value (JSON: any rule name survives); View stats carries an `/exec-stats` query, as Refresh does.
 */

export const ALERT_ACTION_IDS = {
  acknowledge: 'exec_stats_alert_ack',
  mute1h: 'exec_stats_alert_mute_1h',
  mute4h: 'exec_stats_alert_mute_4h',
  mute24h: 'exec_stats_alert_mute_24h',
  viewStats: 'exec_stats_alert_view_stats',
} as const;

export const MUTE_BUTTONS = [
  { actionId: ALERT_ACTION_IDS.mute1h, label: 'Mute 1h', ms: 3_600_000 },
  { actionId: ALERT_ACTION_IDS.mute4h, label: 'Mute 4h', ms: 4 * 3_600_000 },
  { actionId: ALERT_ACTION_IDS.mute24h, label: 'Mute 24h', ms: 24 * 3_600_000 },
] as const;

export interface AlertButtonValue {
  readonly rule: string;
  readonly incidentId: string;
}

export function encodeAlertButton(value: AlertButtonValue): string {
  return JSON.stringify({ r: value.rule, i: value.incidentId });
}

/**
 * The rule and incident a button names, or null when the value is not one of ours (a value longer
 * than Slack lets a button carry was not made by us either).
 */
export function decodeAlertButton(value: string | undefined): AlertButtonValue | null {
  if (value === undefined || value.length > MAX_BUTTON_VALUE) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { r, i } = parsed as Record<string, unknown>;
    return typeof r === 'string' && typeof i === 'string' ? { rule: r, incidentId: i } : null;
  } catch {
    return null;
  }
}

/**
 * The rule's window as an `/exec-stats` WINDOW word (`15m`, `6h`, `2d`): the largest unit that
 * divides it, else whole minutes rounded up.
 */
export function windowWord(windowMs: number): string {
  const minutes = Math.max(1, Math.ceil(windowMs / 60_000));
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** A Slack user ID as it may appear in `<@…>`; anything else is not trusted into mrkdwn. */
export function userMention(userId: string): string {
  return /^[UW][A-Z0-9]{2,30}$/.test(userId) ? `<@${userId}>` : 'someone';
}

/** Why a button press on an alert changed nothing; see acks-and-mutes.ts's `checkAlertButton`. */
export type AlertButtonRefusal =
  | 'not-ours'
  | 'unknown-rule'
  | 'unknown-incident'
  | 'other-channel'
  | 'other-workspace';

/**
 * What the presser alone is told. The forged parts are never echoed (a rule name could be long or
 * carry mrkdwn); the alert's own channel comes from the state DB.
 */
export function alertButtonRefusalText(
  refusal: AlertButtonRefusal,
  alertChannel: string | null = null,
): string {
  switch (refusal) {
    case 'not-ours':
      return 'This button no longer matches an alert. Nothing was changed.';
    case 'unknown-rule':
      return 'This button names an alert rule that does not exist. Nothing was changed.';
    case 'unknown-incident':
      return 'This button names an incident its rule does not know. Nothing was changed.';
    case 'other-channel':
      return alertChannel !== null && /^[CG][A-Z0-9]{2,30}$/.test(alertChannel)
        ? `This button belongs to an alert in <#${alertChannel}>: press it there. Nothing was changed.`
        : 'This button belongs to an alert in another channel. Nothing was changed.';
    case 'other-workspace':
      return 'This button belongs to another workspace. Nothing was changed.';
  }
}
