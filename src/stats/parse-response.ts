import { StatsInvalidResponseError, type StatsResponseTooLargeError } from './errors.js';
import { parseStatsBody, type StatsRequestInfo } from './schema.js';
import type { Stats } from './types.js';

/**
 * The bytes of a 200 answer turned into Stats, or the typed error saying why not: decode, JSON.parse,
 * parseStatsBody. One function for both places it runs, so they cannot drift apart: in the event
 * loop for ordinary bodies (client.ts) and in the body worker for big ones (body-worker.ts).
 */

export interface ResponseContext {
  readonly request: StatsRequestInfo;
  /** The HTTP status of the answer, for the error of a body that is not JSON. */
  readonly status: number;
  /** The `x-request-id` header, for the same error (a body that is not JSON has no requestId). */
  readonly headerRequestId: string | undefined;
}

export type ParsedBody =
  | { readonly ok: true; readonly stats: Stats }
  | { readonly ok: false; readonly error: StatsInvalidResponseError };

/** What the off-thread parser adds: too large, when a worker's parse ran out of its heap. */
export type ParseOutcome =
  | ParsedBody
  | { readonly ok: false; readonly error: StatsResponseTooLargeError };

export function parseStatsResponse(bytes: Uint8Array, context: ResponseContext): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString());
  } catch {
    return {
      ok: false,
      error: new StatsInvalidResponseError('Stats API response is not valid JSON', {
        ...context.request,
        status: context.status,
        path: '(body)',
        requestId: context.headerRequestId,
      }),
    };
  }
  try {
    return { ok: true, stats: parseStatsBody(json, context.request) };
  } catch (error) {
    if (error instanceof StatsInvalidResponseError) return { ok: false, error };
    throw error;
  }
}
