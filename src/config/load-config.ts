import { isAbsolute, resolve } from 'node:path';
import { readChartsSwitch } from './charts-switch.js';
import { type Config, type ConfigProblem, type FileConfig, stateDbLocation } from './config.js';
import { type ConfigPurpose, mergeDotEnv, readDotEnv, readEnv } from './env.js';
import { defaultExecutionUrlTemplate } from './execution-url.js';
import { FILE_DEFAULTS, parseConfigFile } from './file.js';

export interface LoadConfigOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly purpose: ConfigPurpose;
  /** The file's text, or null when it does not exist; may throw for other failures (permissions). */
  readonly readFile: (path: string) => string | null;
  /** Relative paths (config file, .env, database) are resolved against it; unset: left relative. */
  readonly cwd?: string;
  /** Whether to read `.env` from `cwd` (default true). */
  readonly dotEnv?: boolean;
}

export type LoadConfigResult =
  | { readonly ok: true; readonly config: Config; readonly warnings: string[] }
  | { readonly ok: false; readonly problems: ConfigProblem[] };

export const DEFAULT_CONFIG_FILE = './exec-stats.yml';

/**
 * Environment (with `.env`) plus YAML file → one validated Config. Collects the problems of both
 * before failing, so one run shows everything there is to fix. I/O is limited to `readFile`.
 */
export function loadConfig(options: LoadConfigOptions): LoadConfigResult {
  const problems: ConfigProblem[] = [];
  const at = (path: string): string =>
    options.cwd === undefined || isAbsolute(path) ? path : resolve(options.cwd, path);
  const read = (key: string, path: string): string | null => {
    try {
      return options.readFile(at(path));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({ key, message: `${path} cannot be read: ${reason}` });
      return null;
    }
  };

  let env = options.env;
  if (options.dotEnv ?? true) {
    const dotEnvText = read('.env', '.env');
    if (dotEnvText !== null) env = mergeDotEnv(options.env, readDotEnv(dotEnvText));
  }
  const envResult = readEnv(env, options.purpose);
  if (!envResult.ok) problems.push(...envResult.problems);
  const chartsSwitch = readChartsSwitch(env);
  if ('problem' in chartsSwitch) problems.push(chartsSwitch.problem);

  const explicitPath = env.EXEC_STATS_CONFIG?.trim() || null;
  const filePath = explicitPath ?? DEFAULT_CONFIG_FILE;
  const text = read(explicitPath === null ? filePath : 'EXEC_STATS_CONFIG', filePath);
  if (
    text === null &&
    explicitPath !== null &&
    !problems.some((p) => p.key === 'EXEC_STATS_CONFIG')
  ) {
    problems.push({
      key: 'EXEC_STATS_CONFIG',
      message: `file not found: ${at(filePath)}; fix the path, or unset EXEC_STATS_CONFIG to use ${DEFAULT_CONFIG_FILE} when it exists`,
    });
  }
  let file: FileConfig = {
    timezone: FILE_DEFAULTS.timezone,
    executionUrl: null,
    digests: [],
    alerts: null,
    admins: null,
  };
  if (text !== null) {
    const parsed = parseConfigFile(text, filePath);
    if (parsed.ok) file = parsed.value;
    else problems.push(...parsed.problems);
  }

  if (!envResult.ok || problems.length > 0) return { ok: false, problems };
  const { value } = envResult;
  const config: Config = {
    slack: value.slack,
    stats: value.stats,
    timezone: file.timezone,
    executionUrlTemplate: file.executionUrl ?? defaultExecutionUrlTemplate(value.stats),
    dbPath: isSqliteSpecial(value.dbPath) ? value.dbPath : at(value.dbPath),
    port: value.port,
    logLevel: value.logLevel,
    charts: 'charts' in chartsSwitch ? chartsSwitch.charts : true,
    configPath: text === null ? null : at(filePath),
    file,
  };
  return { ok: true, config, warnings: envResult.warnings };
}

/** The problems as lines for a terminal or a log: a count, then one `key: message` per problem. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  const noun = problems.length === 1 ? 'problem' : 'problems';
  const lines = problems.map((problem) => `  - ${problem.key}: ${problem.message}`);
  return [`Configuration has ${problems.length} ${noun}:`, ...lines].join('\n');
}

/** SQLite's in-memory database, and database URLs (PostgreSQL), are not paths. */
function isSqliteSpecial(path: string): boolean {
  return path === ':memory:' || stateDbLocation(path).kind !== 'sqlite';
}
