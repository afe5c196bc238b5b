import { afterEach, describe, expect, it } from 'vitest';
import { type E2eWorld, messageText, startE2eWorld } from '../support/e2e-harness.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import type { StatsServerHandler } from '../support/stats-server.js';

/** What users see when the stats API is slow, failing or wrong: a clear message, never silence. */
describe('/exec-stats when the stats API misbehaves', () => {
  let world: E2eWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  async function ask(handler: StatsServerHandler, text = '24h') {
    world = await startE2eWorld({ statsHandler: handler });
    const { ack, reply } = await world.command(text);
    return { ack, body: (await reply()).body, calls: world.statsApi.calls };
  }

  it('slow (2.5 s): acked well within Slack’s 3 s, the stats arrive afterwards', async () => {
    const simulated = simulatedStatsHandler();
    const { ack, body } = await ask(async (call, index) => ({
      ...(await simulated(call, index)),
      delayMs: 2500,
    }));
    expect(ack.status).toBe(200);
    expect(ack.elapsedMs).toBeLessThan(2500);
    expect(messageText(body)).toContain('Executions · last 24 hours');
  });

  it('failing (500): retried, then one clear sentence with the API’s requestId', async () => {
    const { ack, body, calls } = await ask(() => ({
      status: 500,
      body: { code: 500, message: 'database unavailable', requestId: 'req-500-abc' },
    }));
    expect(ack.status).toBe(200);
    const text = messageText(body);
    expect(text).toMatch(/The stats API failed \(HTTP 500: database unavailable\)/);
    expect(text).toContain('req-500-abc');
    expect(text).toMatch(/Try again/);
    expect(text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    expect(calls).toHaveLength(3); // the first try and two retries
  });

  it('400: not retried', async () => {
    const { body, calls } = await ask(() => ({
      status: 400,
      body: { code: 400, message: 'from must be before to', requestId: 'req-400' },
    }));
    expect(messageText(body)).toContain('req-400');
    expect(calls).toHaveLength(1);
  });

  it('malformed JSON: says the answer could not be read', async () => {
    const { body, calls } = await ask(() => ({
      status: 200,
      body: '{"code":200,"data":{"summary":',
      headers: { 'content-type': 'application/json' },
    }));
    expect(messageText(body)).toMatch(/stats API/);
    expect(messageText(body)).toContain('sent a response we could not read.');
    expect(calls).toHaveLength(1);
  });

  it('wrong types: names the field path', async () => {
    const { body } = await ask(() => ({
      body: {
        code: 200,
        message: 'success',
        requestId: 'req-types',
        data: { granularity: 'hourly', summary: { total: 'many' } },
      },
    }));
    expect(messageText(body)).toContain('data.summary.total');
  });

  it('unreachable: a network error still ends in a message', async () => {
    const { body } = await ask(() => ({ destroy: true }));
    expect(messageText(body)).toMatch(/stats API/);
  });

  it('a response_url hiccup (one 503) is retried, so the reply still arrives once', async () => {
    world = await startE2eWorld();
    world.slack.failResponseUrl(503, 1);
    const { reply } = await world.command('6h');
    const { id } = await reply();
    expect(world.repliesTo(id)).toHaveLength(1);
  });
});

describe('requests that do not come from Slack', () => {
  let world: E2eWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it.each([
    ['forged (signed with another secret)', { secret: 'not-the-signing-secret' }],
    ['stale (timestamp 10 minutes old)', { timestampSec: Math.floor(Date.now() / 1000) - 600 }],
    ['from the future (10 minutes ahead)', { timestampSec: Math.floor(Date.now() / 1000) + 600 }],
  ])('%s: refused with 401, no API call, no reply', async (_name, signOptions) => {
    world = await startE2eWorld();
    const { ack } = await world.command('24h', signOptions);
    expect(ack.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(world.statsApi.calls).toHaveLength(0);
    expect(world.slack.responses).toHaveLength(0);
  });

  it('unsigned: refused with 401', async () => {
    world = await startE2eWorld();
    const response = await fetch(world.bot.eventsUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'command=%2Fexec-stats&text=24h',
    });
    expect(response.status).toBe(401);
    expect(world.statsApi.calls).toHaveLength(0);
  });
});
