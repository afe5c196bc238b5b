import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HTTP_LIMITS } from '../../src/app.js';
import { createStatsClient } from '../../src/stats/client.js';
import { type FakeSlack, startFakeSlack } from '../support/fake-slack.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import { postSigned, slashCommandBody } from '../support/slack-request.js';
import { type BotUnderTest, startBot, TEST_SIGNING_SECRET } from '../support/start-bot.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';

/**
 * The HTTP server Slack posts to, against slow and piled-up connections: raw sockets on loopback.
 * The bot runs with shortened limits so the tests are quick; the production values are checked
 * against Slack's 3 s.
 */
describe('HTTP hygiene of the receiver', { timeout: 90_000 }, () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let bot: BotUnderTest;
  let closeStats: () => Promise<void>;
  const sockets: Socket[] = [];

  async function start(limits: Parameters<typeof startBot>[0]['httpLimits']) {
    slack = await startFakeSlack();
    statsApi = await startStatsServer(simulatedStatsHandler());
    const stats = createStatsClient({ baseUrl: statsApi.url, token: 'stats-token-for-tests' });
    closeStats = () => stats.close();
    bot = await startBot({ slack, stats, ...(limits === undefined ? {} : { httpLimits: limits }) });
  }
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await bot.stop();
    await closeStats();
    await statsApi.close();
    await slack.close();
  });

  /** A raw connection to the bot; `closed` settles when the server ends it, with what it sent. */
  function open(): Promise<{ socket: Socket; closed: Promise<string> }> {
    const url = new URL(bot.baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(url.port), url.hostname);
      sockets.push(socket);
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('latin1');
      });
      const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
      socket.on('error', () => {});
      socket.once('connect', () => resolve({ socket, closed }));
      socket.once('error', reject);
    });
  }

  const header = (host: string) =>
    `POST /slack/events HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 10\r\nX-Padding: ${'x'.repeat(400)}\r\n\r\n`;

  it('cuts off a client that sends its headers byte by byte, within the header timeout', async () => {
    await start({ headersTimeoutMs: 500, requestTimeoutMs: 1_000, checkIntervalMs: 100 });
    const { socket, closed } = await open();
    const bytes = header('127.0.0.1');
    let sent = 0;
    let ended = false;
    void closed.then(() => {
      ended = true;
    });
    // One byte every 20 ms: the whole header would take about 9 s, far past the 500 ms allowed.
    const drip = setInterval(() => {
      if (ended || sent >= bytes.length) return;
      socket.write(bytes[sent] ?? '');
      sent += 1;
    }, 20);
    const answer = await closed;
    clearInterval(drip);
    expect(sent).toBeLessThan(bytes.length);
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('refuses connections beyond the cap, and takes new ones once the held ones are gone', async () => {
    await start({ maxConnections: 2 });
    const held = [await open(), await open()];
    // Both held connections are open and counted before the third arrives.
    for (const { socket } of held) socket.write('POST /slack/events HTTP/1.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const third = await open();
    expect(await third.closed).toBe(''); // closed by the server with no answer
    for (const { socket } of held) socket.destroy();
    await Promise.all(held.map((h) => h.closed));
    // A real request goes through again once connections are free (the server counts on close).
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      const body = slashCommandBody({ text: 'help', responseUrl: slack.responseUrl('after-cap') });
      status = await postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body)
        .then((r) => r.status)
        .catch(() => 0);
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe(200);
  });

  it('answers a whole signed request as before under the default limits', async () => {
    await start(undefined);
    const body = slashCommandBody({ text: 'help', responseUrl: slack.responseUrl('help') });
    expect((await postSigned(bot.eventsUrl, TEST_SIGNING_SECRET, body)).status).toBe(200);
  });
});

describe('the receiver’s production limits', () => {
  it('has production limits far above what a Slack request needs (3 s to ack), and bounded', () => {
    const slackWaits = 3_000;
    expect(HTTP_LIMITS.headersTimeoutMs).toBeGreaterThanOrEqual(3 * slackWaits);
    expect(HTTP_LIMITS.requestTimeoutMs).toBeGreaterThan(HTTP_LIMITS.headersTimeoutMs);
    expect(HTTP_LIMITS.idleTimeoutMs).toBeGreaterThan(HTTP_LIMITS.requestTimeoutMs);
    expect(HTTP_LIMITS.requestTimeoutMs + HTTP_LIMITS.checkIntervalMs).toBeLessThanOrEqual(30_000);
    expect(HTTP_LIMITS.maxConnections).toBeGreaterThanOrEqual(64);
    expect(HTTP_LIMITS.maxConnections).toBeLessThanOrEqual(1_024);
  });
});
