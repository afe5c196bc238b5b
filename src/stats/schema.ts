import { StatsInvalidResponseError } from './errors.js';
import { fastRecentFailures, fastSourceSystems, fastTimeSeries } from './fast-items.js';
import type { FailedExecution, Granularity, Stats } from './types.js';
import { bodySchema, type ParsedStatsBody } from './wire-schema.js';

/**
 * Parsing and normalising the stats body: the wire shapes (wire-schema.ts) validated, long lists
 * through the fast path (fast-items.ts), timestamps sorted, errors named by field path.
 */

export { LIST_ITEM_SCHEMAS } from './wire-schema.js';

export interface StatsRequestInfo {
  readonly method: string;
  readonly url: string;
}

/** Validates and normalises a 200 body; throws StatsInvalidResponseError naming the first bad field. */
export function parseStatsBody(body: unknown, request: StatsRequestInfo): Stats {
  const result = safeParseBody(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = formatPath(issue?.path ?? []);
    throw new StatsInvalidResponseError(
      `Stats API response is invalid at ${path}: ${issue?.message ?? 'unexpected shape'}`,
      // The envelope's requestId helps the provider find the faulty response; its message
      // ("success") would only confuse, so it is left out.
      { ...request, path, requestId: readErrorEnvelope(body).requestId },
    );
  }
  const { requestId, data } = result.data;
  const granularity = asGranularity(data.granularity) ?? granularityOf(request.url);
  if (!granularity) {
    throw new StatsInvalidResponseError(
      'Stats API response is invalid at data.granularity: neither the response nor the request names hourly or daily',
      { ...request, path: 'data.granularity', requestId: requestId ?? undefined },
    );
  }
  return {
    requestId,
    granularity,
    summary: data.summary,
    statuses: data.statuses,
    sourceSystems: data.sourceSystems,
    timeSeries: sortBy(data.timeSeries, (b) => b.bucketStart.ms, 'asc'),
    recentFailures: sortBy(data.recentFailures, failureInstant, 'desc'),
  };
}

/**
 * bodySchema.safeParse, with the three lists that can hold thousands of items validated by the
 * loops of fast-items.ts (same acceptance, same output, a fraction of zod's time) and the rest by
 * zod. Whenever anything fails, the whole body goes through zod, so errors read exactly as before.
 */
function safeParseBody(body: unknown): ReturnType<typeof bodySchema.safeParse> {
  const data = isRecord(body) ? body.data : undefined;
  if (isRecord(body) && isRecord(data)) {
    const sourceSystems = fastSourceSystems(data.sourceSystems);
    const timeSeries = sourceSystems && fastTimeSeries(data.timeSeries);
    const recentFailures = timeSeries && fastRecentFailures(data.recentFailures);
    if (sourceSystems && timeSeries && recentFailures) {
      const lists = { sourceSystems: [], timeSeries: [], recentFailures: [] };
      const rest = bodySchema.safeParse({ ...body, data: { ...data, ...lists } });
      if (rest.success) {
        const parsed: ParsedStatsBody = {
          ...rest.data,
          data: { ...rest.data.data, sourceSystems, timeSeries, recentFailures },
        };
        return { ...rest, data: parsed };
      }
    }
  }
  return bodySchema.safeParse(body);
}

/**
 * Reads what it can from an error body (or a body that failed validation). Error bodies are not
 * specified; the usual envelope (`message`, `requestId`) is used when present, and an `error`
 * string or `error.message` as a fallback. The message is shortened: it ends up in Slack.
 */
export function readErrorEnvelope(body: unknown): { apiMessage?: string; requestId?: string } {
  if (!isRecord(body)) return {};
  const out: { apiMessage?: string; requestId?: string } = {};
  const nested = isRecord(body.error) ? body.error.message : undefined;
  const message = [body.message, body.error, nested].find(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  if (message) out.apiMessage = truncate(message.trim(), 300);
  const requestId = body.requestId ?? body.request_id;
  if (typeof requestId === 'string' && requestId !== '') out.requestId = truncate(requestId, 200);
  return out;
}

function failureInstant(f: FailedExecution): number | null {
  return f.finishedAt?.ms ?? f.createdAt?.ms ?? null;
}

/** Stable sort by a possibly-missing instant; items without one keep their order, at the end. */
function sortBy<T>(
  items: readonly T[],
  key: (item: T) => number | null,
  order: 'asc' | 'desc',
): T[] {
  const sign = order === 'asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === null || kb === null) return (ka === null ? 1 : 0) - (kb === null ? 1 : 0);
    return sign * (ka - kb);
  });
}

function asGranularity(value: string | null | undefined): Granularity | null {
  return value === 'hourly' || value === 'daily' ? value : null;
}

function granularityOf(url: string): Granularity | null {
  try {
    return asGranularity(new URL(url).searchParams.get('granularity'));
  } catch {
    return null;
  }
}

/** `data.timeSeries[3].total`; the body itself is `(body)`. */
function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(body)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
