import { describe, expect, it } from 'vitest';
import {
  capReached,
  STAGGER_SLOTS,
  STAGGER_STEP_MS,
  SUBSCRIPTION_LIMITS,
  sameDigest,
  staggerMs,
} from '../../../src/digests/subscription-limits.js';

describe('the caps on subscriptions', () => {
  const limits = { perChannel: 5, perUser: 10 };

  it('are 5 per channel and 10 per person by default', () => {
    expect(SUBSCRIPTION_LIMITS).toEqual({ perChannel: 5, perUser: 10 });
  });

  it('let one more in below both caps', () => {
    expect(capReached({ inChannel: 0, byUser: 0 }, limits)).toBeNull();
    expect(capReached({ inChannel: 4, byUser: 9 }, limits)).toBeNull();
  });

  it('refuse at the channel cap first, then at the person cap', () => {
    expect(capReached({ inChannel: 5, byUser: 0 }, limits)).toEqual({ cap: 'channel', limit: 5 });
    expect(capReached({ inChannel: 150, byUser: 150 }, limits)).toEqual({
      cap: 'channel',
      limit: 5,
    });
    expect(capReached({ inChannel: 2, byUser: 10 }, limits)).toEqual({ cap: 'user', limit: 10 });
  });
});

describe('sameDigest', () => {
  const base = { schedule: '0 9 * * 1-5', timezone: 'Europe/Berlin', window: '24h' };

  it('is the same schedule, zone and window', () => {
    expect(sameDigest(base, { ...base })).toBe(true);
    expect(sameDigest(base, { ...base, schedule: ' 0  9 * * 1-5 ' })).toBe(true);
  });

  it('differs on any of the three', () => {
    expect(sameDigest(base, { ...base, schedule: '1 9 * * 1-5' })).toBe(false);
    expect(sameDigest(base, { ...base, timezone: 'UTC' })).toBe(false);
    expect(sameDigest(base, { ...base, window: 'yesterday' })).toBe(false);
  });
});

describe('staggerMs', () => {
  it('is a whole second within the first seconds of the minute, the same for an id every time', () => {
    for (const id of ['C1/daily-0900', 'C2/daily-0900', 'ops-daily', '']) {
      const delay = staggerMs(id);
      expect(delay).toBe(staggerMs(id));
      expect(delay % STAGGER_STEP_MS).toBe(0);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(STAGGER_SLOTS * STAGGER_STEP_MS);
    }
  });

  it('spreads many digests of the same minute over every slot, none with many more than its share', () => {
    const counts = new Array<number>(STAGGER_SLOTS).fill(0);
    for (let i = 0; i < 1000; i++) {
      const slot = staggerMs(`C${String(i).padStart(9, '0')}/daily-0900`) / STAGGER_STEP_MS;
      counts[slot] = (counts[slot] ?? 0) + 1;
    }
    expect(Math.min(...counts)).toBeGreaterThan(50);
    expect(Math.max(...counts)).toBeLessThan(150);
  });
});
