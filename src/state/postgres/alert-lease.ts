import type pg from 'pg';
import type { AlertLease } from '../../alerts/lease.js';
import { ALERT_LEASE_KEY, LOCK_NAMESPACE } from './locks.js';
import { createPgClient } from './pool.js';

export interface PgAlertLeaseOptions {
  /** A monotonic clock in ms (default performance.now): when the lease was last confirmed. */
  readonly clock?: () => number;
  /**
   * How long a confirmation counts (ms, default 10,000). The holder stops evaluating and delivering
   * this long after its last confirmation; PostgreSQL frees the lock of a holder whose host vanished
   * only after about 25 s of silence (TCP keepalives 10 s + 3 × 5 s), so the old holder has stopped
   * writing before another replica can take over (the fence).
   */
  readonly validForMs?: number;
  /** A connect or a statement on the lease connection that takes longer counts as a loss (ms). */
  readonly timeoutMs?: number;
  /** The lease connection broke (reported; the lease counts as lost). */
  readonly onError?: (error: Error) => void;
}

/** The application_name of the lease connection (in pg_stat_activity). */
export const LEASE_APPLICATION_NAME = 'exec-stats alert lease';

/**
 * The alert lease on PostgreSQL: a session advisory lock (LOCK_NAMESPACE, ALERT_LEASE_KEY) on a
 * connection of its own. `pg_try_advisory_lock` takes it when no other session holds it; the holder
 * confirms it by a round trip on that connection (the lock lives as long as the session). When the
 * holder dies, PostgreSQL ends its session and frees the lock: at once when the socket closes
 * (stop, crash, SIGKILL), within about 25 s when its host vanished. No table, no clock shared
 * between hosts.
 */
export function createPgAlertLease(url: string, options: PgAlertLeaseOptions = {}): AlertLease {
  const clock = options.clock ?? (() => performance.now());
  const validForMs = options.validForMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const onError = options.onError ?? (() => {});
  let client: pg.Client | null = null;
  let confirmedAt: number | null = null;
  let released = false;

  const drop = (c: pg.Client | null) => {
    if (client === c) {
      client = null;
      confirmedAt = null;
    }
    // Not awaited: on a dead network `end` may wait for the socket; the server frees the lock
    // when the session ends either way.
    void c?.end().catch(() => {});
  };

  const within = <T>(work: Promise<T>, what: string): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new Error(`the alert lease connection did not ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  };

  const connect = async (): Promise<pg.Client> => {
    if (client !== null) return client;
    const c = createPgClient(url, LEASE_APPLICATION_NAME);
    c.on('error', (error) => {
      onError(error);
      drop(c);
    });
    try {
      await within(c.connect(), 'connect');
    } catch (error) {
      drop(c);
      throw error;
    }
    client = c;
    return c;
  };

  return {
    async acquire() {
      if (released) return false;
      const c = await connect();
      const askedAt = clock();
      try {
        if (confirmedAt !== null) {
          // Held: the lock is this session's as long as the session lives.
          await within(c.query('SELECT 1'), 'answer');
        } else {
          const { rows } = await within(
            c.query<{ held: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS held', [
              LOCK_NAMESPACE,
              ALERT_LEASE_KEY,
            ]),
            'answer',
          );
          if (rows[0]?.held !== true) return false;
        }
      } catch (error) {
        drop(c);
        throw error;
      }
      if (client !== c) return false; // the connection broke meanwhile
      confirmedAt = askedAt;
      return true;
    },
    held() {
      return confirmedAt !== null && clock() - confirmedAt < validForMs;
    },
    async release() {
      released = true;
      const c = client;
      client = null;
      confirmedAt = null;
      await c?.end().catch(() => {});
    },
  };
}
