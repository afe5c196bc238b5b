import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { createJsonLogger, type JsonLoggerOptions } from '../../../src/logging/json-logger.js';
import type { LogLevel } from '../../../src/logging/logger.js';
import { StatsHttpError } from '../../../src/stats/errors.js';

const BOT_TOKEN = 'xoxb-1111-2222-abcdefghijklmnopqrstuvwx';
const SIGNING_SECRET = '0123456789abcdef0123456789abcdef';
const STATS_TOKEN = 'stats-token-very-secret-value-42';

function recorder(options: Partial<JsonLoggerOptions> = {}) {
  const lines: string[] = [];
  const logger = createJsonLogger({
    level: 'info',
    write: (line) => lines.push(line),
    clock: fixedClock('2026-11-05T10:00:00.000Z'),
    secrets: [BOT_TOKEN, SIGNING_SECRET, STATS_TOKEN],
    ...options,
  });
  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, parsed };
}

describe('createJsonLogger: lines', () => {
  it('writes one JSON object per line with time, level, msg and the fields', () => {
    const { logger, lines } = recorder();
    logger.info('digest posted', { digest: 'ops-daily', count: 3, ok: true, nothing: null });
    expect(lines).toEqual([
      '{"time":"2026-11-05T10:00:00.000Z","level":"info","msg":"digest posted","digest":"ops-daily","count":3,"ok":true,"nothing":null}\n',
    ]);
  });

  it.each<[LogLevel, string[]]>([
    ['debug', ['debug', 'info', 'warn', 'error']],
    ['info', ['info', 'warn', 'error']],
    ['warn', ['warn', 'error']],
    ['error', ['error']],
  ])('at level %s writes %j', (level, written) => {
    const { logger, parsed } = recorder({ level });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(parsed().map((line) => line.level)).toEqual(written);
  });

  it('adds base fields and child fields to every line; later ones win', () => {
    const { logger, parsed } = recorder({ base: { service: 'exec-stats', component: 'main' } });
    const child = logger.child({ component: 'alerts', rule: 'spike' });
    child.warn('breaching', { rule: 'spike-2' });
    logger.info('plain');
    expect(parsed()).toEqual([
      {
        time: '2026-11-05T10:00:00.000Z',
        level: 'warn',
        msg: 'breaching',
        service: 'exec-stats',
        component: 'alerts',
        rule: 'spike-2',
      },
      {
        time: '2026-11-05T10:00:00.000Z',
        level: 'info',
        msg: 'plain',
        service: 'exec-stats',
        component: 'main',
      },
    ]);
    expect(child.level).toBe('info');
  });

  it('keeps fields named like the line keys without letting them replace those', () => {
    const { logger, parsed } = recorder();
    logger.info('real', { msg: 'fake', level: 'error', time: 'yesterday' });
    expect(parsed()[0]).toMatchObject({
      msg: 'real',
      level: 'info',
      time: '2026-11-05T10:00:00.000Z',
      _msg: 'fake',
      _level: 'error',
      _time: 'yesterday',
    });
  });

  it('keeps each line on one line, whatever the message holds', () => {
    const { logger, lines } = recorder();
    logger.info('two\nlines', { text: 'a\r\nb' });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.slice(0, -1)).not.toMatch(/[\r\n]/);
  });

  it('hands each line to write with its newline, in one call', () => {
    // A stream's write (stderr for CLI commands) is passed as it is, so the newline must come
    // with the line: a second call could be lost if the process exits in between.
    const { logger, lines } = recorder({ level: 'debug' });
    logger.debug('d');
    logger.info('i', { nested: { a: [1, 2] } });
    logger.warn('w', { error: new Error('x') });
    logger.error('e');
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^\{[^\n]*\}\n$/);
  });
});

