import type { RecordedCall } from './recording-slack.js';

/**
 * What a simulated run amounts to, from the Slack calls it made: alerts fired (top-level posts),
 * how often an incident fired again after recovering (the "Firing again" thread replies, i.e.
 * flapping that the thread absorbed), when the first alert fired relative to the disturbance and
 * how long until it first recovered, recoveries, reminders, API notices, and the total of
 * notifications (posts, thread replies included) and edits.
 */

export interface ReplaySummary {
  /** Top-level alert posts: one per incident. */
  readonly fired: number;
  /** Fired again soon after recovering: reopened in the same thread ("Firing again"). */
  readonly reopened: number;
  /** First alert after the scenario began, ms; null when none fired. */
  readonly timeToFireMs: number | null;
  /** From the first alert to the first recovery of its incident, ms; null when it never recovered. */
  readonly firstRecoveryMs: number | null;
  readonly recoveries: number;
  readonly reminders: number;
  /** Source systems that joined an open incident of a per-source rule. */
  readonly joined: number;
  readonly apiNotices: number;
  /** Posts: top-level messages and thread replies. */
  readonly notifications: number;
  readonly edits: number;
}

const INCIDENT_KEY =
  /^(alert:.*:[0-9a-z]+):(root|more|(?:resolved|renotify|joined|reopened|update):\d+)$/;

/** The part of an incident a post key names (`root`, `resolved`, …), `api` for API notices. */
export function partOf(key: string): string | null {
  if (key.startsWith('alerts-api:')) return 'api';
  return INCIDENT_KEY.exec(key)?.[2]?.split(':')[0] ?? null;
}

/** `alert:<rule>:<incident>` of an incident's post key; null for other keys. */
export function incidentOf(key: string): string | null {
  return INCIDENT_KEY.exec(key)?.[1] ?? null;
}

export function summarise(calls: readonly RecordedCall[], anchor: number): ReplaySummary {
  const posts = calls.filter((c) => c.kind === 'post');
  const count = (part: string) => posts.filter((c) => partOf(c.key) === part).length;
  const first = posts.find((c) => partOf(c.key) === 'root');
  const firstIncident = first === undefined ? null : incidentOf(first.key);
  const recovered = posts.find(
    (c) => partOf(c.key) === 'resolved' && incidentOf(c.key) === firstIncident,
  );
  return {
    fired: count('root'),
    reopened: count('reopened'),
    timeToFireMs: first === undefined ? null : first.at - anchor,
    firstRecoveryMs:
      first === undefined || recovered === undefined ? null : recovered.at - first.at,
    recoveries: count('resolved'),
    reminders: count('renotify'),
    joined: count('joined'),
    apiNotices: count('api'),
    notifications: posts.length,
    edits: calls.length - posts.length,
  };
}
