import { describe, expect, it } from 'vitest';
import { mrkdwnToDisplay, renderForTerminal } from '../../../src/dev/terminal.js';
import { buttonsBlock, contextBlock } from '../../../src/messages/blocks.js';
import { buildStatsMessage } from '../../../src/messages/stats-message.js';
import { failure, NOW, stats, window } from '../messages/fixtures.js';

const message = buildStatsMessage({
  stats: stats({
    recentFailures: [failure('exec-1', { statusReason: '<!channel> & *friends*' })],
  }),
  window: window(),
  granularity: 'hourly',
  source: null,
  now: NOW,
  executionUrlTemplate: 'https://app.example.com/executions/{executionId}',
  refreshValue: 'r',
});

describe('renderForTerminal of a stats message', () => {
  const text = renderForTerminal(message, { width: 80 });
  const lines = text.split('\n');

  it.each([
    ['the header, underlined', /^Executions · last 24 hours\n═{26}$/m],
    ['the window', /Fri 27 Nov 13:00 – Sat 28 Nov 13:00 \(Europe\/Berlin\) · hourly/],
    ['fields in two columns', /^Total {2,}Succeeded\n1,020 {2,}900$/m],
    ['the success rate', /^In progress {2,}Success rate\n20 {2,}90%$/m],
    ['links as label (url)', /exec-1 \(https:\/\/app\.example\.com\/executions\/exec-1\)/],
    ['entities unescaped', /↳ <!channel> & ∗friends∗/],
    ['the button', /^\[ Refresh \]$/m],
    [
      'the footer with the date fallback',
      /requestId abc-123 · generated Sat 28 Nov 13:00 Europe\/Berlin/,
    ],
  ])('shows %s', (_name, pattern) => {
    expect(text).toMatch(pattern);
  });

  it('has no markup left', () => {
    expect(text).not.toMatch(/\*Total\*|`|&amp;|&lt;|<!date/);
  });

  it('wraps at the width and uses no color by default', () => {
    expect(text).not.toContain('\u001b[');
    for (const line of lines) {
      if (line.includes(' ')) expect([...line].length).toBeLessThanOrEqual(80);
    }
  });

  it('colors headers bold and context dim when asked', () => {
    const esc = String.fromCharCode(27);
    const colored = renderForTerminal(message, { color: true });
    expect(colored).toContain(`${esc}[1mExecutions · last 24 hours${esc}[22m`);
    const footer = colored.split('\n').find((line) => line.includes('requestId abc-123'));
    expect(footer?.startsWith(`${esc}[2m`)).toBe(true);
  });
});

describe('renderForTerminal of other messages', () => {
  it.each([
    [{ text: 'just &lt;text&gt;', blocks: [] }, 'just <text>'],
    [
      {
        text: 't',
        blocks: [{ type: 'image' as const, image_url: 'https://x/i.png', alt_text: 'i' }],
      },
      '[image block]',
    ],
    [{ text: 't', blocks: [contextBlock(['a', 'b'])] }, 'a  b'],
    [
      {
        text: 't',
        blocks: [
          buttonsBlock([
            { text: 'Ack', actionId: 'a', value: 'v' },
            { text: 'Mute 1h', actionId: 'b', value: 'v' },
          ]),
        ],
      },
      '[ Ack ] [ Mute 1h ]',
    ],
    [{ text: 't', blocks: [{ type: 'divider' as const }] }, '─'.repeat(30)],
  ])('%j', (input, expected) => {
    expect(renderForTerminal(input, { width: 30 })).toBe(expected);
  });
});

describe('mrkdwnToDisplay', () => {
  it.each([
    ['*bold* and _it_ and ~gone~', 'bold and it and gone'],
    ['`code` stays', 'code stays'],
    ['a*b*c and snake_case_name', 'a*b*c and snake_case_name'],
    ['<https://x.example/a_b_*c*|label>', 'label (https://x.example/a_b_*c*)'],
    ['<https://x.example/>', 'https://x.example/'],
    ['<!date^1795867200^{date}|28 Nov>', '28 Nov'],
    ['hi <@U123> in <#C1|ops> <!here>', 'hi @U123 in ops @here'],
    ['```line1\nline2```', '  line1\n  line2'],
    ['&amp;lt; is shown as typed', '&lt; is shown as typed'],
    [':warning: banana is not understood', '⚠️ banana is not understood'],
    [':white_check_mark: done :unknown_code: stays', '✅ done :unknown_code: stays'],
    [
      '<https://x.example/:warning:/a|x> at 10:30:45',
      'x (https://x.example/:warning:/a) at 10:30:45',
    ],
  ])('%j -> %j', (input, expected) => {
    expect(mrkdwnToDisplay(input)).toBe(expected);
  });
});
