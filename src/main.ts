import { fileURLToPath } from 'node:url';
import { createExecStatsApp } from './app.js';
import { systemClock } from './clock.js';
import { staleBuildWarning } from './lifecycle/stale-build.js';
import { createJsonLogger } from './logging/json-logger.js';
import { buildFeatures } from './runtime/build-features.js';
import { loadRuntimeConfig, secretsOf } from './runtime/load-runtime-config.js';
import { rootCause } from './slack/reachability.js';
import { openStateDb } from './state/open-state-db.js';
import { lockStateDb, StateDbInUseError, type StateDbLock } from './state/state-db-lock.js';
import { watchStateFiles } from './state/state-file-watch.js';
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
  const logger = createJsonLogger({ level: config.logLevel, secrets: secretsOf(config) });
  for (const warning of warnings) logger.warn(warning);
  const stale = staleBuildWarning(fileURLToPath(import.meta.url));
  if (stale !== null) logger.warn(stale);

  let db: ReturnType<typeof openStateDb>;
  let lock: StateDbLock;
  try {
    lock = lockStateDb(config.dbPath);
    db = openStateDb(config.dbPath);
  } catch (error) {
    if (error instanceof StateDbInUseError) {
      logger.error(`cannot start: ${error.message}`, { path: config.dbPath });
      process.exit(1);
    }
    logger.error('cannot open the state DB: check EXEC_STATS_DB', { path: config.dbPath, error });
    process.exit(1);
  }
  const stateFiles = watchStateFiles({
    files: config.dbPath === ':memory:' ? [] : [config.dbPath, lock.lockPath],
    intervalMs: 2_000,
    onProblem: ({ path, change }) =>
      logger.error(
        `the state file ${path} was ${change === 'missing' ? 'deleted' : 'replaced'} while the bot runs: what it writes now is lost at exit; /readyz answers 503. Copy the open file back (ls -l /proc/${process.pid}/fd) or restore a backup, then restart`,
        { path, change },
      ),
  });
  const stats = await createStatsSource(config.stats, { clock: systemClock, logger });
  const app = createExecStatsApp({
    config,
    stats,
    clock: systemClock,
    logger,
    features: buildFeatures(config, db),
    readiness: () =>
      stateFiles.check() === null
        ? { status: 'ready' }
        : { status: 'unusable', reason: 'the state DB file was deleted or replaced' },
  });

  const release = async () => {
    await stats.close();
    stateFiles.stop();
    db.close();
    lock.release();
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

void main();
