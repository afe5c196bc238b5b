import type { RecordedCall } from './recording-slack.js';

/**
 * What a simulated run amounts to, from the Slack calls it made: alerts fired (top-level posts),
 * when the first one fired relative to the disturbance, recoveries, reminders, API notices, and
 * the total of notifications (posts, thread replies included) and edits.
 */

export interface ReplaySummary {
  readonly fired: number;
  /** First alert after the scenario began, ms; null when none fired. */
  readonly timeToFireMs: number | null;
  readonly recoveries: number;
  readonly reminders: number;
  readonly joined: number;
  /** Fired again soon after recovering: reopened in the same thread. */
  readonly reopened: number;
  readonly apiNotices: number;
  /** Posts: top-level messages and thread replies. */
  readonly notifications: number;
  readonly edits: number;
}

const INCIDENT_KEY =
  /^alert:.*:[0-9a-z]+:(root|more|(?:resolved|renotify|joined|reopened|update):\d+)$/;

export function partOf(key: string): string | null {
  if (key.startsWith('alerts-api:')) return 'api';
  return INCIDENT_KEY.exec(key)?.[1]?.split(':')[0] ?? null;
}

export function summarise(calls: readonly RecordedCall[], anchor: number): ReplaySummary {
  const posts = calls.filter((c) => c.kind === 'post');
  const count = (part: string) => posts.filter((c) => partOf(c.key) === part).length;
  const first = posts.find((c) => partOf(c.key) === 'root');
  return {
    fired: count('root'),
    timeToFireMs: first === undefined ? null : first.at - anchor,
    recoveries: count('resolved'),
    reminders: count('renotify'),
    joined: count('joined'),
    reopened: count('reopened'),
    apiNotices: count('api'),
    notifications: posts.length,
    edits: calls.length - posts.length,
  };
}
