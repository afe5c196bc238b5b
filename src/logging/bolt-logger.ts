import { type Logger as BoltLogger, LogLevel as BoltLogLevel } from '@slack/bolt';
import type { LogFields, Logger, LogLevel } from './logger.js';

export interface BoltLoggerOptions {
  /**
   * The level Bolt is told about (Socket Mode skips costly debug output unless it is 'debug').
   * Default: the wrapped logger's own `level` when it has one, else 'debug' (let it filter).
   */
  readonly level?: LogLevel;
}

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

const FROM_BOLT: Readonly<Record<string, LogLevel>> = {
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  error: 'error',
};

const TO_BOLT: Readonly<Record<LogLevel, BoltLogLevel>> = {
  debug: BoltLogLevel.DEBUG,
  info: BoltLogLevel.INFO,
  warn: BoltLogLevel.WARN,
  error: BoltLogLevel.ERROR,
};

/**
 * Bolt, its Web API client and Socket Mode log through this, so their lines are JSON with the
 * same redaction as ours. Bolt passes any mix of values (`'Error:', err`): strings and numbers
 * become the message, the first Error the `error` field, anything else `details`.
 */
export function toBoltLogger(
  logger: Logger & { readonly level?: LogLevel },
  options: BoltLoggerOptions = {},
): BoltLogger {
  let level: LogLevel = options.level ?? logger.level ?? 'debug';
  let name: string | null = null;

  const log = (at: LogLevel, parts: readonly unknown[]): void => {
    if (ORDER[at] < ORDER[level]) return;
    try {
      const { message, fields } = describe(parts);
      logger[at](message, name === null ? fields : { logger: name, ...fields });
    } catch {
      // Bolt calls this from its own error paths; never make things worse by throwing.
    }
  };

  return {
    debug: (...parts: unknown[]) => log('debug', parts),
    info: (...parts: unknown[]) => log('info', parts),
    warn: (...parts: unknown[]) => log('warn', parts),
    error: (...parts: unknown[]) => log('error', parts),
    setLevel(next: BoltLogLevel) {
      const known = FROM_BOLT[String(next).toLowerCase()];
      if (known !== undefined) level = known;
    },
    getLevel: () => TO_BOLT[level],
    setName(next: string) {
      name = next;
    },
  };
}

function describe(parts: readonly unknown[]): { message: string; fields: LogFields } {
  const words: string[] = [];
  const details: unknown[] = [];
  let error: Error | undefined;
  for (const part of parts) {
    if (typeof part === 'string' || typeof part === 'number' || typeof part === 'boolean') {
      words.push(String(part));
    } else if (part instanceof Error && error === undefined) {
      error = part;
    } else if (part !== undefined) {
      details.push(part);
    }
  }
  const fields: LogFields = {};
  if (error !== undefined) fields.error = error;
  if (details.length > 0) fields.details = details;
  const message = words.join(' ').trim() || error?.message || '(no message)';
  return { message, fields };
}
