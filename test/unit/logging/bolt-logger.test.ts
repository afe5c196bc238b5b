import { type AppOptions, LogLevel } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { toBoltLogger } from '../../../src/logging/bolt-logger.js';
import { createJsonLogger } from '../../../src/logging/json-logger.js';
import type { LogFields, Logger, LogLevel as OurLevel } from '../../../src/logging/logger.js';

const BOT_TOKEN = 'xoxb-1111-2222-abcdefghijklmnopqrstuvwx';

/** A Logger that records calls, with no level of its own (like a test double). */
function recordingLogger() {
  const calls: { level: OurLevel; message: string; fields: LogFields | undefined }[] = [];
  const make = (): Logger => ({
    debug: (message, fields) => calls.push({ level: 'debug', message, fields }),
    info: (message, fields) => calls.push({ level: 'info', message, fields }),
    warn: (message, fields) => calls.push({ level: 'warn', message, fields }),
    error: (message, fields) => calls.push({ level: 'error', message, fields }),
    child: () => make(),
  });
  return { logger: make(), calls };
}

describe('toBoltLogger', () => {
  it('is accepted by Bolt as its logger', () => {
    const options: AppOptions = { logger: toBoltLogger(recordingLogger().logger) };
    expect(typeof options.logger?.setName).toBe('function');
  });

  it.each<[string, unknown[], string, LogFields]>([
    ['strings joined', ['Failed to start', 'the app'], 'Failed to start the app', {}],
    [
      'numbers and booleans in the message',
      ['retrying in', 5, 'seconds:', true],
      'retrying in 5 seconds: true',
      {},
    ],
    [
      'an error as a field',
      ['An unhandled error occurred', new Error('boom')],
      'An unhandled error occurred',
      { error: new Error('boom') },
    ],
    ['an error alone gives its message', [new Error('boom')], 'boom', { error: new Error('boom') }],
    [
      'objects as details',
      ['payload', { type: 'block_actions' }, [1]],
      'payload',
      { details: [{ type: 'block_actions' }, [1]] },
    ],
    [
      'a second error goes to details',
      ['two', new Error('a'), new Error('b')],
      'two',
      { error: new Error('a'), details: [new Error('b')] },
    ],
    ['nothing at all', [], '(no message)', {}],
  ])('%s', (_name, parts, message, fields) => {
    const { logger, calls } = recordingLogger();
    toBoltLogger(logger).warn(...parts);
    expect(calls).toEqual([{ level: 'warn', message, fields }]);
  });

  it('maps each Bolt level to ours', () => {
    const { logger, calls } = recordingLogger();
    const bolt = toBoltLogger(logger);
    bolt.debug('d');
    bolt.info('i');
    bolt.warn('w');
    bolt.error('e');
    expect(calls.map((call) => [call.level, call.message])).toEqual([
      ['debug', 'd'],
      ['info', 'i'],
      ['warn', 'w'],
      ['error', 'e'],
    ]);
  });

  it('adds the name Bolt gives it', () => {
    const { logger, calls } = recordingLogger();
    const bolt = toBoltLogger(logger);
    bolt.setName('web-api:WebClient:0');
    bolt.info('initialized');
    expect(calls[0]?.fields).toEqual({ logger: 'web-api:WebClient:0' });
  });

  it('reports the wrapped JSON logger level, and lets Bolt lower it', () => {
    const lines: string[] = [];
    const bolt = toBoltLogger(
      createJsonLogger({ level: 'warn', write: (line) => lines.push(line) }),
    );
    expect(bolt.getLevel()).toBe(LogLevel.WARN);
    bolt.setLevel(LogLevel.ERROR);
    expect(bolt.getLevel()).toBe(LogLevel.ERROR);
    bolt.warn('dropped');
    bolt.error('kept');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['kept']);
  });

  it.each<[OurLevel | undefined, LogLevel]>([
    [undefined, LogLevel.DEBUG],
    ['info', LogLevel.INFO],
  ])('without a level of its own (option %s) reports %s', (level, expected) => {
    const bolt = toBoltLogger(recordingLogger().logger, level === undefined ? {} : { level });
    expect(bolt.getLevel()).toBe(expected);
  });

  it('ignores a level it does not know', () => {
    const bolt = toBoltLogger(recordingLogger().logger, { level: 'info' });
    bolt.setLevel('loud' as LogLevel);
    expect(bolt.getLevel()).toBe(LogLevel.INFO);
  });

  it('writes JSON lines with the same redaction as our own logs', () => {
    const lines: string[] = [];
    const json = createJsonLogger({
      level: 'debug',
      write: (line) => lines.push(line),
      clock: fixedClock('2026-11-05T10:00:00Z'),
      secrets: [BOT_TOKEN],
    });
    const bolt = toBoltLogger(json.child({ component: 'bolt' }));
    bolt.setName('bolt-app');
    bolt.debug('http request', {
      headers: { Authorization: `Bearer ${BOT_TOKEN}` },
      token: BOT_TOKEN,
    });
    bolt.error('Failed', new Error(`An API error occurred: invalid_auth (${BOT_TOKEN})`));
    expect(lines.join('\n')).not.toContain(BOT_TOKEN);
    const [first, second] = lines.map((line) => JSON.parse(line));
    expect(first).toEqual({
      time: '2026-11-05T10:00:00.000Z',
      level: 'debug',
      msg: 'http request',
      component: 'bolt',
      logger: 'bolt-app',
      details: [{ headers: { Authorization: '[redacted]' }, token: '[redacted]' }],
    });
    expect(second.error.message).toBe('An API error occurred: invalid_auth ([redacted])');
  });

  it('never throws back into Bolt', () => {
    const throwing: Logger = {
      debug: () => {
        throw new Error('x');
      },
      info: () => {
        throw new Error('x');
      },
      warn: () => {
        throw new Error('x');
      },
      error: () => {
        throw new Error('x');
      },
      child: () => throwing,
    };
    expect(() => toBoltLogger(throwing).error('boom')).not.toThrow();
  });
});
