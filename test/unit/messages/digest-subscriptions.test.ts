import { describe, expect, it } from 'vitest';
import {
  buildSubscribedMessage,
  buildSubscriptionsList,
  type DigestListing,
} from '../../../src/messages/digest-subscriptions.js';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import { allTexts } from './fixtures.js';

const NOW = Date.UTC(2026, 10, 28, 12);
const NEXT = Date.UTC(2026, 10, 30, 8);

function listing(overrides: Partial<DigestListing> = {}): DigestListing {
  return {
    name: 'ops-weekly',
    origin: 'config',
    description: 'window 7d',
    schedule: '0 8 * * 1',
    timeZone: 'UTC',
    nextRun: NEXT,
    ...overrides,
  };
}

const shown = (items: DigestListing[]) =>
  allTexts(buildSubscriptionsList(items, NOW)).slice(1).join('\n');

describe('buildSubscriptionsList', () => {
  it('shows a YAML digest cron exactly, as inline code, so it can be copied back', () => {
    const text = shown([listing()]);
    expect(text).toContain('• *ops-weekly*: `0 8 * * 1`, window 7d · next Mon 30 Nov 08:00 UTC');
    expect(text).toContain('_(config file: cannot be removed from Slack)_');
    expect(text).not.toMatch(/[∗ˍ∼ˋ]/);
  });

  it.each([
    '*/15 * * * *',
    '0 9 * * 1-5',
    '0 0 1,15 * *',
    '30 6 * * MON-FRI',
    '0 */2 * * *',
    '15 10 * * 1#2',
  ])('keeps %s character for character', (cron) => {
    expect(shown([listing({ schedule: cron })])).toContain(`\`${cron}\``);
  });

  it('describes a subscription in words, with no cron', () => {
    const text = shown([
      listing({
        name: 'weekdays-0900',
        origin: 'slack',
        description: 'weekdays at 09:00, window 24h',
        schedule: null,
      }),
    ]);
    const line = text.split('\n').find((l) => l.includes('weekdays-0900')) ?? '';
    expect(line).toMatch(/^• \*weekdays-0900\*: weekdays at 09:00, window 24h · next /);
    expect(line).not.toContain('`');
    expect(text).not.toContain('config file');
  });

  it('escapes a hostile schedule: no mention, and a backtick cannot open markup', () => {
    const text = shown([
      listing({ schedule: '<!channel> 0 8 * * 1' }),
      listing({ name: 'two', schedule: '0 8 ` *bold* ` 1' }),
    ]);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('`&lt;!channel&gt; 0 8 * * 1`');
    expect(text).toContain('• *two*: 0 8 ˋ ∗bold∗ ˋ 1, window 7d');
    expect(text).not.toContain('*bold*');
  });

  it('says when a schedule never runs again', () => {
    expect(shown([listing({ nextRun: null })])).toContain('· no next run');
  });

  it('lists 40, counts the rest, and stays within Slack limits', () => {
    const items = Array.from({ length: 45 }, (_, i) =>
      listing({ name: `digest-${i}-${'x'.repeat(70)}`, schedule: `${i % 60} 8 * * 1` }),
    );
    const message = buildSubscriptionsList(items, NOW);
    const text = allTexts(message).join('\n');
    expect(text).toContain('…and 5 more');
    for (let i = 0; i < 40; i += 1) expect(text).toContain(`*: \`${i % 60} 8 * * 1\`, window 7d`);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('answers an empty channel with how to add one', () => {
    expect(shown([])).toContain('`/exec-stats subscribe daily 09:00`');
  });
});

describe('buildSubscribedMessage', () => {
  it('says who subscribed which digest, when it runs next, and how to stop it', () => {
    const message = buildSubscribedMessage(
      {
        ...listing({
          name: 'daily-0900',
          origin: 'slack',
          description: 'daily at 09:00, window 24h',
          schedule: null,
          timeZone: 'Europe/Berlin',
        }),
        userId: 'U0ALICE',
      },
      NOW,
    );
    const text = allTexts(message).join('\n');
    expect(text).toContain(
      '<@U0ALICE> subscribed this channel to the digest *daily-0900*: daily at 09:00, window 24h (Europe/Berlin), next',
    );
    expect(text).toContain('`/exec-stats unsubscribe daily-0900`');
    expect(checkMessageLimits(message)).toEqual([]);
  });
});
