import { describe, expect, it } from 'vitest';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import { ACTION_IDS, type SlackMessage } from '../../../src/messages/message.js';
import { sparkline } from '../../../src/messages/sparkline.js';
import { TREND_BARS } from '../../../src/messages/stats-sections.js';
import {
  allTexts,
  build,
  failure,
  hourlyBuckets,
  NOW,
  stats,
  summary,
  timestamp,
  window,
} from './fixtures.js';

const joined = (message: SlackMessage) => allTexts(message).join('\n');

describe('buildStatsMessage, the usual case', () => {
  const message = build();
  const text = joined(message);

  it('is within Slack limits', () => {
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('has the header, the exact window and the granularity', () => {
    expect(message.blocks[0]).toMatchObject({
      type: 'header',
      text: { type: 'plain_text', text: 'Executions · last 24 hours' },
    });
    expect(text).toContain('Fri 27 Nov 13:00 – Sat 28 Nov 13:00 (Europe/Berlin) · hourly');
    expect(text).not.toContain('cut at now');
  });

  it.each([
    ['Total', '1,020'],
    ['Succeeded', '900'],
    ['Failed', '60'],
    ['Cancelled', '40'],
    ['In progress', '20'],
    ['Success rate', '90%'],
    ['Avg duration', '1m 23s'],
  ])('shows %s as %s', (label, value) => {
    expect(text).toContain(`*${label}*\n${value}`);
  });

  it('draws the trend of failures and totals over the buckets', () => {
    const buckets = stats().timeSeries;
    expect(text).toContain(
      `\`${sparkline(
        buckets.map((b) => b.failed),
        TREND_BARS,
      )}\``,
    );
    expect(text).toContain(
      `\`${sparkline(
        buckets.map((b) => b.total),
        TREND_BARS,
      )}\``,
    );
    expect(text).toContain('24 hourly buckets, Fri 27 Nov 13:00 → Sat 28 Nov 12:00');
  });

  it('lists failing source systems worst first, with failed / total and rate', () => {
    const billing = text.indexOf('• *billing*: 40 / 450 failed · 8.9%');
    const shipping = text.indexOf('• *shipping*: 20 / 350 failed · 5.7%');
    expect(billing).toBeGreaterThan(-1);
    expect(shipping).toBeGreaterThan(billing);
    expect(text).not.toContain('*search*');
  });

  it('links the latest failures and says how many more failed', () => {
    expect(text).toContain(
      '• <https://app.example.com/executions/exec-1|exec-1> · nightly-sync · billing · 5 min ago',
    );
    expect(text).toContain('↳ Timeout after 30s');
    expect(text).toContain('*Latest failed executions* (2 of 60)');
    expect(text).toContain('…and 58 more failed');
  });

  it('ends with a Refresh button and the footer', () => {
    expect(message.blocks.at(-2)).toMatchObject({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTION_IDS.refresh,
          value: 'refresh:24h',
          text: { text: 'Refresh' },
        },
      ],
    });
    expect(text).toMatch(
      /requestId abc-123 · generated <!date\^\d+\^[^|]+\|Sat 28 Nov 13:00 Europe\/Berlin>/,
    );
  });

  it('has a one-line fallback text', () => {
    expect(message.text).toBe('Executions · last 24 hours: 1,020 total, 60 failed (6%)');
  });
});

