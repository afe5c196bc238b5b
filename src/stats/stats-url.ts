import type { StatsQuery } from './types.js';

/** Checks the configured base URL once, at start, so a typo fails early and clearly. */
export function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError('stats API base URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`stats API base URL must be http or https, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    // Credentials in the URL would end up in logs and error messages; the token is for that.
    throw new TypeError('stats API base URL must not contain credentials; use the token');
  }
  return url;
}

/** `{base}/v1/executions/stats?from=&to=&granularity=`, keeping any path prefix of the base. */
export function statsUrl(base: URL, query: StatsQuery): URL {
  const url = new URL(base.origin);
  url.pathname = `${base.pathname.replace(/\/+$/, '')}/v1/executions/stats`;
  url.search = new URLSearchParams({
    from: String(query.from),
    to: String(query.to),
    granularity: query.granularity,
  }).toString();
  return url;
}
