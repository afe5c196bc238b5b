import { describe, expect, it } from 'vitest';
import { failureStreak } from '../../../src/logging/failure-streak.js';
import { recordingLogger } from '../../support/recording-logger.js';

const T0 = Date.parse('2026-11-28T10:00:00Z');

describe('a failure streak', () => {
  it('says the first failure at error level, the next ones at debug, and the recovery once', () => {
    const logger = recordingLogger();
    const streak = failureStreak(logger, 'the alert cycle');
    streak.succeeded(T0); // nothing failed: nothing to say
    for (let i = 0; i < 5; i += 1) streak.failed(new Error('state DB down'), T0 + i * 60_000);
    streak.succeeded(T0 + 5 * 60_000);
    streak.succeeded(T0 + 6 * 60_000);
    expect(logger.entries.map((e) => `${e.level} ${e.message}`)).toEqual([
      'error the alert cycle failed; said once until it works again',
      'debug the alert cycle failed again',
      'debug the alert cycle failed again',
      'debug the alert cycle failed again',
      'debug the alert cycle failed again',
      'info the alert cycle works again',
    ]);
    expect(logger.entries.at(-1)?.fields).toEqual({
      failures: 5,
      since: '2026-11-28T10:00:00.000Z',
      forMs: 300_000,
    });
  });

  it('starts a new streak after a recovery', () => {
    const logger = recordingLogger();
    const streak = failureStreak(logger, 'x');
    streak.failed(new Error('a'), T0);
    streak.succeeded(T0 + 1);
    streak.failed(new Error('b'), T0 + 2);
    expect(logger.entries.filter((e) => e.level === 'error')).toHaveLength(2);
  });
});