describe('createJsonLogger: values JSON cannot hold', () => {
  it.each<[string, unknown, unknown]>([
    ['a BigInt', 12345678901234567890n, '12345678901234567890'],
    ['NaN', Number.NaN, 'NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'Infinity'],
    ['a function', function postDigest() {}, '[function postDigest]'],
    ['a symbol', Symbol('x'), 'Symbol(x)'],
    ['a date', new Date('2026-11-05T09:00:00Z'), '2026-11-05T09:00:00.000Z'],
    ['an invalid date', new Date('nope'), 'Invalid Date'],
    [
      'a Map',
      new Map<unknown, unknown>([
        ['a', 1],
        [2, 'b'],
      ]),
      { a: 1, '2': 'b' },
    ],
    ['a Set', new Set([1, 2]), [1, 2]],
    ['binary data', new Uint8Array(16), '[Uint8Array 16 bytes]'],
    ['a URL', new URL('https://example.com/a?b=1'), 'https://example.com/a?b=1'],
    ['undefined in a list', [1, undefined], [1, null]],
  ])('%s', (_name, value, expected) => {
    const { logger, parsed } = recorder();
    logger.info('value', { value });
    expect(parsed()[0]?.value).toEqual(expected);
  });

  it('marks circular references instead of throwing', () => {
    const { logger, parsed } = recorder();
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.list = [a];
    logger.info('circular', { a });
    expect(parsed()[0]?.a).toEqual({ name: 'a', self: '[circular]', list: ['[circular]'] });
  });

  it('writes a shared (not circular) object twice', () => {
    const { logger, parsed } = recorder();
    const shared = { id: 1 };
    logger.info('shared', { first: shared, second: shared });
    expect(parsed()[0]).toMatchObject({ first: { id: 1 }, second: { id: 1 } });
  });

  it('cuts very deep and very long structures', () => {
    const { logger, parsed } = recorder();
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 20; i++) deep = { next: deep };
    logger.info('big', { deep, long: Array.from({ length: 150 }, (_, i) => i) });
    const line = parsed()[0] ?? {};
    expect(JSON.stringify(line.deep)).toContain('[too deep]');
    expect(line.long).toHaveLength(101);
    expect((line.long as unknown[])[100]).toBe('…and 50 more');
  });

  it('survives getters and toJSON methods that throw', () => {
    const { logger, parsed } = recorder();
    const hostile = {
      get boom(): never {
        throw new Error('getter failed');
      },
    };
    const badJson = {
      toJSON: () => {
        throw new Error('no');
      },
    };
    logger.info('hostile', { hostile, badJson, fine: 1 });
    expect(parsed()[0]).toMatchObject({
      hostile: '[unreadable]',
      badJson: '[unreadable]',
      fine: 1,
    });
  });

  it('never throws, even when writing fails', () => {
    const logger = createJsonLogger({
      level: 'info',
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => logger.error('still fine', { error: new Error('x') })).not.toThrow();
  });

  it('writes a fallback line, newline included, when the first write throws', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({
      level: 'info',
      clock: fixedClock('2026-11-05T10:00:00.000Z'),
      write: (line) => {
        if (lines.length === 0 && !line.includes('logError')) throw new Error('EAGAIN');
        lines.push(line);
      },
    });
    logger.warn('retry me');
    expect(lines).toEqual([
      '{"time":"2026-11-05T10:00:00.000Z","level":"warn","msg":"retry me","logError":"could not write this log line: EAGAIN"}\n',
    ]);
  });

  it('survives a broken clock', () => {
    const { logger, parsed } = recorder({ clock: { now: () => Number.NaN } });
    logger.info('no time');
    expect(parsed()[0]).toMatchObject({ msg: 'no time', time: 'unknown' });
  });
});

describe('createJsonLogger: errors', () => {
  const statsError = () =>
    new StatsHttpError('the stats API answered 503', {
      method: 'GET',
      url: 'https://stats.example.com/v1/executions/stats?from=1',
      status: 503,
      requestId: 'req-42',
      attempts: 3,
      cause: new Error('upstream down'),
    });

  it('writes name, message, cause and own properties without the stack at info', () => {
    const { logger, parsed } = recorder();
    logger.error('stats failed', { error: statsError() });
    const error = parsed()[0]?.error as Record<string, unknown>;
    expect(error).toMatchObject({
      name: 'StatsHttpError',
      message:
        'the stats API answered 503: GET https://stats.example.com/v1/executions/stats?from=1',
      kind: 'http',
      status: 503,
      requestId: 'req-42',
      url: 'https://stats.example.com/v1/executions/stats?from=1',
      attempts: 3,
      cause: { name: 'Error', message: 'upstream down' },
    });
    expect(error).not.toHaveProperty('stack');
  });

  it('adds the stack at debug', () => {
    const { logger, parsed } = recorder({ level: 'debug' });
    logger.error('stats failed', { error: statsError() });
    const error = parsed()[0]?.error as Record<string, unknown> | undefined;
    expect(error?.stack).toMatch(/^\w*Error: the stats API answered 503.*\n\s+at /);
  });

  it('keeps Slack-style error codes and data', () => {
    const { logger, parsed } = recorder();
    const error = Object.assign(new Error('An API error occurred: channel_not_found'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'channel_not_found' },
    });
    logger.warn('post failed', { error });
    expect(parsed()[0]?.error).toMatchObject({
      code: 'slack_webapi_platform_error',
      data: { error: 'channel_not_found' },
    });
  });

  it('lists the errors of an AggregateError', () => {
    const { logger, parsed } = recorder();
    logger.error('all failed', {
      error: new AggregateError([new Error('a'), new Error('b')], 'both'),
    });
    expect(parsed()[0]?.error).toMatchObject({
      message: 'both',
      errors: [{ message: 'a' }, { message: 'b' }],
    });
  });
});

