import { fileURLToPath } from 'node:url';
import { createExecStatsApp } from './app.js';
import { systemClock } from './clock.js';
import { describeStateDb, stateDbLocation } from './config/config.js';
import { staleBuildWarning } from './lifecycle/stale-build.js';
import { createJsonLogger } from './logging/json-logger.js';
import type { Logger } from './logging/logger.js';
import { buildFeatures } from './runtime/build-features.js';
import { loadRuntimeConfig, secretsOf } from './runtime/load-runtime-config.js';
import type { Readiness } from './slack/health-route.js';
import { rootCause } from './slack/reachability.js';
import { type Database, openStateDb } from './state/open-state-db.js';
import { openPostgresState } from './state/postgres/open-postgres-state.js';
import { lockStateDb, StateDbInUseError, type StateDbLock } from './state/state-db-lock.js';
import { watchStateFiles } from './state/state-file-watch.js';
import { type StateStores, sqliteStores } from './state/state-stores.js';
import { createStatsSource } from './stats/create-stats-source.js';

/**
 * The only entry of the bot: load config, build the app, start, and stop cleanly on SIGTERM or
 * SIGINT. `npm start` runs the compiled file (dist/main.js) with `exec`, so this process is the one
 * npm forwards signals to, and the one a container runs as PID 1 (`node dist/main.js`): PID 1 gets
 * no default action for SIGTERM, so these handlers are what make it stop.
 */
async function main(): Promise<void> {
  const loaded = loadRuntimeConfig(process.env, 'start');
  if (!loaded.ok) {
    process.stderr.write(`exec-stats cannot start:\n${loaded.report}\n`);
    process.exit(1);
  }
  const { config, warnings } = loaded;
  const logger = createJsonLogger({
    level: config.logLevel,
    secrets: [...secretsOf(config), ...stateDbSecrets(config.dbPath)],
  });
  for (const warning of warnings) logger.warn(warning);
  const stale = staleBuildWarning(fileURLToPath(import.meta.url));
  if (stale !== null) logger.warn(stale);

  const location = stateDbLocation(config.dbPath);
  const state =
    location.kind === 'postgres'
      ? await openPostgres(location.url, logger)
      : openSqlite(config.dbPath, logger);
  const stats = await createStatsSource(config.stats, { clock: systemClock, logger });
  const app = createExecStatsApp({
    config,
    stats,
    clock: systemClock,
    logger,
    features: buildFeatures(config, state.stores),
    readiness: state.readiness,
  });

  const release = async () => {
    await stats.close();
    await state.close();
  };
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping: finishing work under way', { signal });
    try {
      await app.stop(10_000);
      await release();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error('could not stop cleanly', { error });
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  try {
    await app.start();
  } catch (error) {
    if (stopping) return;
    // The reason first (`connect ECONNREFUSED …`, `An API error occurred: invalid_auth`), so the
    // last line of a failed start says why without unfolding the error object.
    logger.error(
      `could not start: ${rootCause(error).message}; check SLACK_BOT_TOKEN, SLACK_API_URL and PORT`,
      { error },
    );
    await release();
    process.exit(1);
  }
}

/** The state DB as main uses it, whichever database holds it. */
interface OpenState {
  readonly stores: StateStores;
  /** The state DB's part of `/readyz`. */
  readonly readiness: () => Readiness;
  close(): Promise<void>;
}

/** With no `alerts` section the feature is still there, to answer `/exec-stats alerts` helpfully. */
/**
 * SQLite: one process per file. The single-writer lock first (a second bot is refused with what
 * to do), then the file, then a watch that the file is still the one opened.
 */
function openSqlite(path: string, logger: Logger): OpenState {
  let db: Database;
  let lock: StateDbLock;
  try {
    lock = lockStateDb(path);
    db = openStateDb(path);
  } catch (error) {
    if (error instanceof StateDbInUseError) {
      logger.error(`cannot start: ${error.message}`, { path });
      process.exit(1);
    }
    logger.error('cannot open the state DB: check EXEC_STATS_DB', { path, error });
    process.exit(1);
  }
  const stateFiles = watchStateFiles({
    files: path === ':memory:' ? [] : [path, lock.lockPath],
    intervalMs: 2_000,
    onProblem: ({ path: file, change }) =>
      logger.error(
        `the state file ${file} was ${change === 'missing' ? 'deleted' : 'replaced'} while the bot runs: what it writes now is lost at exit; /readyz answers 503. Copy the open file back (ls -l /proc/${process.pid}/fd) or restore a backup, then restart`,
        { path: file, change },
      ),
  });
  return {
    stores: sqliteStores(db),
    readiness: () =>
      stateFiles.check() === null
        ? { status: 'ready' }
        : { status: 'unusable', reason: 'the state DB file was deleted or replaced' },
    close: async () => {
      stateFiles.stop();
      db.close();
      lock.release();
    },
  };
}

/**
 * PostgreSQL: any number of replicas on one database, so no file lock and no file watch; the
 * schema is migrated once (an advisory lock), and `/readyz` answers 503 while it cannot be reached.
 */
async function openPostgres(url: string, logger: Logger): Promise<OpenState> {
  const db = describeStateDb(url);
  try {
    const state = await openPostgresState(url, {
      onConnectionError: (error) =>
        logger.warn('a connection to the state DB (PostgreSQL) broke; it is replaced', {
          db,
          error,
        }),
      onReachabilityChange: (reachable, error) =>
        reachable
          ? logger.info('the state DB (PostgreSQL) answers again; /readyz answers 200', { db })
          : logger.error('the state DB (PostgreSQL) cannot be reached; /readyz answers 503', {
              db,
              error,
            }),
    });
    // Several replicas may share the database: digest runs are claimed once (a dead replica's are
    // finished by a live one), and one replica at a time holds the alert lease.
    logger.info('state DB: PostgreSQL (replicas may share it)', { db, migrated: state.migrated });
    return state;
  } catch (error) {
    logger.error(
      `cannot open the state DB (PostgreSQL): ${rootCause(error).message}; check EXEC_STATS_DB, that the database exists and that its user may create tables`,
      { db, error },
    );
    process.exit(1);
  }
}

/** A password in a PostgreSQL URL, so that the logger masks it wherever it appears. */
function stateDbSecrets(dbPath: string): string[] {
  const location = stateDbLocation(dbPath);
  if (location.kind !== 'postgres' || !URL.canParse(location.url)) return [];
  const password = new URL(location.url).password;
  return password === '' ? [] : [password, decodeURIComponent(password)];
}

void main();
