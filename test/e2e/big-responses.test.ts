import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { createStatsClient, type StatsClient } from '../../src/stats/client.js';
import { messageText } from '../support/e2e-harness.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { type LogEntry, recordingLogger } from '../support/recording-logger.js';
import { postSigned, slashCommandBody } from '../support/slack-request.js';
import { type BotUnderTest, startBot, TEST_SIGNING_SECRET } from '../support/start-bot.js';
import { largeStatsBody } from '../support/stats-body.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';

/**
 * Issue 10: the stats API answers a valid ~45 MB body to several windows at once. The real app on
 * loopback must still answer `/healthz` and a `/exec-stats help` while those bodies are being
 * parsed (in a worker thread), then reply to every window. No timing is asserted: the proof is
 * the order of events. The stats client logs when a big body goes to a worker and when its
 * Stats are back; /healthz and the help ack arrive between the two, which a parse in the event
 * loop (one synchronous block from start to end) could never allow.
 */

const WINDOWS = ['25h', '26h', '27h'];
/** ~45 MB on the wire. */
const SOURCES = 530_000;

describe('big stats answers do not hold up the others', () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let stats: StatsClient;
  let bot: BotUnderTest;
  const log: LogEntry[] = [];
  let payload: Buffer;

  beforeAll(async () => {
    payload = Buffer.from(
      JSON.stringify(largeStatsBody({ sources: SOURCES, buckets: 48, failures: 50 })),
    );
    slack = await startFakeSlack();
    statsApi = await startStatsServer(() => ({ body: payload }));
    stats = createStatsClient({
      baseUrl: statsApi.url,
      token: 'stats-token-for-tests',
      logger: recordingLogger(log),
    });
    bot = await startBot({ slack, stats, clock: systemClock });
  }, 60_000);

  afterAll(async () => {
    await bot?.stop();
    await stats?.close();
    await statsApi?.close();
    await slack?.close();
  });

  const count = (message: string) => log.filter((entry) => entry.message === message).length;
  const parsing = () => count('parsing a big stats body in a worker');
  const parsed = () => count('big stats body parsed in a worker');

  it('answers /healthz and help while 45 MB answers are parsed, then replies to every window', async () => {
    expect(payload.length).toBeGreaterThan(45_000_000);
    const ids = WINDOWS.map((_, i) => `big-${i}`);
    const acks = await Promise.all(
      WINDOWS.map((text, i) =>
        postSigned(
          bot.eventsUrl,
          TEST_SIGNING_SECRET,
          slashCommandBody({ text, responseUrl: slack.responseUrl(ids[i] as string) }),
        ),
      ),
    );
    expect(acks.map((ack) => ack.status)).toEqual([200, 200, 200]);

    // The first big body is in a worker: now ask the others.
    await slack.waitFor(() => parsing() > 0, 30_000);
    const replied = () => slack.responses.filter((post) => ids.includes(post.id)).length;

    const health = await fetch(`${bot.baseUrl}/healthz`);
    const atHealth = { parsing: parsing(), parsed: parsed(), replied: replied() };
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const help = await postSigned(
      bot.eventsUrl,
      TEST_SIGNING_SECRET,
      slashCommandBody({ text: 'help', responseUrl: slack.responseUrl('help') }),
    );
    const atHelp = { parsing: parsing(), parsed: parsed(), replied: replied() };
    expect(help.status).toBe(200);
    expect(messageText(help.json ?? {})).toContain('*Usage:* `/exec-stats [WINDOW]');

    // Both answered while a big body was still between "to a worker" and "back", and before
    // the last big reply.
    expect(atHealth.parsing).toBeGreaterThan(atHealth.parsed);
    expect(atHelp.parsing).toBeGreaterThan(atHelp.parsed);
    expect(atHelp.replied).toBeLessThan(WINDOWS.length);

    // Then every window gets its reply, from the big body.
    await slack.waitFor(() => replied() === WINDOWS.length, 60_000);
    for (const [i, text] of WINDOWS.entries()) {
      const reply = slack.responses.find((post) => post.id === ids[i]);
      const shown = messageText(reply?.body ?? {});
      expect(shown).toContain(`Executions · last ${text.replace('h', ' hours')}`);
      expect(shown).toContain('Top failing source systems');
      expect(shown).toContain('req-large');
    }
    expect(parsed()).toBe(WINDOWS.length);
    expect(statsApi.calls).toHaveLength(WINDOWS.length);
  }, 90_000);
});
