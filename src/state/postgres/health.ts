import { READY, type Readiness } from '../../slack/health-route.js';
import type { Pool } from './pool.js';

export interface PgHealthOptions {
  /** How long `SELECT 1` may take before PostgreSQL counts as unreachable (ms). */
  readonly timeoutMs?: number;
  /** How long an answer is reused (ms): `/readyz` probes cost at most one query per period. */
  readonly cacheMs?: number;
  readonly now?: () => number;
  /** Called when reachability changes (false: unreachable), once per change. */
  readonly onChange?: (reachable: boolean, error: unknown) => void;
}

export interface PgHealth {
  /**
   * The last answer, at once (`/readyz` is synchronous); starts a new `SELECT 1` in the background
   * when it is older than the cache period.
   */
  check(): Readiness;
  /** Runs the check now and waits for it (tests, start). */
  refresh(): Promise<Readiness>;
}

const UNREACHABLE: Readiness = {
  status: 'unusable',
  reason: 'the state DB (PostgreSQL) cannot be reached',
};

/** PostgreSQL's reachability for `/readyz`: a cheap `SELECT 1` with a short timeout, cached. */
export function createPgHealth(pool: Pool, options: PgHealthOptions = {}): PgHealth {
  const timeoutMs = options.timeoutMs ?? 1_000;
  const cacheMs = options.cacheMs ?? 2_000;
  const now = options.now ?? Date.now;
  let last: Readiness = READY;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let running: Promise<Readiness> | null = null;

  /** Null when PostgreSQL answered in time, else why not. */
  const probe = async (): Promise<{ error: unknown } | null> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([pool.query('SELECT 1'), timeout]);
      return null;
    } catch (error) {
      return { error };
    } finally {
      clearTimeout(timer);
    }
  };

  const refresh = (): Promise<Readiness> => {
    running ??= probe().then((failure) => {
      const reachable = failure === null;
      if (reachable !== (last.status === 'ready')) options.onChange?.(reachable, failure?.error);
      last = reachable ? READY : UNREACHABLE;
      checkedAt = now();
      running = null;
      return last;
    });
    return running;
  };

  return {
    check() {
      if (now() - checkedAt >= cacheMs) void refresh();
      return last;
    },
    refresh,
  };
}
