import { describe, expect, it } from 'vitest';
import {
  buildAlreadySubscribedMessage,
  buildSubscriptionCapMessage,
} from '../../../src/messages/digest-subscriptions.js';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import { allTexts } from './fixtures.js';

const NOW = Date.UTC(2026, 10, 28, 12);

describe('buildSubscriptionCapMessage', () => {
  it('names the channel cap, the digests there and how to remove one', () => {
    const message = buildSubscriptionCapMessage({
      cap: 'channel',
      limit: 5,
      names: ['daily-0900', 'daily-0900-1h', 'daily-0900-2h', 'daily-0900-3h', 'weekdays-0800'],
    });
    const text = allTexts(message).join('\n');
    expect(text).toContain('the cap is *5 per channel*');
    expect(text).toContain('nothing was added');
    expect(text).toContain('`/exec-stats unsubscribe NAME`');
    expect(text).toContain('`/exec-stats subscriptions`');
    expect(text).toContain('`daily-0900-1h`');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('names the person cap and where their digests are', () => {
    const message = buildSubscriptionCapMessage({
      cap: 'user',
      limit: 10,
      own: Array.from({ length: 10 }, (_, i) => ({ channel: `C${i}`, name: `daily-090${i}` })),
    });
    const text = allTexts(message).join('\n');
    expect(text).toContain('the cap is *10 per person*, across channels');
    expect(text).toContain('<#C3> `daily-0903`');
    expect(text).toContain('`/exec-stats unsubscribe NAME`');
    expect(text).toContain('`/exec-stats subscriptions`');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('escapes names and stays within Slack limits with many of them', () => {
    const message = buildSubscriptionCapMessage({
      cap: 'user',
      limit: 10,
      own: Array.from({ length: 200 }, (_, i) => ({
        channel: `C${i}`,
        name: `<!here>${'x'.repeat(200)}`,
      })),
    });
    const text = allTexts(message).join('\n');
    expect(text).not.toContain('<!here>');
    expect(checkMessageLimits(message)).toEqual([]);
  });
});

describe('buildAlreadySubscribedMessage', () => {
  it('says which digest is already there and that nothing was added', () => {
    const message = buildAlreadySubscribedMessage(
      {
        name: 'daily-1830',
        origin: 'slack',
        description: 'daily at 18:30, window 24h',
        schedule: null,
        timeZone: 'Asia/Tokyo',
        nextRun: Date.UTC(2026, 10, 28, 9, 30),
      },
      NOW,
    );
    const text = allTexts(message).join('\n');
    expect(text).toContain('already has this digest: *daily-1830*');
    expect(text).toContain('daily at 18:30, window 24h (Asia/Tokyo)');
    expect(text).toContain('Nothing added');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('marks one from the config file', () => {
    const text = allTexts(
      buildAlreadySubscribedMessage(
        {
          name: 'ops-weekly',
          origin: 'config',
          description: 'window 24h',
          schedule: '0 8 * * 1',
          timeZone: 'UTC',
          nextRun: null,
        },
        NOW,
      ),
    ).join('\n');
    expect(text).toContain('*ops-weekly* (from the config file)');
  });
});
