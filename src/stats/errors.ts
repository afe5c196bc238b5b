/**
 * Typed errors of the stats API client. Each message names the method and URL (never the token),
 * and carries what a user or an operator needs next: HTTP status, the API's own `message`, and its
 * `requestId` when the body had one.
 */

export type StatsErrorKind = 'timeout' | 'network' | 'http' | 'invalid-response' | 'too-large';

export interface StatsErrorDetails {
  readonly method: string;
  /** Full request URL including the query string (it holds no secret). */
  readonly url: string;
  readonly status?: number | undefined;
  readonly apiMessage?: string | undefined;
  readonly requestId?: string | undefined;
  /** For invalid responses: the path of the offending field, e.g. `data.summary.total`. */
  readonly path?: string | undefined;
  readonly attempts?: number | undefined;
  readonly cause?: unknown;
}

export class StatsApiError extends Error {
  override readonly name: string = 'StatsApiError';
  readonly kind: StatsErrorKind;
  readonly method: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly apiMessage: string | undefined;
  readonly requestId: string | undefined;
  readonly path: string | undefined;
  readonly attempts: number | undefined;

  constructor(kind: StatsErrorKind, summary: string, details: StatsErrorDetails) {
    super(`${summary}: ${details.method} ${details.url}`, { cause: details.cause });
    this.kind = kind;
    this.method = details.method;
    this.url = details.url;
    this.status = details.status;
    this.apiMessage = details.apiMessage;
    this.requestId = details.requestId;
    this.path = details.path;
    this.attempts = details.attempts;
  }
}

/** No answer in time (connect, headers, body or the overall deadline). */
export class StatsTimeoutError extends StatsApiError {
  override readonly name = 'StatsTimeoutError';
  constructor(summary: string, details: StatsErrorDetails) {
    super('timeout', summary, details);
  }
}

/** The connection failed (refused, reset, DNS). */
export class StatsNetworkError extends StatsApiError {
  override readonly name = 'StatsNetworkError';
  constructor(summary: string, details: StatsErrorDetails) {
    super('network', summary, details);
  }
}

/** The API answered with a non-2xx status. */
export class StatsHttpError extends StatsApiError {
  override readonly name = 'StatsHttpError';
  constructor(summary: string, details: StatsErrorDetails & { readonly status: number }) {
    super('http', summary, details);
  }
}

/** The body was not JSON, or did not match the documented shape (see `path`). */
export class StatsInvalidResponseError extends StatsApiError {
  override readonly name = 'StatsInvalidResponseError';
  constructor(summary: string, details: StatsErrorDetails) {
    super('invalid-response', summary, details);
  }
}

/** The body was larger than the configured cap. */
export class StatsResponseTooLargeError extends StatsApiError {
  override readonly name = 'StatsResponseTooLargeError';
  constructor(summary: string, details: StatsErrorDetails) {
    super('too-large', summary, details);
  }
}

export function isStatsApiError(error: unknown): error is StatsApiError {
  return error instanceof StatsApiError;
}

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
