import { parseEnv } from 'node:util';
import type { LogLevel } from '../logging/logger.js';
import { createRedactor } from '../logging/redact.js';
import { isScenarioName, SCENARIO_NAMES } from '../stats/scenario-names.js';
import {
  type ConfigProblem,
  type SlackConfig,
  type StatsConfig,
  stateDbLocation,
} from './config.js';
import { closest } from './syntax.js';

/**
 * The part of the configuration that comes from environment variables (the process's, with
 * `.env` under them): Slack's credentials, the stats API or the simulator, the port, the log
 * level, the database path. One reader, `readEnv`, reports every problem at once, each naming its
 * variable and the fix.
 */

export type ConfigPurpose = 'start' | 'preview' | 'check';

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
  'EXEC_STATS_CHARTS',
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
  const dbPath = readStateDb(ctx);
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
      dbPath,
      port,
      logLevel,
    },
    warnings: ctx.warnings,
  };
}

/**
 * EXEC_STATS_DB: a SQLite file path (or `:memory:`) or a PostgreSQL URL. Any other URL-looking
 * value is refused: taken as a path it would create a folder named after its scheme.
 */
function readStateDb(ctx: EnvContext): string {
  const value = ctx.get('EXEC_STATS_DB') ?? ENV_DEFAULTS.dbPath;
  const location = stateDbLocation(value);
  const example =
    'e.g. ./data/exec-stats.db (SQLite, one bot process) or postgres://exec_stats@db.internal:5432/exec_stats (PostgreSQL, any number of replicas)';
  if (location.kind === 'unsupported') {
    ctx.problem(
      'EXEC_STATS_DB',
      location.scheme === 'file'
        ? `must be a plain file path, not a file: URL; write the path alone, ${example}`
        : `${location.scheme}: is not a supported database; use a SQLite file path or a postgres:// / postgresql:// URL, ${example}`,
    );
  } else if (location.kind === 'postgres' && !URL.canParse(location.url)) {
    ctx.problem(
      'EXEC_STATS_DB',
      `is not a valid PostgreSQL URL (percent-encode special characters in the user name and password); ${example}`,
    );
  }
  return value;
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

/** What each env reader gets: trimmed values, and places to put problems and warnings. */
interface EnvContext {
  readonly purpose: ConfigPurpose;
  /** Slack credentials are needed to start (and so to check a deployment), not to preview. */
  readonly slackRequired: boolean;
  /** The trimmed value; undefined when unset or blank (an empty `KEY=` line means unset). */
  get(key: string): string | undefined;
  problem(key: string, message: string): void;
  warn(message: string): void;
  /** Parses `value` as an http(s) URL, reporting a problem (without the value) when it is not. */
  url(key: string, value: string, example: string): URL | null;
}

function createEnvContext(
  env: Readonly<Record<string, string | undefined>>,
  purpose: ConfigPurpose,
): EnvContext & { readonly problems: ConfigProblem[]; readonly warnings: string[] } {
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  const ctx = {
    purpose,
    slackRequired: purpose !== 'preview',
    problems,
    warnings,
    get(key: string) {
      const value = env[key]?.trim();
      return value === undefined || value === '' ? undefined : value;
    },
    problem(key: string, message: string) {
      problems.push({ key, message });
    },
    warn(message: string) {
      warnings.push(message);
    },
    url(key: string, value: string, example: string) {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.problem(key, `is not a URL; write a full URL starting with https://, ${example}`);
        return null;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        ctx.problem(key, `must be an http:// or https:// URL, not ${url.protocol}; ${example}`);
        return null;
      }
      return url;
    },
  };
  return ctx;
}

/**
 * A value for a message about a non-secret variable. Long values are only described: a secret
 * pasted into the wrong variable must not come out, not even its first characters.
 */
function quoteValue(value: string): string {
  return value.length > 24 ? `a value of ${value.length} characters` : JSON.stringify(value);
}

/** What makes an otherwise valid URL unusable as a base URL. */
function urlProblem(url: URL): string | null {
  if (url.username !== '' || url.password !== '') {
    return 'must not contain a user name or password; credentials go in their own variables';
  }
  if (url.search !== '' || url.hash !== '') {
    return 'must be a base URL without ?query or #fragment';
  }
  return null;
}

/**
 * The Slack part of the environment. Messages say where in Slack's app settings the right value
 * is, and never repeat a token: only its prefix, which tells which kind of token was pasted.
 */
function readSlackEnv(ctx: EnvContext): SlackConfig {
  // Any value switches to Socket Mode, even a malformed one (reported below): the operator meant it.
  const mode = ctx.get('SLACK_APP_TOKEN') === undefined ? 'http' : 'socket';
  return {
    botToken: readBotToken(ctx),
    signingSecret: readSigningSecret(ctx, mode),
    appToken: readAppToken(ctx),
    apiUrl: readSlackApiUrl(ctx),
    mode,
  };
}

