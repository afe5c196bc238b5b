import type { LogLevel } from '../logging/logger.js';
import { createRedactor } from '../logging/redact.js';
import type { ConfigProblem, SlackConfig, StatsConfig } from './config.js';
import {
  type ConfigPurpose,
  createEnvContext,
  type EnvContext,
  quoteValue,
} from './env-context.js';
import { readSlackEnv } from './env-slack.js';
import { readStatsEnv } from './env-stats.js';
import { closest } from './syntax.js';

export type { ConfigPurpose };

/** The part of the configuration that comes from environment variables. */
export interface EnvConfig {
  readonly slack: SlackConfig;
  readonly stats: StatsConfig;
  /** EXEC_STATS_CONFIG as given; null when unset (then ./exec-stats.yml is tried). */
  readonly configPath: string | null;
  readonly dbPath: string;
  readonly port: number;
  readonly logLevel: LogLevel;
}

export type EnvResult =
  | { readonly ok: true; readonly value: EnvConfig; readonly warnings: string[] }
  | { readonly ok: false; readonly problems: ConfigProblem[] };

export const ENV_DEFAULTS = {
  dbPath: './data/exec-stats.db',
  port: 3000,
  logLevel: 'info',
} as const;

/** Every variable the bot reads; others with our prefixes are probably typos. */
export const KNOWN_ENV_VARS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'SLACK_API_URL',
  'STATS_API_URL',
  'STATS_API_TOKEN',
  'EXEC_STATS_SIMULATOR',
  'EXEC_STATS_SIMULATOR_SEED',
  'EXEC_STATS_SIMULATOR_SCENARIO',
  'EXEC_STATS_CONFIG',
  'EXEC_STATS_DB',
  'PORT',
  'LOG_LEVEL',
] as const;

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
/** Names other loggers use, mapped to ours for the "did you mean" hint. */
const LOG_LEVEL_ALIASES: Readonly<Record<string, LogLevel>> = {
  trace: 'debug',
  verbose: 'debug',
  information: 'info',
  warning: 'warn',
  err: 'error',
  fatal: 'error',
};
const SECRET_VARS = [
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'STATS_API_TOKEN',
];

/**
 * Reads and checks the environment for one purpose: `start` needs Slack credentials, `preview`
 * only the stats API, `check` checks what `start` would need. Reports every problem at once, each
 * naming its variable and the fix; no message ever contains a secret's value.
 */
export function readEnv(
  env: Readonly<Record<string, string | undefined>>,
  purpose: ConfigPurpose,
): EnvResult {
  const ctx = createEnvContext(env, purpose);
  const slack = readSlackEnv(ctx);
  const stats = readStatsEnv(ctx);
  const port = readPort(ctx);
  const logLevel = readLogLevel(ctx);
  warnAboutUnknownVars(env, ctx);
  if (ctx.problems.length > 0 || stats === null || port === null || logLevel === null) {
    // Belt and braces: no message quotes a secret, but a value pasted into the wrong variable
    // (a token in PORT) would otherwise be echoed back.
    const redact = createRedactor(SECRET_VARS.map((key) => ctx.get(key)));
    return {
      ok: false,
      problems: ctx.problems.map((problem) => ({ ...problem, message: redact(problem.message) })),
    };
  }
  return {
    ok: true,
    value: {
      slack,
      stats,
      configPath: ctx.get('EXEC_STATS_CONFIG') ?? null,
      dbPath: ctx.get('EXEC_STATS_DB') ?? ENV_DEFAULTS.dbPath,
      port,
      logLevel,
    },
    warnings: ctx.warnings,
  };
}

function readPort(ctx: EnvContext): number | null {
  const text = ctx.get('PORT');
  if (text === undefined) return ENV_DEFAULTS.port;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65_535) {
    ctx.problem('PORT', `must be a whole number from 1 to 65535; got ${quoteValue(text)}`);
    return null;
  }
  return port;
}

function readLogLevel(ctx: EnvContext): LogLevel | null {
  const text = ctx.get('LOG_LEVEL');
  if (text === undefined) return ENV_DEFAULTS.logLevel;
  const level = LOG_LEVELS.find((known) => known === text.toLowerCase());
  if (level !== undefined) return level;
  const guess = LOG_LEVEL_ALIASES[text.toLowerCase()] ?? closest(text, LOG_LEVELS);
  const didYouMean = guess === null ? '' : ` (did you mean ${guess}?)`;
  ctx.problem(
    'LOG_LEVEL',
    `must be one of ${LOG_LEVELS.join(', ')}; got ${quoteValue(text)}${didYouMean}`,
  );
  return null;
}

/** EXEC_STATS_SIMULATER=1 would otherwise be silently ignored; a warning catches the typo. */
function warnAboutUnknownVars(
  env: Readonly<Record<string, string | undefined>>,
  ctx: EnvContext,
): void {
  const known: readonly string[] = KNOWN_ENV_VARS;
  for (const key of Object.keys(env)) {
    if (known.includes(key) || env[key] === undefined) continue;
    const ours = key.startsWith('EXEC_STATS_') || key.startsWith('STATS_API_');
    const guess = closest(key, known);
    if (!ours && (guess === null || !key.startsWith('SLACK_'))) continue;
    const didYouMean = guess === null ? '' : ` Did you mean ${guess}?`;
    ctx.warn(`${key} is set but exec-stats does not read it.${didYouMean}`);
  }
}
