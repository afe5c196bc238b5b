import { type Clock, systemClock } from '../clock.js';
import type { LogFields, Logger, LogLevel } from './logger.js';
import { createRedactor, type Redactor } from './redact.js';
import { toLoggable } from './serialize.js';
import { syncWriter } from './sync-writer.js';

export interface JsonLoggerOptions {
  /** Lines below this level are dropped. */
  readonly level: LogLevel;
  /**
   * Receives each JSON line with its closing "\n", in one call: a line is never split across two
   * writes, so nothing half-written is left when the process exits right after logging. A stream's
   * `write` (stderr for CLI commands) fits as it is. Default: stdout, written synchronously so
   * that `process.exit` right after logging loses no line (sync-writer.ts).
   */
  readonly write?: (line: string) => void;
  /** Values masked wherever they appear (tokens, signing secret); shorter than 8 characters: ignored. */
  readonly secrets?: readonly (string | null | undefined)[];
  readonly clock?: Clock;
  /** Fields on every line (service name, version). */
  readonly base?: LogFields;
}

/** A Logger that also says its level, so adapters (Bolt) can report it. */
export interface JsonLogger extends Logger {
  readonly level: LogLevel;
  child(fields: LogFields): JsonLogger;
}

export const LOG_LEVEL_ORDER: Readonly<Record<LogLevel, number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

/** Keys every line has; fields with these names are kept under `_time`, `_level`, `_msg`. */
const RESERVED = new Set(['time', 'level', 'msg']);

/**
 * Structured logs: one JSON object per line with `time` (ISO), `level`, `msg` and the fields.
 * Every string is passed through the redactor, so secrets and token-shaped text never come out,
 * whether in the message, a nested field or an error's message. Logging never throws.
 */
export function createJsonLogger(options: JsonLoggerOptions): JsonLogger {
  const redact = createRedactor(options.secrets ?? []);
  const write = options.write ?? syncWriter(process.stdout);
  return build({
    level: options.level,
    write,
    redact,
    clock: options.clock ?? systemClock,
    base: options.base ?? {},
  });
}

interface LoggerState {
  readonly level: LogLevel;
  readonly write: (line: string) => void;
  readonly redact: Redactor;
  readonly clock: Clock;
  readonly base: LogFields;
}

function build(state: LoggerState): JsonLogger {
  const threshold = LOG_LEVEL_ORDER[state.level];
  const log = (level: LogLevel, message: string, fields?: LogFields): void => {
    if (LOG_LEVEL_ORDER[level] < threshold) return;
    try {
      state.write(`${formatLine(state, level, message, fields)}\n`);
    } catch (error) {
      writeFallback(state, level, message, error);
    }
  };
  return {
    level: state.level,
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (fields) => build({ ...state, base: { ...state.base, ...fields } }),
  };
}

function formatLine(state: LoggerState, level: LogLevel, message: string, fields?: LogFields) {
  const serializeOptions = { redact: state.redact, includeStack: state.level === 'debug' };
  const line: Record<string, unknown> = {
    time: isoTime(state.clock),
    level,
    msg: toLoggable(typeof message === 'string' ? message : String(message), serializeOptions),
  };
  const extra = toLoggable({ ...state.base, ...fields }, serializeOptions);
  if (typeof extra === 'object' && extra !== null && !Array.isArray(extra)) {
    for (const [key, value] of Object.entries(extra)) {
      line[RESERVED.has(key) ? `_${key}` : key] = value;
    }
  }
  return JSON.stringify(line);
}

/** A line that cannot fail, for when the real one did (or when writing it threw). */
function writeFallback(state: LoggerState, level: LogLevel, message: unknown, error: unknown) {
  try {
    const reason = error instanceof Error ? error.message : 'unknown';
    state.write(
      `${JSON.stringify({
        time: isoTime(state.clock),
        level,
        msg: state.redact(String(message)),
        logError: state.redact(`could not write this log line: ${reason}`),
      })}\n`,
    );
  } catch {
    // Nowhere left to report it; logging must never take the bot down.
  }
}

function isoTime(clock: Clock): string {
  try {
    return new Date(clock.now()).toISOString();
  } catch {
    return 'unknown'; // a broken clock must not cost the line
  }
}