const BOT_TOKEN_WHERE =
  'the Bot User OAuth Token (xoxb-…) from your app\'s "OAuth & Permissions" page';
const APP_TOKEN_WHERE =
  'an app-level token (xapp-…) with the connections:write scope, from "Basic Information" → "App-Level Tokens"';
const SIGNING_SECRET_WHERE =
  'the Signing Secret from your app\'s "Basic Information" → "App Credentials"';

function readBotToken(ctx: EnvContext): string | null {
  const token = ctx.get('SLACK_BOT_TOKEN');
  if (token === undefined) {
    if (ctx.slackRequired)
      ctx.problem('SLACK_BOT_TOKEN', `is required: set it to ${BOT_TOKEN_WHERE}`);
    return null;
  }
  const wrongKind = tokenKindProblem(token, 'xoxb-', BOT_TOKEN_WHERE);
  if (wrongKind !== null) {
    ctx.problem('SLACK_BOT_TOKEN', wrongKind);
    return null;
  }
  return token;
}

function readAppToken(ctx: EnvContext): string | null {
  const token = ctx.get('SLACK_APP_TOKEN');
  if (token === undefined) return null;
  const wrongKind = tokenKindProblem(token, 'xapp-', APP_TOKEN_WHERE);
  if (wrongKind !== null) {
    ctx.problem(
      'SLACK_APP_TOKEN',
      `${wrongKind}. Setting SLACK_APP_TOKEN switches to Socket Mode; unset it for HTTP mode`,
    );
    return null;
  }
  return token;
}

function tokenKindProblem(token: string, prefix: string, where: string): string | null {
  if (/\s/.test(token)) return `contains spaces or line breaks; set it to ${where}, nothing else`;
  if (token.startsWith(prefix))
    return token.length > prefix.length ? null : `is incomplete; set it to ${where}`;
  const kind = /^(xox[a-z]|xapp)-/.exec(token)?.[1];
  const named: Record<string, string> = {
    xoxb: 'a bot token (xoxb-…), which belongs in SLACK_BOT_TOKEN',
    xoxp: 'a user token (xoxp-…); the bot must not act as a person',
    xapp: 'an app-level token (xapp-…), which belongs in SLACK_APP_TOKEN',
  };
  const what =
    kind === undefined
      ? `does not start with ${prefix}`
      : `is ${named[kind] ?? `a ${kind}- token`}`;
  return `${what}; set it to ${where}`;
}

function readSigningSecret(ctx: EnvContext, mode: SlackConfig['mode']): string | null {
  const secret = ctx.get('SLACK_SIGNING_SECRET');
  if (secret === undefined) {
    if (ctx.slackRequired && mode === 'http') {
      ctx.problem(
        'SLACK_SIGNING_SECRET',
        `is required in HTTP mode: set it to ${SIGNING_SECRET_WHERE} (or set SLACK_APP_TOKEN to use Socket Mode)`,
      );
    }
    return null;
  }
  if (/^(xox[a-z]|xapp)-/.test(secret)) {
    ctx.problem(
      'SLACK_SIGNING_SECRET',
      `looks like a token, not a signing secret; set it to ${SIGNING_SECRET_WHERE}`,
    );
    return null;
  }
  if (!/^[0-9a-f]{32}$/i.test(secret)) {
    ctx.warn(
      `SLACK_SIGNING_SECRET does not look like a Slack signing secret (32 hexadecimal characters); if it is wrong, every request from Slack will be refused. Check ${SIGNING_SECRET_WHERE}.`,
    );
  }
  return secret;
}

