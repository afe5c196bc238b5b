import type { LogLevel } from '../logging/logger.js';
import type { ScenarioName } from '../stats/scenario-names.js';
import type { AdminsConfig } from './admins.js';

/**
 * The validated configuration the rest of the bot consumes. Built once at start by `loadConfig`
 * from the environment (secrets, endpoints) and the YAML file (schedules, rules); every default is
 * already applied, so consumers never meet `undefined` or a raw string where a number belongs.
 */
export interface Config {
  readonly slack: SlackConfig;
  readonly stats: StatsConfig;
  /** Default IANA zone for schedules and named windows. */
  readonly timezone: string;
  /** Link for a failed execution; placeholders `{executionId}` `{runId}` `{workflowId}`. */
  readonly executionUrlTemplate: string;
  readonly dbPath: string;
  readonly port: number;
  readonly logLevel: LogLevel;
  /** Charts in messages (EXEC_STATS_CHARTS, on unless `off`); absent (a config built by hand): off. */
  readonly charts?: boolean;
  /** The YAML file that was read, or null when none was. */
  readonly configPath: string | null;
  readonly file: FileConfig;
}

export type SlackMode = 'http' | 'socket';

export interface SlackConfig {
  /** `xoxb-…`; null only outside `start` (preview, check without Slack). */
  readonly botToken: string | null;
  readonly signingSecret: string | null;
  /** `xapp-…`; set exactly when `mode` is 'socket'. */
  readonly appToken: string | null;
  /** Base URL of the Slack Web API, always ending in `/` (what Bolt's client expects); null: Slack's. */
  readonly apiUrl: string | null;
  readonly mode: SlackMode;
}

export type StatsConfig =
  /** `url` has no trailing slash: the part before `/v1/…`. */
  | { readonly kind: 'api'; readonly url: string; readonly token: string }
  | { readonly kind: 'simulator'; readonly seed: number; readonly scenario: ScenarioName | null };

/** One thing wrong with the configuration, in words an operator can act on. */
export interface ConfigProblem {
  /** The env var (`SLACK_BOT_TOKEN`) or YAML key path (`alerts.rules[2].failureRate`). */
  readonly key: string;
  /** What is wrong and how to fix it; never contains a secret's value. */
  readonly message: string;
}

/** The YAML file, validated, with every default resolved. */
export interface FileConfig {
  readonly timezone: string;
  /** The template as written, or null when the file has none (loadConfig derives the default). */
  readonly executionUrl: string | null;
  readonly digests: readonly DigestConfig[];
  /** Null when the file has no `alerts` section. */
  readonly alerts: AlertsConfig | null;
  /** Who may change rules and anyone's digests; null: workspace admins and owners. */
  readonly admins: AdminsConfig | null;
}

export interface DigestConfig {
  /** Unique; when the file gives none: `<channel> <schedule> <window>`. */
  readonly name: string;
  readonly channel: string;
  /** Cron with 5 fields, or 6 with seconds first. */
  readonly schedule: string;
  /** The digest's own zone, else the file's top-level one. */
  readonly timezone: string;
  /** A WINDOW of the slash command (syntax checked here); default `24h`. */
  readonly window: string;
}

export interface AlertsConfig {
  readonly intervalMs: number;
  /** Default channel for rules without their own; null when unset (then every rule has one). */
  readonly channel: string | null;
  readonly rules: readonly AlertRuleConfig[];
}

export type AlertScope = 'overall' | 'per-source';

export interface AlertRuleConfig {
  readonly name: string;
  readonly scope: AlertScope;
  /** Only these source systems; null: all of them. */
  readonly sources: readonly string[] | null;
  readonly windowMs: number;
  readonly minFailures: number;
  /** Fire when failed / terminal >= this; in (0, 1]. */
  readonly failureRate: number;
  /** Null when the rule has no baseline comparison. */
  readonly baseline: AlertBaselineConfig | null;
  /** Consecutive breaching evaluations before firing. */
  readonly for: number;
  /** Recover when the rate drops below this; default failureRate / 2. */
  readonly recoverRate: number;
  readonly renotifyMs: number;
  /** The rule's channel, else `alerts.channel`. */
  readonly channel: string;
}

export interface AlertBaselineConfig {
  readonly windowMs: number;
  /** The rate must also be >= factor × the baseline rate; default 1. */
  readonly factor: number;
  /** One-sided binomial test level; default 0.001. */
  readonly significance: number;
}

export type { LogLevel };

/**
 * Where `EXEC_STATS_DB` points: a SQLite file (a path, or `:memory:`), a PostgreSQL database (a
 * `postgres://` or `postgresql://` URL), or something the bot does not support (any other value
 * that starts like a URL, `mysql://…`, `http://…`, `file:…`), which config loading refuses.
 */
export type StateDbLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string }
  | { readonly kind: 'unsupported'; readonly scheme: string };

/** `scheme:` at the start; one letter is a Windows drive (`C:\data\x.db`), a path. */
const URL_SCHEME = /^([A-Za-z][A-Za-z0-9+.-]+):/;

export function stateDbLocation(value: string): StateDbLocation {
  const scheme = URL_SCHEME.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined || value === ':memory:') return { kind: 'sqlite', path: value };
  if (scheme === 'postgres' || scheme === 'postgresql') return { kind: 'postgres', url: value };
  return { kind: 'unsupported', scheme };
}

/** `EXEC_STATS_DB` for a log line or a terminal: a PostgreSQL URL without its password. */
export function describeStateDb(value: string): string {
  const location = stateDbLocation(value);
  if (location.kind !== 'postgres') return value;
  try {
    const url = new URL(location.url);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'a postgres:// URL';
  }
}
