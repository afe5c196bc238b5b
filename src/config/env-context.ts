import type { ConfigProblem } from './config.js';

export type ConfigPurpose = 'start' | 'preview' | 'check';

/** What each env reader gets: trimmed values, and places to put problems and warnings. */
export interface EnvContext {
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

export function createEnvContext(
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
export function quoteValue(value: string): string {
  return value.length > 24 ? `a value of ${value.length} characters` : JSON.stringify(value);
}

/** What makes an otherwise valid URL unusable as a base URL. */
export function urlProblem(url: URL): string | null {
  if (url.username !== '' || url.password !== '') {
    return 'must not contain a user name or password; credentials go in their own variables';
  }
  if (url.search !== '' || url.hash !== '') {
    return 'must be a base URL without ?query or #fragment';
  }
  return null;
}
