import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import type { ConfigPurpose } from '../config/env.js';
import { formatProblems, loadConfig } from '../config/load-config.js';

function readFileOrNull(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/**
 * The entry points' config: the process environment plus `.env` and the YAML file from the working
 * directory, validated. Problems come back formatted for the terminal: every key path and what to
 * do, never a secret's value.
 */
export function loadRuntimeConfig(
  processEnv: NodeJS.ProcessEnv,
  purpose: ConfigPurpose,
): { ok: true; config: Config; warnings: string[] } | { ok: false; report: string } {
  const loaded = loadConfig({
    env: processEnv,
    purpose,
    readFile: readFileOrNull,
    cwd: process.cwd(),
  });
  if (!loaded.ok) return { ok: false, report: formatProblems(loaded.problems) };
  return loaded;
}

/** Every secret in the config, so the logger can mask it wherever it turns up. */
export function secretsOf(config: Config): string[] {
  const secrets = [config.slack.botToken, config.slack.signingSecret, config.slack.appToken];
  if (config.stats.kind === 'api') secrets.push(config.stats.token);
  return secrets.filter((value): value is string => value !== null && value !== '');
}
