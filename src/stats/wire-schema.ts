import { z } from 'zod';
import { parseTimestamp } from './timestamp.js';
import type { FailedExecution, TimeBucket } from './types.js';

/**
 * The 200 body of `GET /v1/executions/stats`, validated to be forward compatible: extra keys are
 * dropped (z.object strips), unknown `status` values stay plain strings, and the lists and
 * optional strings that a provider might leave out become empty or null. What is wrong in type
 * (a count that is a string, negative or infinite) fails, with the field's path.
 */

const count = z.number().nonnegative();

/** Optional text: missing, null or empty all mean "none". */
const optionalText = z
  .string()
  .nullish()
  .transform((value) => (value ? value : null));

/** Timestamps are documented as strings; numbers are accepted too. Empty/missing -> null. */
const optionalTimestamp = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((value) => parseTimestamp(value));

/** A list the provider may omit (or send as null): treated as empty. */
function list<T extends z.ZodType>(item: T) {
  return z
    .array(item)
    .nullish()
    .transform((items): z.output<T>[] => items ?? []);
}

const summarySchema = z
  .object({
    total: count,
    succeeded: count,
    failed: count,
    cancelled: count,
    // The two derived counts are filled in from the others when a provider leaves them out.
    inProgress: count.nullish(),
    terminal: count.nullish(),
    averageDurationMs: z.number().nonnegative().nullish(),
  })
  .transform((s) => {
    const terminal = s.terminal ?? s.succeeded + s.failed + s.cancelled;
    return {
      total: s.total,
      succeeded: s.succeeded,
      failed: s.failed,
      cancelled: s.cancelled,
      inProgress: s.inProgress ?? Math.max(0, s.total - terminal),
      terminal,
      // An average over zero finished executions is meaningless, whatever the API put there.
      averageDurationMs: terminal === 0 ? null : (s.averageDurationMs ?? null),
    };
  });

const bucketSchema = z
  .object({
    bucketStart: z.union([z.string(), z.number()]),
    total: count,
    succeeded: count,
    failed: count,
    cancelled: count,
  })
  .transform(
    (b): TimeBucket => ({
      ...b,
      // A bucket always has a start; an empty one is kept as unparseable rather than dropped.
      bucketStart: parseTimestamp(b.bucketStart) ?? { raw: String(b.bucketStart), ms: null },
    }),
  );

const failureSchema = z
  .object({
    executionId: z.string(),
    runId: optionalText,
    workflowId: optionalText,
    sourceSystem: optionalText,
    status: z.string(),
    statusReason: optionalText,
    createdAt: optionalTimestamp,
    finishedAt: optionalTimestamp,
  })
  .transform((f): FailedExecution => f);

const sourceSystemSchema = z.object({
  sourceSystem: z.string(),
  total: count,
  succeeded: count,
  failed: count,
  cancelled: count,
});

/** The schemas fast-items.ts mirrors; exported for the test that keeps the two in step. */
export const LIST_ITEM_SCHEMAS = {
  sourceSystem: sourceSystemSchema,
  bucket: bucketSchema,
  failure: failureSchema,
} as const;

const dataSchema = z.object({
  granularity: z.string().nullish(),
  summary: summarySchema,
  statuses: list(z.object({ status: z.string(), count })),
  sourceSystems: list(sourceSystemSchema),
  timeSeries: list(bucketSchema),
  recentFailures: list(failureSchema),
});

export const bodySchema = z.object({
  // Envelope metadata is informative only: anything but a non-empty string is treated as absent.
  requestId: z
    .unknown()
    .optional()
    .transform((v) => (typeof v === 'string' && v !== '' ? v : null)),
  data: dataSchema,
});

export type ParsedStatsBody = z.output<typeof bodySchema>;
