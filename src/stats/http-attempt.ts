import type { Dispatcher } from 'undici';
import {
  type StatsApiError,
  StatsHttpError,
  StatsInvalidResponseError,
  StatsNetworkError,
  StatsResponseTooLargeError,
  StatsTimeoutError,
} from './errors.js';
import { BodyTooLargeError, readBody } from './read-body.js';
import { parseStatsBody, readErrorEnvelope } from './schema.js';
import type { Stats } from './types.js';

/**
 * One HTTP attempt at the stats endpoint, with every way it can fail turned into a typed error.
 * It never throws: the retry loop decides what happens next from the result.
 */

export interface AttemptSettings {
  readonly dispatcher: Dispatcher;
  readonly token: string;
  readonly headersTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxResponseBytes: number;
}

export type AttemptResult =
  | { readonly ok: true; readonly stats: Stats }
  | {
      readonly ok: false;
      readonly error: StatsApiError;
      /** The `Retry-After` header of an HTTP error, for the retry policy. */
      readonly retryAfter: string | null;
    };

/** Error bodies are only read for their message and requestId; a few KiB is plenty. */
const ERROR_BODY_MAX_BYTES = 64 * 1024;

export async function attemptStatsRequest(
  url: URL,
  displayUrl: string,
  signal: AbortSignal,
  settings: AttemptSettings,
): Promise<AttemptResult> {
  const request = { method: 'GET', url: displayUrl };
  let response: Dispatcher.ResponseData;
  try {
    response = await settings.dispatcher.request({
      origin: url.origin,
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      headers: { authorization: `Bearer ${settings.token}`, accept: 'application/json' },
      signal,
      headersTimeout: settings.headersTimeoutMs,
      bodyTimeout: settings.bodyTimeoutMs,
    });
  } catch (error) {
    return failed(transportError(error, request, settings));
  }

  const { statusCode, headers, body } = response;
  if (statusCode < 200 || statusCode > 299) {
    const text = await readBody(body, {
      maxBytes: ERROR_BODY_MAX_BYTES,
      contentLength: headers['content-length'],
      onOverflow: 'truncate',
    }).then(
      (buffer) => buffer.toString('utf8'),
      () => '',
    );
    const envelope = readErrorEnvelope(parseJson(text));
    const requestId = envelope.requestId ?? headerValue(headers['x-request-id']);
    const summary = `Stats API answered HTTP ${statusCode}${envelope.apiMessage ? ` (${envelope.apiMessage})` : ''}`;
    return failed(
      new StatsHttpError(summary, { ...request, status: statusCode, ...envelope, requestId }),
      headerValue(headers['retry-after']) ?? null,
    );
  }

  let buffer: Buffer;
  try {
    buffer = await readBody(body, {
      maxBytes: settings.maxResponseBytes,
      contentLength: headers['content-length'],
    });
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return failed(
        new StatsResponseTooLargeError(`Stats API response is too large (${error.message})`, {
          ...request,
          status: statusCode,
          cause: error,
        }),
      );
    }
    return failed(transportError(error, request, settings));
  }

  const json = parseJson(buffer.toString('utf8'));
  if (json === NOT_JSON) {
    return failed(
      new StatsInvalidResponseError('Stats API response is not valid JSON', {
        ...request,
        status: statusCode,
        path: '(body)',
        requestId: headerValue(headers['x-request-id']),
      }),
    );
  }
  try {
    return { ok: true, stats: parseStatsBody(json, request) };
  } catch (error) {
    if (error instanceof StatsInvalidResponseError) return failed(error);
    throw error;
  }
}

function failed(error: StatsApiError, retryAfter: string | null = null): AttemptResult {
  return { ok: false, error, retryAfter };
}

const NOT_JSON: unique symbol = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** undici's error codes, in words a reader of the log or the Slack message understands. */
function transportError(
  error: unknown,
  request: { method: string; url: string },
  settings: AttemptSettings,
): StatsApiError {
  const code = errorCode(error);
  const details = { ...request, cause: error };
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new StatsTimeoutError('Could not connect to the stats API in time', details);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new StatsTimeoutError(
        `Stats API sent no response within ${settings.headersTimeoutMs} ms`,
        details,
      );
    case 'UND_ERR_BODY_TIMEOUT':
      return new StatsTimeoutError(
        `Stats API response stalled for more than ${settings.bodyTimeoutMs} ms`,
        details,
      );
    default: {
      const reason = code ?? (error instanceof Error ? error.message : String(error));
      return new StatsNetworkError(`Could not reach the stats API (${reason})`, details);
    }
  }
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // Connection errors may come wrapped (e.g. an AggregateError of several addresses).
  return errorCode((error as { cause?: unknown }).cause);
}
