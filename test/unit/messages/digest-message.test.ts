import { describe, expect, it } from 'vitest';
import {
  compareSummaries,
  periodLength,
  sourcesThatGotWorse,
} from '../../../src/messages/digest-comparison.js';
import {
  buildDigestMessage,
  buildUnavailableDigest,
  type DigestMessageInput,
} from '../../../src/messages/digest-message.js';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import { StatsTimeoutError } from '../../../src/stats/errors.js';
import { allTexts, failure, NOW, source, stats, summary, TEMPLATE, window } from './fixtures.js';

const input = (overrides: Partial<DigestMessageInput> = {}): DigestMessageInput => ({
  digestName: 'ops-daily',
  stats: stats({ summary: summary({ succeeded: 900, failed: 42, cancelled: 40 }) }),
  previous: stats({
    summary: {
      ...summary({ succeeded: 900, failed: 31, cancelled: 40 }),
      averageDurationMs: 60_000,
    },
    sourceSystems: [source('billing', { failed: 10 }), source('shipping', { failed: 20 })],
  }),
  window: window(),
  granularity: 'hourly',
  scheduledAt: NOW,
  late: false,
  now: NOW,
  executionUrlTemplate: TEMPLATE,
  ...overrides,
});

const joined = (m: { text: string; blocks: readonly unknown[] }) => allTexts(m).join('\n');

describe('the comparison with the previous period', () => {
  it.each([
    {
      what: 'more failures',
      now: { failed: 42 },
      before: { failed: 31 },
      failed: { direction: 'up', change: 'up 35.5%', worse: true },
    },
    {
      what: 'fewer failures',
      now: { failed: 10 },
      before: { failed: 20 },
      failed: { direction: 'down', change: 'down 50%', worse: false },
    },
    {
      what: 'failures where there were none',
      now: { failed: 3 },
      before: { failed: 0 },
      failed: { direction: 'new', change: 'up from 0', worse: true },
    },
    {
      what: 'no change',
      now: { failed: 7 },
      before: { failed: 7 },
      failed: { direction: 'same', change: 'no change', worse: false },
    },
  ])('$what', ({ now, before, failed }) => {
    const changes = compareSummaries(summary(now), summary(before));
    expect(changes.find((c) => c.name === 'failed')).toMatchObject(failed);
  });

  it('gives the success rate in points and the duration in percent', () => {
    const now = {
      ...summary({ succeeded: 80, failed: 20, cancelled: 0 }),
      averageDurationMs: 90_000,
    };
    const before = {
      ...summary({ succeeded: 90, failed: 10, cancelled: 0 }),
      averageDurationMs: 60_000,
    };
    const [, , rate, duration] = compareSummaries(now, before);
    expect(rate).toMatchObject({ value: '80%', change: 'down 10 points', worse: true });
    expect(duration).toMatchObject({ value: '1m 30s', change: 'up 50%', worse: true });
  });

  it('lists the source systems with more failures, most added first', () => {
    const current = stats({
      sourceSystems: [
        source('a', { failed: 5 }),
        source('b', { failed: 30 }),
        source('c', { failed: 1 }),
      ],
    });
    const previous = stats({
      sourceSystems: [
        source('a', { failed: 4 }),
        source('b', { failed: 2 }),
        source('c', { failed: 3 }),
      ],
    });
    expect(sourcesThatGotWorse(current, previous).map((s) => s.sourceSystem)).toEqual(['b', 'a']);
  });

  it.each([
    [24 * 3_600_000, '24 hours'],
    [3_600_000, 'hour'],
    [7 * 86_400_000, '7 days'],
    [23 * 3_600_000, '23 hours'],
    [90 * 60_000, '90 minutes'],
  ])('calls a period of %i ms "%s"', (ms, words) => {
    expect(periodLength(ms)).toBe(words);
  });
});

