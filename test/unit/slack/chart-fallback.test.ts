import { describe, expect, it } from 'vitest';
import {
  noChart,
  refusedByResponseUrl,
  sendWithChartFallback,
} from '../../../src/slack/chart-fallback.js';
import { SlackPostError } from '../../../src/slack/slack-failure.js';
import { recordingLogger } from '../../support/recording-logger.js';

const charted = { text: 'with chart', blocks: [] };
const plain = { text: 'with text trend', blocks: [] };
const platformError = (error: string) => Object.assign(new Error(error), { data: { error } });

describe('sendWithChartFallback', () => {
  it('sends the text version when Slack refuses the blocks of a message with a chart', async () => {
    const sent: string[] = [];
    const log = recordingLogger();
    const result = await sendWithChartFallback(
      { message: charted, plain },
      async (m) => {
        sent.push(m.text);
        if (m === charted) throw new SlackPostError('k', 'C1', 'invalid_blocks');
        return 'ok';
      },
      log,
    );
    expect(result).toBe('ok');
    expect(sent).toEqual(['with chart', 'with text trend']);
    expect(log.entries.map((e) => e.level)).toEqual(['warn']);
  });

  it('also for a Web API platform error, and for nothing else', async () => {
    const log = recordingLogger();
    const refused = (error: string) => async (m: typeof charted) => {
      if (m === charted) throw platformError(error);
      return m.text;
    };
    await expect(
      sendWithChartFallback({ message: charted, plain }, refused('invalid_blocks'), log),
    ).resolves.toBe('with text trend');
    await expect(
      sendWithChartFallback({ message: charted, plain }, refused('not_in_channel'), log),
    ).rejects.toThrow('not_in_channel');
    await expect(
      sendWithChartFallback(noChart(charted), refused('invalid_blocks'), log),
    ).rejects.toThrow('invalid_blocks');
  });

  it('a response_url refuses with a 4xx other than 429', () => {
    const status = (statusCode: number) => Object.assign(new Error('respond'), { statusCode });
    expect([400, 404, 429, 500].map((s) => refusedByResponseUrl(status(s)))).toEqual([
      true,
      true,
      false,
      false,
    ]);
    expect(refusedByResponseUrl(new Error('network'))).toBe(false);
  });
});
