import pg from 'pg';

export type { Pool, PoolClient } from 'pg';

/** BIGINT (OID 20): the stores keep Unix milliseconds and ids in it, all safe integers. */
const INT8_OID = 20;

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PgPoolOptions {
  /** Connections at most (default 10). */
  readonly max?: number;
  /** How long to wait for a connection before failing (ms, default 5,000). */
  readonly connectionTimeoutMillis?: number;
}

/**
 * A node-postgres pool on `url` (`postgres://` or `postgresql://`; PG* environment variables fill
 * in what the URL leaves out, e.g. PGPASSWORD). An idle connection that breaks (the server
 * restarted) is reported to `onIdleError` and replaced, rather than crashing the process.
 */
export function createPgPool(
  url: string,
  onIdleError: (error: Error) => void,
  options: PgPoolOptions = {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 5_000,
    // No statement hangs a tick or a command forever on a stuck database (migrate.ts lifts it).
    statement_timeout: STATEMENT_TIMEOUT_MS,
    keepAlive: true,
    application_name: 'exec-stats',
    types,
  });
  pool.on('error', onIdleError);
  return pool;
}

/** How long one statement may run on a pooled connection (ms). */
export const STATEMENT_TIMEOUT_MS = 30_000;

/**
 * How the server notices that the host of a presence connection is gone (its VM or pod vanished
 * without closing the socket, which a SIGKILL does close): TCP keepalives after 10 s idle, every 5 s,
 * 3 missed, so about 25 s, within the 30 s a takeover may take. Settable per session by any user;
 * ignored on Unix sockets, where the kernel knows at once.
 */
const PRESENCE_KEEPALIVES =
  '-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3';

/**
 * A client outside the pool (the owners' presence connection, see presence.ts; the alert lease's,
 * see alert-lease.ts), with the same type
 * parsing, and server-side keepalives so that its advisory locks go soon after its host does.
 */
export function createPgClient(url: string, applicationName = 'exec-stats presence'): pg.Client {
  return new pg.Client({
    connectionString: url,
    application_name: applicationName,
    options: PRESENCE_KEEPALIVES,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types,
  });
}

/**
 * Runs `work` in one transaction on one pooled connection: COMMIT when it returns, ROLLBACK when
 * it throws (and the error is thrown on). A connection whose ROLLBACK failed is discarded.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    client.release(broken);
  }
}