describe('the digest message', () => {
  it('is the stats message with the comparison under the figures', () => {
    const message = buildDigestMessage(input());
    const text = joined(message);
    expect(text).toContain('Digest *ops-daily*');
    expect(text).toContain('*Compared with the previous 24 hours*');
    expect(text).toContain('↑ *failed* 42, up 35.5%');
    expect(text).toContain('*Got worse*');
    expect(text).toContain('*billing*: 40 failed (was 10)');
    expect(text).not.toContain('*shipping*: 20 failed (was 20)');
    expect(message.text).toContain(
      '42 failed (4.3%); failures up 35.5% compared with the previous 24 hours',
    );
    const types = message.blocks.map((b) => b.type);
    expect(types.slice(0, 4)).toEqual(['header', 'context', 'context', 'section']);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('is short and calm for a period without failures', () => {
    const quiet = stats({
      summary: summary({ failed: 0 }),
      recentFailures: [],
      sourceSystems: [source('search')],
    });
    const message = buildDigestMessage(input({ stats: quiet }));
    expect(message.blocks.length).toBeLessThanOrEqual(4);
    expect(joined(message)).toContain('All quiet: 960 executions, none failed.');
    expect(joined(message)).toContain('in the previous 24 hours, 31 of them failed');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says so when there were no executions at all', () => {
    const empty = stats({
      summary: summary({ succeeded: 0, failed: 0, cancelled: 0, inProgress: 0 }),
      recentFailures: [],
      sourceSystems: [],
    });
    expect(joined(buildDigestMessage(input({ stats: empty })))).toContain('No executions between');
  });

  it('says when it is late and when it was due', () => {
    const message = buildDigestMessage(input({ late: true, scheduledAt: NOW - 6 * 3_600_000 }));
    expect(joined(message)).toContain('*posted late*: it was due Sat 28 Nov 07:00 Europe/Berlin');
  });

  it('escapes every API string and stays within limits with hostile, huge input', () => {
    const evil = '<!channel> *bold* <https://evil.example|click> & `code`';
    const many = Array.from({ length: 300 }, (_, i) =>
      source(`${evil}-${i}-${'x'.repeat(200)}`, { failed: i + 1 }),
    );
    const message = buildDigestMessage(
      input({
        digestName: evil,
        stats: stats({
          requestId: evil,
          sourceSystems: many,
          recentFailures: Array.from({ length: 60 }, (_, i) =>
            failure(`${evil}-${i}`, { statusReason: evil.repeat(50), workflowId: evil }),
          ),
        }),
      }),
    );
    const text = joined(message);
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil.example');
    expect(text).toContain('&lt;!channel&gt;');
    expect(checkMessageLimits(message)).toEqual([]);
  });
});

describe('the stats-unavailable digest', () => {
  const error = new StatsTimeoutError('GET /v1/executions/stats', {
    requestId: 'req-<1>',
  } as never);
  it('says what failed and when the bot tries again', () => {
    const message = buildUnavailableDigest({
      digestName: 'ops-daily',
      windowLabel: 'yesterday',
      timeZone: 'Europe/Berlin',
      scheduledAt: NOW,
      late: false,
      now: NOW,
      error,
      retryAt: NOW + 5 * 60_000,
    });
    const text = joined(message);
    expect(text).toContain('*Stats unavailable*: the stats API failed (timeout)');
    expect(text).toContain('tries again at Sat 28 Nov 13:05 Europe/Berlin');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says the retry failed too when there is no next try', () => {
    const message = buildUnavailableDigest({
      digestName: 'ops-daily',
      windowLabel: 'yesterday',
      timeZone: 'UTC',
      scheduledAt: NOW,
      late: true,
      now: NOW + 3_600_000,
      error: new Error('boom'),
      retryAt: null,
    });
    expect(joined(message)).toContain('The retry failed too');
    expect(joined(message)).toContain('*posted late*');
    expect(joined(message)).not.toContain('boom');
  });
});
