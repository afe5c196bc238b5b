import { describe, expect, it } from 'vitest';
import {
  buildInvalidInputMessage,
  buildStatsErrorMessage,
} from '../../../src/messages/error-messages.js';
import { buildHelpMessage } from '../../../src/messages/help.js';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import {
  StatsHttpError,
  StatsInvalidResponseError,
  StatsNetworkError,
  StatsResponseTooLargeError,
  StatsTimeoutError,
} from '../../../src/stats/errors.js';
import { allTexts } from './fixtures.js';

const request = { method: 'GET', url: 'https://stats.example.com/v1/executions/stats?from=1&to=2' };
const USAGE =
  'Usage: /exec-stats [WINDOW] [hourly|daily] [source:NAME] [public]\n  WINDOW: 24h, `today`';

describe('buildStatsErrorMessage', () => {
  it.each([
    {
      error: new StatsTimeoutError('no answer', { ...request, requestId: 'r-1' }),
      says: ['The stats API did not answer in time.', 'Try again in a minute', 'requestId r-1'],
    },
    {
      error: new StatsHttpError('failed', {
        ...request,
        status: 500,
        apiMessage: 'database down',
        requestId: 'abc-123',
      }),
      says: [
        'The stats API failed (HTTP 500: database down).',
        'Try again in a minute.',
        'requestId abc-123',
      ],
    },
    {
      error: new StatsHttpError('failed', { ...request, status: 503 }),
      says: ['The stats API failed (HTTP 503).', 'no requestId'],
    },
    {
      error: new StatsHttpError('rejected', {
        ...request,
        status: 400,
        apiMessage: '<!channel> bad `from`',
      }),
      says: ['rejected the request (HTTP 400: &lt;!channel&gt; bad ˋfromˋ)', 'Try another window'],
    },
    {
      error: new StatsHttpError('refused', { ...request, status: 401 }),
      says: ['refused our credentials (HTTP 401)', 'STATS_API_TOKEN'],
    },
    {
      error: new StatsHttpError('missing', { ...request, status: 404 }),
      says: ['not found at the configured address (HTTP 404)', 'STATS_API_URL'],
    },
    {
      error: new StatsHttpError('slow down', { ...request, status: 429 }),
      says: ['asked us to slow down (HTTP 429)', 'Try again in a minute.'],
    },
    {
      error: new StatsInvalidResponseError('bad body', { ...request, path: 'data.summary.total' }),
      says: ['a response we could not read (at `data.summary.total`)', 'STATS_API_URL'],
    },
    {
      error: new StatsResponseTooLargeError('too big', request),
      says: ['more data than we accept', 'shorter window'],
    },
    {
      error: new StatsNetworkError('refused', request),
      says: ['Could not reach the stats API.', 'STATS_API_URL'],
    },
    {
      error: new Error('TypeError: x is undefined\n    at secret (/app/src/x.ts:1:1)'),
      says: ['Something went wrong on our side.', 'Try again in a minute.'],
    },
    { error: 'a thrown string', says: ['Something went wrong on our side.'] },
  ])('$error.name: $says.0', ({ error, says }) => {
    const message = buildStatsErrorMessage(error, 'last 24 hours');
    const text = allTexts(message).join('\n');
    for (const part of says) expect(text).toContain(part);
    expect(text).toContain('Could not get executions for last 24 hours.');
    expect(text).not.toMatch(/\n\s+at |secret|stats\.example\.com/);
    expect(message.text).not.toContain('\n');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('cuts a huge API message', () => {
    const error = new StatsHttpError('failed', {
      ...request,
      status: 500,
      apiMessage: 'e'.repeat(50_000),
    });
    const message = buildStatsErrorMessage(error, 'last 24 hours');
    expect(checkMessageLimits(message)).toEqual([]);
    expect(allTexts(message).join('').length).toBeLessThan(2000);
  });
});

const SEE_HELP = 'See `/exec-stats help` for everything it understands.';

describe('buildInvalidInputMessage', () => {
  it('names the offending part, escaped, with the hint under it', () => {
    const message = buildInvalidInputMessage('Unknown word "<!channel>".', SEE_HELP);
    const text = allTexts(message).join('\n');
    expect(text).toContain(':warning: Unknown word "&lt;!channel&gt;".');
    expect(text).toContain(SEE_HELP);
    expect(text).not.toContain('<!channel>');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('is one section of two lines: read on a phone at a glance', () => {
    const message = buildInvalidInputMessage('`banana` is not understood', SEE_HELP);
    expect(message.blocks).toEqual([
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:warning: \`banana\` is not understood\n${SEE_HELP}`,
          verbatim: true,
        },
      },
    ]);
    expect(message.text).toBe('/exec-stats: `banana` is not understood');
  });

  it('keeps a reason on one line, and cuts a very long one', () => {
    const message = buildInvalidInputMessage(`a\nb ${'x'.repeat(2000)}`, SEE_HELP);
    const [first, second, ...rest] = allTexts(message)[1]?.split('\n') ?? [];
    expect(first).toMatch(/^:warning: a b x+…$/);
    expect(first?.length).toBeLessThanOrEqual(520);
    expect(second).toBe(SEE_HELP);
    expect(rest).toEqual([]);
  });

  it('escapes & < > in a hint too: it is our text, but read as mrkdwn', () => {
    const message = buildInvalidInputMessage('bad', 'Usage: `a <b> & c`');
    expect(allTexts(message).join('\n')).toContain('Usage: `a &lt;b&gt; &amp; c`');
  });
});

it('keeps the inline code the grammar put around the offending word', () => {
  const message = buildInvalidInputMessage('`banana` is not understood', SEE_HELP);
  const text = allTexts(message).join('\n');
  expect(text).toContain(':warning: `banana` is not understood');
  expect(text).not.toContain('ˋ');
});

describe('buildHelpMessage', () => {
  const message = buildHelpMessage(USAGE);
  const text = allTexts(message).join('\n');

  it('shows the usage as the grammar wrote it, inline code kept', () => {
    expect(text).toContain('Usage: /exec-stats [WINDOW]');
    expect(text).toContain('WINDOW: 24h, `today`');
    expect(text).not.toContain('ˋ');
    expect(checkMessageLimits(message)).toEqual([]);
  });

  it('says what the command does', () => {
    expect(text).toContain('*/exec-stats* shows how executions are doing');
    expect(message.text).toContain('/exec-stats');
  });
});
