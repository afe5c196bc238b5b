import { describe, expect, it } from 'vitest';
import { chartBlock, MAX_IMAGE_ALT_TEXT } from '../../../src/messages/chart-block.js';
import { checkMessageLimits } from '../../../src/messages/limits.js';

describe('chartBlock', () => {
  it('shows the uploaded file by its ID, with its alt text and title', () => {
    expect(
      chartBlock({ fileId: 'F123', altText: 'Failed per hour', title: 'Last 24 hours' }),
    ).toEqual({
      type: 'image',
      slack_file: { id: 'F123' },
      alt_text: 'Failed per hour',
      title: { type: 'plain_text', text: 'Last 24 hours', emoji: true },
    });
  });

  it('cuts a long alt text to Slack limit, never leaves it empty, and omits an empty title', () => {
    const long = chartBlock({ fileId: 'F1', altText: 'x'.repeat(5_000) });
    expect(long.type === 'image' && long.alt_text.length).toBe(MAX_IMAGE_ALT_TEXT);
    const empty = chartBlock({ fileId: 'F1', altText: '  ', title: '' });
    expect(empty).toEqual({ type: 'image', slack_file: { id: 'F1' }, alt_text: 'Chart' });
    expect(checkMessageLimits({ text: 'chart', blocks: [long, empty] })).toEqual([]);
  });
});
