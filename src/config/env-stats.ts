import { isScenarioName, SCENARIO_NAMES } from '../stats/scenario-names.js';
import type { StatsConfig } from './config.js';
import { type EnvContext, quoteValue, urlProblem } from './env-context.js';

/** Seed of the simulator when none is given: the same made-up numbers on every run. */
export const DEFAULT_SIMULATOR_SEED = 1;

const SIMULATOR_HINT = 'or set EXEC_STATS_SIMULATOR=1 to try the bot with simulated data';

/** The stats API part of the environment: a real API (URL + token) or the built-in simulator. */
export function readStatsEnv(ctx: EnvContext): StatsConfig | null {
  const flag = ctx.get('EXEC_STATS_SIMULATOR');
  // `0` is accepted as "off" too, the way people usually switch a flag off without deleting it.
  if (flag !== undefined && flag !== '1' && flag !== '0') {
    ctx.problem(
      'EXEC_STATS_SIMULATOR',
      `must be 1 (use the built-in simulator) or unset; got ${quoteValue(flag)}`,
    );
    return null;
  }
  return flag === '1' ? readSimulator(ctx) : readApi(ctx);
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

function readApi(ctx: EnvContext): StatsConfig | null {
  for (const key of ['EXEC_STATS_SIMULATOR_SEED', 'EXEC_STATS_SIMULATOR_SCENARIO']) {
    if (ctx.get(key) !== undefined)
      ctx.warn(`${key} is ignored because EXEC_STATS_SIMULATOR is not 1.`);
  }
  const url = readApiUrl(ctx);
  const token = readApiToken(ctx);
  return url === null || token === null ? null : { kind: 'api', url, token };
}

function readApiUrl(ctx: EnvContext): string | null {
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

function readApiToken(ctx: EnvContext): string | null {
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
