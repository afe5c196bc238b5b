import { describe, expect, it } from 'vitest';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import type { SlackMessage } from '../../../src/messages/message.js';
import { TREND_BARS } from '../../../src/messages/stats-sections.js';
import type { Stats } from '../../../src/stats/types.js';
import {
  allTexts,
  build,
  failure,
  hourlyBuckets,
  NOW,
  source,
  stats,
  summary,
  window,
} from './fixtures.js';

const joined = (message: SlackMessage) => allTexts(message).join('\n');

describe('buildStatsMessage with no executions', () => {
  const empty = stats({
    summary: summary({ succeeded: 0, failed: 0, cancelled: 0, inProgress: 0 }),
    sourceSystems: [],
    timeSeries: hourlyBuckets(
      24,
      () => 0,
      () => 0,
    ),
    recentFailures: [],
  });
  const message = build({ stats: empty });

  it('says so instead of a table of zeros', () => {
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'actions', 'context']);
    expect(joined(message)).toContain(
      'No executions between Fri 27 Nov 13:00 – Sat 28 Nov 13:00 (Europe/Berlin).',
    );
    expect(joined(message)).not.toContain('*Total*');
    expect(message.text).toBe(
      'Executions · last 24 hours: no executions between Fri 27 Nov 13:00 – Sat 28 Nov 13:00 (Europe/Berlin)',
    );
    expect(checkMessageLimits(message)).toEqual([]);
  });
});

describe('buildStatsMessage for one source system', () => {
  const message = build({ source: 'BILLING' });
  const text = joined(message);

  it('shows that source only, under its own name', () => {
    expect(message.blocks[0]).toMatchObject({
      text: { text: 'Executions · last 24 hours · billing' },
    });
    expect(text).toContain('*Total*\n450');
    expect(text).toContain('*Success rate*\n88.9%');
    expect(text).toContain('*Avg duration*\nn/a per source');
    expect(text).toContain('exec-1');
    expect(text).not.toContain('exec-2');
    expect(text).not.toContain('Top failing source systems');
    expect(message.text).toBe('Executions · last 24 hours · billing: 450 total, 40 failed (8.9%)');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says the trend is not available per source', () => {
    expect(text).toContain('Not available per source system');
    expect(text).not.toMatch(/[▁█]/);
  });

  it('names the known sources when the asked one has no executions', () => {
    const unknown = build({ source: 'payments' });
    expect(joined(unknown)).toContain(
      'No executions from source system *payments* between Fri 27 Nov 13:00',
    );
    expect(joined(unknown)).toContain('Source systems in this window: billing, shipping, search.');
    expect(checkMessageLimits(unknown)).toEqual([]);
  });

  it('keeps the header within 150 characters for a very long source name', () => {
    const long = 'source-'.repeat(100);
    const message = build({
      stats: stats({ sourceSystems: [source(long, { failed: 1 })] }),
      source: long,
    });
    const header = message.blocks[0];
    expect(header?.type === 'header' && header.text.text.length).toBeLessThanOrEqual(150);
    expect(checkMessageLimits(message)).toEqual([]);
  });
});

const HOSTILE = [
  '<!channel>',
  '<!here>',
  '<https://evil.example|click here>',
  '<@U123>',
  'Tom & Jerry',
  '&amp;&lt;',
  '```code``` `x`',
  '*bold* _it_ ~s~',
  '🔥💥 emoji',
  'مرحبا \u202egnirts desrever',
  'line\nbreak\n> quote',
];

/** Every `<` in our texts must start one of our own constructs: a link to the template, a date. */
function foreignAngleBrackets(message: SlackMessage): string[] {
  return allTexts(message).flatMap((t) =>
    [...t.matchAll(/<[^>]*>?/g)]
      .map((m) => m[0])
      .filter((s) => !s.startsWith('<https://app.example.com/') && !s.startsWith('<!date^')),
  );
}

describe('buildStatsMessage with hostile API strings', () => {
  const hostileStats: Stats = stats({
    requestId: '<!channel> req',
    sourceSystems: HOSTILE.map((name, i) => source(name, { failed: i + 1 })),
    recentFailures: HOSTILE.map((value, i) =>
      failure(`${value}-${i}`, {
        workflowId: value,
        sourceSystem: value,
        statusReason: `${value} ${'reason '.repeat(1500)}`,
        finishedAt: { raw: value, ms: null },
      }),
    ),
  });

  it.each([null, '<!channel>', 'Tom & Jerry'])('escapes everything (source %j)', (src) => {
    const message = build({ stats: hostileStats, source: src });
    expect(foreignAngleBrackets(message)).toEqual([]);
    const text = joined(message);
    for (const raw of ['<!channel>', '<!here>', '<@U123>', '<https://evil', '\u202e']) {
      expect(text).not.toContain(raw);
    }
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('shows the hostile values escaped, not dropped', () => {
    const text = joined(build({ stats: hostileStats }));
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('Tom &amp; Jerry');
    expect(text).toContain('&amp;amp;&amp;lt;');
    expect(text).toContain('requestId &lt;!channel&gt; req');
  });

  it('cuts 10,000-character reasons', () => {
    const text = joined(build({ stats: hostileStats }));
    expect(text).not.toContain('reason '.repeat(30));
    expect(text).toMatch(/reason …|reason…/);
  });
});

describe('buildStatsMessage with a huge response', () => {
  const huge = stats({
    summary: summary({ succeeded: 500_000, failed: 20_000, cancelled: 100, inProgress: 3 }),
    sourceSystems: Array.from({ length: 3000 }, (_, i) =>
      source(`source-${i}-${'x'.repeat(40)}`, { succeeded: 100, failed: i % 7 }),
    ),
    timeSeries: hourlyBuckets(2160, (i) => (i * 7) % 13),
    recentFailures: Array.from({ length: 1000 }, (_, i) =>
      failure(`exec-${i}-${'y'.repeat(200)}`, { statusReason: 'z'.repeat(2000) }),
    ),
  });
  const message = build({
    stats: huge,
    window: window({ from: NOW - 90 * 86_400_000, label: 'last 90 days' }),
  });
  const text = joined(message);

  it('fits Slack limits', () => {
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('cuts the lists with "…and N more"', () => {
    const failing = huge.sourceSystems.filter((s) => s.failed > 0).length;
    expect(text).toContain(`…and ${(failing - 5).toLocaleString('en-US')} more\n`);
    expect(text).toContain('…and 19,990 more failed');
  });

  it('draws the 2,160 buckets in a bounded sparkline', () => {
    expect(text).toContain('2,160 hourly buckets, each bar 60 hours');
    const bars = /Failed `([^`]*)`/.exec(text)?.[1] ?? '';
    expect([...bars]).toHaveLength(TREND_BARS);
  });
});