describe('createJsonLogger: secrets never come out', () => {
  const cases: [string, (log: ReturnType<typeof recorder>['logger']) => void][] = [
    ['in the message', (log) => log.info(`token is ${BOT_TOKEN}`)],
    ['in a field', (log) => log.info('x', { token2: SIGNING_SECRET })],
    [
      'nested in a field',
      (log) => log.info('x', { request: { headers: { 'x-custom': [`a ${STATS_TOKEN} b`] } } }),
    ],
    ['in a key', (log) => log.info('x', { [STATS_TOKEN]: 1 })],
    [
      'in an error message',
      (log) => log.error('x', { error: new Error(`invalid_auth for ${BOT_TOKEN}`) }),
    ],
    [
      'in an error cause',
      (log) => log.error('x', { error: new Error('outer', { cause: new Error(STATS_TOKEN) }) }),
    ],
    [
      'in an error property',
      (log) =>
        log.error('x', { error: Object.assign(new Error('e'), { config: { token: BOT_TOKEN } }) }),
    ],
    ['in a stack at debug', (log) => log.error('x', { error: new Error(`at ${SIGNING_SECRET}`) })],
    ['in base fields', (log) => log.child({ secret: STATS_TOKEN }).info('x')],
    ['in a Map', (log) => log.info('x', { m: new Map([['k', BOT_TOKEN]]) })],
    ['in a URL', (log) => log.info('x', { url: new URL(`https://example.com/?t=${STATS_TOKEN}`) })],
  ];

  it.each(cases)('%s', (_name, write) => {
    const { logger, lines } = recorder({ level: 'debug' });
    write(logger);
    const output = lines.join('\n');
    expect(output).toContain('[redacted]');
    for (const secret of [BOT_TOKEN, SIGNING_SECRET, STATS_TOKEN])
      expect(output).not.toContain(secret);
  });

  it.each([
    ['a bot token', 'xoxb-9999-8888-zyxwvutsrqponmlk'],
    ['a user token', 'xoxp-1-2-3-abcdef'],
    ['an app-level token', 'xapp-1-A01-123-abcdef0123'],
    ['a refresh token', 'xoxe-1-abcdef0123'],
    ['a bearer credential', 'Authorization: Bearer abc.def.ghi'],
  ])('masks %s it was never told about', (_name, text) => {
    const { logger, lines } = recorder({ secrets: [] });
    logger.info(`seen ${text} here`, { nested: { value: text } });
    expect(lines[0]).toContain('[redacted]');
    expect(lines[0]).not.toContain(text.split(' ').at(-1));
  });

  it.each([
    'authorization',
    'Authorization',
    'proxy-authorization',
    'cookie',
    'signingSecret',
    'bot_token',
    'token',
  ])('masks whatever is in a %s field', (key) => {
    const { logger, parsed } = recorder({ secrets: [] });
    logger.info('request', { headers: { [key]: 'short1' } });
    expect(parsed()[0]?.headers).toEqual({ [key]: '[redacted]' });
  });

  it('leaves short configured values and ordinary text alone', () => {
    const { logger, parsed } = recorder({ secrets: ['abc', ''] });
    logger.info('abc xoxb- is a prefix, tokens: 3', { word: 'abc', empty: '' });
    expect(parsed()[0]).toMatchObject({
      msg: 'abc xoxb- is a prefix, tokens: 3',
      word: 'abc',
      empty: '',
    });
  });

  it('masks a secret that contains another one whole', () => {
    const inner = 'inner-secret-1';
    const outer = `outer-${inner}-outer`;
    const { logger, lines } = recorder({ secrets: [inner, outer] });
    logger.info(outer);
    expect(JSON.parse(lines[0] ?? '{}').msg).toBe('[redacted]');
  });
});
