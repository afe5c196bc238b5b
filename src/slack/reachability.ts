import type { webApi } from '@slack/bolt';
import type { Logger } from '../logging/logger.js';

type FetchFunction = webApi.FetchFunction;

/**
 * Wraps the fetch the Slack Web API client uses, so that a network failure is reported in one line
 * that names the URL tried and the cause (`connect ECONNREFUSED 127.0.0.1:9`, `getaddrinfo
 * ENOTFOUND slack.com`). The client's own log line says only "http request failed fetch failed",
 * once per retry, for about a minute: an operator with a wrong SLACK_API_URL, no DNS or a firewall
 * learns nothing from it. One line per outage (the first failure after a success, or the first
 * ever) keeps a long outage from flooding the log; retries are left to the client, unchanged.
 */
export function reportUnreachableSlack(
  logger: Logger,
  fetchFn: FetchFunction = globalThis.fetch as FetchFunction,
): FetchFunction {
  let reported = false;
  return async (url, init) => {
    try {
      const response = await fetchFn(url, init);
      if (reported) {
        reported = false;
        logger.info('Slack is reachable again', { url: shownUrl(url) });
      }
      return response;
    } catch (error) {
      if (!reported) {
        reported = true;
        const cause = rootCause(error);
        logger.warn(`cannot reach Slack at ${shownUrl(url)}: ${cause.message} (retrying)`, {
          url: shownUrl(url),
          cause: cause.code ?? cause.message,
          hint: 'check SLACK_API_URL, DNS, proxy and firewall',
        });
      }
      throw error;
    }
  };
}

export interface RootCause {
  /** The innermost readable message: `getaddrinfo ENOTFOUND slack.com`. */
  readonly message: string;
  /** The system or undici code when there is one: `ENOTFOUND`, `UND_ERR_CONNECT_TIMEOUT`. */
  readonly code: string | null;
}

/**
 * The reason under an error, for a one-line log message. Node's fetch throws `TypeError: fetch
 * failed` with the real reason in `cause` (sometimes an AggregateError with one error per address
 * tried, and an empty message); the Web API client wraps that again in a WebAPIRequestError
 * (`original`). This walks down to the innermost error that says something.
 */
export function rootCause(error: unknown): RootCause {
  let message: string | null = null;
  let code: string | null = null;
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    const found = readError(current);
    if (found.message !== null) message = found.message;
    if (found.code !== null) code = found.code;
    current = found.next;
  }
  return { message: message ?? code ?? 'unknown error', code };
}

function readError(value: unknown): {
  message: string | null;
  code: string | null;
  next: unknown;
} {
  if (typeof value !== 'object' || value === null) {
    return { message: String(value), code: null, next: undefined };
  }
  const record = value as {
    message?: unknown;
    code?: unknown;
    cause?: unknown;
    original?: unknown;
    errors?: unknown;
  };
  const code =
    typeof record.code === 'string' && !record.code.startsWith('slack_') ? record.code : null;
  let message =
    typeof record.message === 'string' && record.message !== '' && record.message !== 'fetch failed'
      ? record.message
      : null;
  if (value instanceof AggregateError || Array.isArray(record.errors)) {
    // One error per address tried (IPv6 and IPv4): say all of them, they may differ.
    const parts = (Array.isArray(record.errors) ? record.errors : [])
      .map((inner) => rootCause(inner).message)
      .filter((text, index, all) => all.indexOf(text) === index);
    if (parts.length > 0) message = parts.join('; ');
    return { message, code, next: undefined };
  }
  return { message, code, next: record.cause ?? record.original };
}

/** The URL as tried, without credentials or query (a proxy URL may carry a password). */
export function shownUrl(url: string | URL): string {
  try {
    const parsed = new URL(String(url));
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return '(an invalid URL)';
  }
}