describe('buildStatsMessage variants', () => {
  it.each([
    {
      name: 'cut at now',
      input: { window: window({ cutAtNow: true }) },
      has: '· hourly · cut at now',
    },
    { name: 'daily', input: { granularity: 'daily' as const }, has: '(Europe/Berlin) · daily' },
    {
      name: 'daily instead of hourly on a long window',
      input: { granularity: 'daily' as const, hourlyTooLong: true },
      has: '(Europe/Berlin) · daily (hourly is available for windows up to 7 days)',
    },
    {
      name: 'ephemeral hint',
      input: { visibility: 'ephemeral' as const },
      has: 'add `public` to share it',
    },
    {
      name: 'no requestId',
      input: { stats: stats({ requestId: null }) },
      has: 'no requestId · generated',
    },
    {
      name: 'success rate n/a when nothing finished',
      input: {
        stats: stats({
          summary: summary({ succeeded: 0, failed: 0, cancelled: 0, inProgress: 7 }),
          recentFailures: [],
        }),
      },
      has: '*Success rate*\nn/a',
    },
    {
      name: 'average duration unknown',
      input: { stats: stats({ summary: { ...summary(), averageDurationMs: null } }) },
      has: '*Avg duration*\nn/a',
    },
    {
      name: 'no buckets from the API',
      input: { stats: stats({ timeSeries: [] }) },
      has: 'The API returned no buckets.',
    },
    {
      name: 'failures counted but none listed',
      input: { stats: stats({ recentFailures: [] }) },
      has: 'The API listed none of these failures.',
    },
  ])('$name', ({ input, has }) => {
    const message = build(input);
    expect(joined(message)).toContain(has);
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('has no button without a refresh value, and no hint when public', () => {
    const message = build({ refreshValue: null, visibility: 'public' });
    expect(message.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(joined(message)).not.toContain('public');
  });

  it.each([
    [{ raw: 'soon-ish', ms: null }, 'soon-ish'],
    [{ raw: '<b>tomorrow</b>', ms: null }, '&lt;b&gt;tomorrow&lt;/b&gt;'],
    [null, 'not finished'],
    [{ raw: '', ms: null }, 'not finished'],
    [{ raw: '2026-11-26T12:00:00Z', ms: Date.parse('2026-11-26T12:00:00Z') }, '2 days ago'],
  ])('shows finishedAt %j as %s', (finishedAt, shown) => {
    const message = build({ stats: stats({ recentFailures: [failure('e', { finishedAt })] }) });
    expect(joined(message)).toContain(`· billing · ${shown}\n`);
  });

  it.each([
    ['a/b?c#d', '<https://app.example.com/executions/a%2Fb%3Fc%23d|a/b?c#d>'],
    ['x|y>z', '<https://app.example.com/executions/x%7Cy%3Ez|x|y&gt;z>'],
    ['<!channel>', '<https://app.example.com/executions/%3C%21channel%3E|&lt;!channel&gt;>'],
  ])('URL-encodes execution ID %j inside its link', (id, link) => {
    const message = build({ stats: stats({ recentFailures: [failure(id)] }) });
    expect(joined(message)).toContain(`• ${link} ·`);
  });

  it('shows IDs without a link when the template is unusable', () => {
    const message = build({ executionUrlTemplate: 'ftp://x/{executionId}' });
    expect(joined(message)).toContain('• exec-1 · nightly-sync');
    expect(joined(message)).not.toContain('ftp://');
  });
});

describe('buildStatsMessage, a window that does not start or end on the hour', () => {
  // 24 hours to 11:27: the first hourly bucket (11:00 the day before) has 33 minutes in the
  // window, the last (11:00) has 27. A steady 2 executions a minute, one in ten failing.
  const to = NOW - 33 * 60_000;
  const from = to - 24 * 3_600_000;
  const minutesIn = (i: number) => (i === 0 ? 33 : i === 24 ? 27 : 60);
  const steady = (i: number, perMinute: number) => minutesIn(i) * perMinute;
  const buckets = (lastFailed?: number) =>
    hourlyBuckets(
      25,
      (i) => (i === 24 && lastFailed !== undefined ? lastFailed : steady(i, 0.2)),
      (i) => steady(i, 2),
    ).map((bucket, i) => ({
      ...bucket,
      bucketStart: timestamp(from - 27 * 60_000 + i * 3_600_000),
    }));
  const render = (lastFailed?: number) =>
    joined(
      build({
        stats: stats({ timeSeries: buckets(lastFailed) }),
        window: window({ from, to }),
      }),
    );

  it('draws the partial first and last hours scaled, so a steady flow reads flat, and says so', () => {
    const text = render();
    expect(text).toContain(`Failed \`${'█'.repeat(25)}\` peak 12`);
    expect(text).toContain(`Total  \`${'█'.repeat(25)}\` peak 120`);
    expect(text).toContain('The first and last hours are partial, scaled to a full hour.');
  });

  it('says "≈" when the tallest bar is a partial hour scaled up', () => {
    // 27 failures in 27 minutes: 60 an hour, against 12 in every whole hour.
    const text = render(27);
    expect(text).toContain(`Failed \`${'▂'.repeat(24)}█\` peak ≈60`);
  });

  it('has no note when the window lies on bucket boundaries', () => {
    expect(joined(build())).not.toContain('partial');
  });
});