function readSlackApiUrl(ctx: EnvContext): string | null {
  const value = ctx.get('SLACK_API_URL');
  if (value === undefined) return null;
  const url = ctx.url('SLACK_API_URL', value, 'e.g. https://slack.com/api/');
  if (url === null) return null;
  const problem = urlProblem(url);
  if (problem !== null) {
    ctx.problem('SLACK_API_URL', problem);
    return null;
  }
  // Bolt's Web API client appends method names directly ("…/api/" + "chat.postMessage").
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

/** Seed of the simulator when none is given: the same made-up numbers on every run. */
export const DEFAULT_SIMULATOR_SEED = 1;

const SIMULATOR_HINT = 'or set EXEC_STATS_SIMULATOR=1 to try the bot with simulated data';

/** The stats API part of the environment: a real API (URL + token) or the built-in simulator. */
function readStatsEnv(ctx: EnvContext): StatsConfig | null {
  const flag = ctx.get('EXEC_STATS_SIMULATOR');
  // `0` is accepted as "off" too, the way people usually switch a flag off without deleting it.
  if (flag !== undefined && flag !== '1' && flag !== '0') {
    ctx.problem(
      'EXEC_STATS_SIMULATOR',
      `must be 1 (use the built-in simulator) or unset; got ${quoteValue(flag)}`,
    );
    return null;
  }
  return flag === '1' ? readSimulator(ctx) : readStatsApi(ctx);
}

function readSimulator(ctx: EnvContext): StatsConfig | null {
  for (const key of ['STATS_API_URL', 'STATS_API_TOKEN']) {
    if (ctx.get(key) !== undefined) ctx.warn(`${key} is ignored because EXEC_STATS_SIMULATOR=1.`);
  }
  const seedText = ctx.get('EXEC_STATS_SIMULATOR_SEED');
  let seed = DEFAULT_SIMULATOR_SEED;
  if (seedText !== undefined) {
    seed = Number(seedText);
    if (!/^\d{1,10}$/.test(seedText) || seed > 2 ** 32 - 1) {
      ctx.problem(
        'EXEC_STATS_SIMULATOR_SEED',
        `must be a whole number from 0 to 4294967295; got ${quoteValue(seedText)}`,
      );
      return null;
    }
  }
  const scenario = ctx.get('EXEC_STATS_SIMULATOR_SCENARIO') ?? null;
  if (scenario !== null && !isScenarioName(scenario)) {
    ctx.problem(
      'EXEC_STATS_SIMULATOR_SCENARIO',
      `must be one of ${SCENARIO_NAMES.join(', ')}; got ${quoteValue(scenario)}`,
    );
    return null;
  }
  return { kind: 'simulator', seed, scenario };
}

function readStatsApi(ctx: EnvContext): StatsConfig | null {
  for (const key of ['EXEC_STATS_SIMULATOR_SEED', 'EXEC_STATS_SIMULATOR_SCENARIO']) {
    if (ctx.get(key) !== undefined)
      ctx.warn(`${key} is ignored because EXEC_STATS_SIMULATOR is not 1.`);
  }
  const url = readStatsApiUrl(ctx);
  const token = readStatsApiToken(ctx);
  return url === null || token === null ? null : { kind: 'api', url, token };
}

function readStatsApiUrl(ctx: EnvContext): string | null {
  const value = ctx.get('STATS_API_URL');
  if (value === undefined) {
    ctx.problem(
      'STATS_API_URL',
      `is required: the base URL of the stats API, the part before /v1/… (e.g. https://stats.example.com), ${SIMULATOR_HINT}`,
    );
    return null;
  }
  const url = ctx.url('STATS_API_URL', value, 'e.g. https://stats.example.com');
  if (url === null) return null;
  const problem =
    urlProblem(url) ??
    (/\/v1(\/executions(\/stats)?)?\/*$/.test(url.pathname)
      ? 'must be the base URL, the part before /v1/…; remove /v1 and what follows'
      : null);
  if (problem !== null) {
    ctx.problem('STATS_API_URL', problem);
    return null;
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    ctx.warn(
      'STATS_API_URL uses http://, so STATS_API_TOKEN travels unencrypted; use https:// outside a local test.',
    );
  }
  return url.href.replace(/\/+$/, '');
}

function readStatsApiToken(ctx: EnvContext): string | null {
  const token = ctx.get('STATS_API_TOKEN');
  if (token === undefined) {
    ctx.problem(
      'STATS_API_TOKEN',
      `is required: the bearer token for the stats API, ${SIMULATOR_HINT}`,
    );
    return null;
  }
  if (/^bearer\s/i.test(token)) {
    ctx.problem('STATS_API_TOKEN', 'must be the token alone; remove the leading "Bearer "');
    return null;
  }
  if (/\s/.test(token)) {
    ctx.problem('STATS_API_TOKEN', 'contains spaces or line breaks; set it to the token alone');
    return null;
  }
  return token;
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses a `.env` file with Node's own parser (`util.parseEnv`, Node 20.12+), so no dependency is
 * needed. Node 20's parser glues a line without `=` onto the next key ("junk\nKEY"); the last line
 * of such a key is the real name, so it is kept and the junk dropped.
 */
export function readDotEnv(text: string): Record<string, string> {
  const parsed = parseEnv(text.replace(/^\uFEFF/, ''));
  const out: Record<string, string> = {};
  for (const [rawKey, value] of Object.entries(parsed)) {
    const key = (rawKey.split('\n').at(-1) ?? '').trim();
    if (value !== undefined && ENV_NAME.test(key)) out[key] = value;
  }
  return out;
}

/** The real environment wins over `.env`: a variable set in the shell or by the platform is kept. */
export function mergeDotEnv(
  env: Readonly<Record<string, string | undefined>>,
  dotEnv: Readonly<Record<string, string>>,
): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...dotEnv };
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined) merged[key] = value;
  }
  return merged;
}
