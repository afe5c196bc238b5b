import type { z } from 'zod';
import {
  alertsSchema,
  digestSchema,
  type ParsedAlerts,
  type ParsedDigest,
  type ParsedRule,
  ruleSchema,
} from './file-schema.js';

/**
 * What can be read of a YAML file that does not pass the schema as a whole: each mapping's keys
 * parsed one by one, so the checks that involve several keys (unique names, recoverRate against
 * failureRate, a baseline key without baselineWindow) run on whatever did parse, in the same round
 * as the type errors. Without it, fixing one round of errors would reveal the next.
 */

/** One mapping of the file, key by key. */
export interface Fields<T> {
  /** The keys whose value passed its own schema, with the parsed (transformed) value. */
  readonly value: Partial<T>;
  /** The keys that are in the file but whose value was refused; the schema reports why. */
  readonly refused: ReadonlySet<string>;
}

export interface SalvagedFile {
  /** One entry per list item; null where the item is not a mapping. */
  readonly digests: readonly (Fields<ParsedDigest> | null)[];
  /** Null when there is no `alerts` mapping. */
  readonly alerts: {
    readonly head: Fields<Omit<ParsedAlerts, 'rules'>>;
    readonly rules: readonly (Fields<ParsedRule> | null)[];
  } | null;
}

/** Whether the key is in the file at all, valid or not: a refused value is still "set". */
export function isSet<T>(fields: Fields<T>, key: keyof T & string): boolean {
  return fields.value[key] !== undefined || fields.refused.has(key);
}

/** `data` is what the YAML document holds (already known to be a mapping). */
export function salvageFile(data: Readonly<Record<string, unknown>>): SalvagedFile {
  const alerts = data.alerts;
  return {
    digests: listOf(data.digests).map((item) => fieldsOf(digestSchema, item)),
    alerts: isMapping(alerts)
      ? {
          head: fieldsIn(alertsSchema.omit({ rules: true }), alerts),
          rules: listOf(alerts.rules).map((item) => fieldsOf(ruleSchema, item)),
        }
      : null,
  };
}

function fieldsOf<S extends z.ZodObject>(schema: S, input: unknown): Fields<z.output<S>> | null {
  return isMapping(input) ? fieldsIn(schema, input) : null;
}

function fieldsIn<S extends z.ZodObject>(
  schema: S,
  input: Readonly<Record<string, unknown>>,
): Fields<z.output<S>> {
  const value: Record<string, unknown> = {};
  const refused = new Set<string>();
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (!Object.hasOwn(input, key)) continue;
    const parsed = field.safeParse(input[key]);
    if (parsed.success) {
      // An optional key parsed to undefined is the same as an absent one.
      if (parsed.data !== undefined) value[key] = parsed.data;
    } else refused.add(key);
  }
  return { value: value as Partial<z.output<S>>, refused };
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function isMapping(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
