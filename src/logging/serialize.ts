import { isSensitiveKey, REDACTED, type Redactor } from './redact.js';

export interface SerializeOptions {
  /** Applied to every string, object key included. */
  readonly redact: Redactor;
  /** Stacks are long and rarely needed; they come with debug logging only. */
  readonly includeStack: boolean;
}

/** Deeper than this is cut: log lines are for people, and Slack payloads nest deeply. */
const MAX_DEPTH = 8;
const MAX_ITEMS = 100;

/**
 * Turns any value into something JSON.stringify takes without throwing and that holds no secret:
 * circular references, BigInt, functions, symbols, Maps, Sets, binary data and throwing getters
 * are all rendered as text; Errors keep their name, message, cause and own properties.
 */
export function toLoggable(value: unknown, options: SerializeOptions): unknown {
  const ancestors = new Set<object>();

  function walk(input: unknown, depth: number): unknown {
    switch (typeof input) {
      case 'string':
        return options.redact(input);
      case 'number':
        return Number.isFinite(input) ? input : String(input);
      case 'boolean':
      case 'undefined':
        return input;
      case 'bigint':
        return input.toString();
      case 'symbol':
        return options.redact(input.toString());
      case 'function':
        return `[function ${input.name || 'anonymous'}]`;
    }
    if (input === null) return null;
    const object = input as object;
    if (ancestors.has(object)) return '[circular]';
    if (depth >= MAX_DEPTH) return '[too deep]';
    ancestors.add(object);
    try {
      return walkObject(object, depth + 1);
    } catch {
      // A getter or proxy trap threw: say so rather than lose the whole line.
      return '[unreadable]';
    } finally {
      ancestors.delete(object);
    }
  }

  function walkObject(object: object, depth: number): unknown {
    if (object instanceof Error) return walkError(object, depth);
    if (object instanceof Date) {
      return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    }
    if (Array.isArray(object)) return walkList(object, depth);
    if (object instanceof Set) return walkList([...object], depth);
    if (object instanceof Map) return walkEntries([...object.entries()], depth);
    if (ArrayBuffer.isView(object))
      return `[${object.constructor.name} ${object.byteLength} bytes]`;
    if (object instanceof ArrayBuffer) return `[ArrayBuffer ${object.byteLength} bytes]`;
    const toJSON = (object as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(object), depth);
    return walkEntries(Object.entries(object), depth);
  }

  function walkList(items: readonly unknown[], depth: number): unknown[] {
    const out = items.slice(0, MAX_ITEMS).map((item) => walk(item, depth) ?? null);
    if (items.length > MAX_ITEMS) out.push(`…and ${items.length - MAX_ITEMS} more`);
    return out;
  }

  function walkEntries(entries: readonly (readonly [unknown, unknown])[], depth: number) {
    const out: Record<string, unknown> = {};
    for (const [rawKey, item] of entries.slice(0, MAX_ITEMS)) {
      const key = typeof rawKey === 'string' ? rawKey : String(walk(rawKey, depth));
      out[options.redact(key)] = secretField(key, item) ? REDACTED : walk(item, depth);
    }
    if (entries.length > MAX_ITEMS) out['…'] = `${entries.length - MAX_ITEMS} more keys`;
    return out;
  }

  function walkError(error: Error, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {
      name: walk(error.name, depth),
      message: walk(error.message, depth),
    };
    // Own properties carry what matters most: status, code, requestId, url, Slack's `data`…
    for (const [key, item] of Object.entries(error)) {
      if (key === 'name' || key === 'message' || key === 'stack') continue;
      out[options.redact(key)] = secretField(key, item) ? REDACTED : walk(item, depth);
    }
    if (error.cause !== undefined) out.cause = walk(error.cause, depth);
    if (error instanceof AggregateError) out.errors = walk(error.errors, depth);
    if (options.includeStack && typeof error.stack === 'string')
      out.stack = walk(error.stack, depth);
    return out;
  }

  return walk(value, 0);
}

function secretField(key: string, value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && isSensitiveKey(key);
}
