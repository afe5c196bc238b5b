/**
 * Whether the stats API can be read, across evaluation cycles. After UNREACHABLE_AFTER failed
 * cycles in a row the alert channels are told once; the first cycle that reads everything again
 * tells them once that it is back. Pure: the scheduler persists the state between cycles.
 */

export const UNREACHABLE_AFTER = 3;

export interface ApiHealth {
  /** Failed cycles in a row. */
  readonly failures: number;
  /** When the current run of failures began; null while healthy. */
  readonly failingSince: number | null;
  /** Whether the channels were told it is unreachable (and not yet that it is back). */
  readonly announced: boolean;
}

export const HEALTHY: ApiHealth = { failures: 0, failingSince: null, announced: false };

export type HealthNotice =
  | { readonly kind: 'api-down'; readonly since: number; readonly failures: number }
  | { readonly kind: 'api-up'; readonly since: number; readonly failures: number };

export function recordCycle(
  health: ApiHealth,
  ok: boolean,
  now: number,
): { health: ApiHealth; notice: HealthNotice | null } {
  if (ok) {
    const notice: HealthNotice | null =
      health.announced && health.failingSince !== null
        ? { kind: 'api-up', since: health.failingSince, failures: health.failures }
        : null;
    return { health: HEALTHY, notice };
  }
  const failures = health.failures + 1;
  const since = health.failingSince ?? now;
  if (!health.announced && failures >= UNREACHABLE_AFTER) {
    return {
      health: { failures, failingSince: since, announced: true },
      notice: { kind: 'api-down', since, failures },
    };
  }
  return { health: { ...health, failures, failingSince: since }, notice: null };
}
