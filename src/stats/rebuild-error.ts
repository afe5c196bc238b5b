import {
  type StatsApiError,
  type StatsErrorDetails,
  StatsHttpError,
  StatsInvalidResponseError,
  StatsNetworkError,
  StatsResponseTooLargeError,
  StatsTimeoutError,
} from './errors.js';

/**
 * The error of the last attempt, re-issued with what only the retry loop knows: how many attempts
 * were made and why it stopped (e.g. "gave up after 3 attempts"). The error classes are immutable,
 * so a new instance of the same class is built; the original stays reachable as `cause`.
 */
export function rebuildStatsError(
  error: StatsApiError,
  attempts: number,
  note?: string,
): StatsApiError {
  const suffix = `: ${error.method} ${error.url}`;
  const summary = error.message.endsWith(suffix)
    ? error.message.slice(0, -suffix.length)
    : error.message;
  const details: StatsErrorDetails = {
    method: error.method,
    url: error.url,
    status: error.status,
    apiMessage: error.apiMessage,
    requestId: error.requestId,
    path: error.path,
    attempts,
    cause: error.cause ?? error,
  };
  const text = note ? `${summary} (${note})` : summary;
  switch (error.kind) {
    case 'timeout':
      return new StatsTimeoutError(text, details);
    case 'network':
      return new StatsNetworkError(text, details);
    case 'http':
      return new StatsHttpError(text, { ...details, status: error.status ?? 0 });
    case 'invalid-response':
      return new StatsInvalidResponseError(text, details);
    case 'too-large':
      return new StatsResponseTooLargeError(text, details);
  }
}
