import { describe, expect, it } from 'vitest';
import {
  StatsInvalidResponseError,
  StatsNetworkError,
  StatsResponseTooLargeError,
  StatsTimeoutError,
} from '../../../src/stats/errors.js';
import { setAt, startStatsServer, statsBody } from '../../support/stats-server.js';
import { query, rejectionOf, testClient, useStatsServer } from './client-helpers.js';

const ctx = useStatsServer();
const { track } = ctx;

describe('stats client: bad answers', () => {
  it('reports malformed JSON as an invalid response, without retrying', async () => {
    ctx.server.setHandler(() => ({ body: '{"code":200,"data":{' }));
    const { client, sleeps } = track(testClient(ctx.server.url));
    const error = (await rejectionOf(client.getStats(query))) as StatsInvalidResponseError;
    expect(error).toBeInstanceOf(StatsInvalidResponseError);
    expect(error.message).toMatch(/not valid JSON/);
    expect(error.attempts).toBe(1);
    expect(sleeps).toEqual([]);
    expect(ctx.server.calls).toHaveLength(1);
  });

  it('names the field path of a wrongly typed value', async () => {
    const body = statsBody({ requestId: 'req-types' });
    setAt(body, 'data.sourceSystems.1.failed', 'three');
    ctx.server.setHandler(() => ({ body }));
    const { client } = track(testClient(ctx.server.url));
    const error = (await rejectionOf(client.getStats(query))) as StatsInvalidResponseError;
    expect(error).toBeInstanceOf(StatsInvalidResponseError);
    expect(error.path).toBe('data.sourceSystems[1].failed');
    expect(error.message).toContain('data.sourceSystems[1].failed');
    expect(error.requestId).toBe('req-types');
    expect(ctx.server.calls).toHaveLength(1);
  });

  it.each([
    ['declared by content-length', false],
    ['streamed without content-length', true],
  ])('refuses a body over the size cap, %s', async (_name, chunked) => {
    const body = statsBody();
    setAt(body, 'data.recentFailures.0.statusReason', 'x'.repeat(200_000));
    ctx.server.setHandler(() => ({ body, chunked }));
    const { client } = track(testClient(ctx.server.url, { maxResponseBytes: 64 * 1024 }));
    const error = (await rejectionOf(client.getStats(query))) as StatsResponseTooLargeError;
    expect(error).toBeInstanceOf(StatsResponseTooLargeError);
    expect(error.attempts).toBe(1);
    expect(ctx.server.calls).toHaveLength(1);
  });

  it('accepts a body just under the cap', async () => {
    const body = statsBody();
    const size = Buffer.byteLength(JSON.stringify(body));
    ctx.server.setHandler(() => ({ body, chunked: true }));
    const { client } = track(testClient(ctx.server.url, { maxResponseBytes: size }));
    await expect(client.getStats(query)).resolves.toMatchObject({ requestId: body.requestId });
  });
});

describe('stats client: slow and broken connections', () => {
  it('times out on slow headers, retrying each attempt', async () => {
    ctx.server.setHandler(() => ({ body: statsBody(), delayMs: 10_000 }));
    const { client, sleeps } = track(
      testClient(ctx.server.url, { timeouts: { headersMs: 200 }, retries: { maxRetries: 1 } }),
    );
    const error = (await rejectionOf(client.getStats(query))) as StatsTimeoutError;
    expect(error).toBeInstanceOf(StatsTimeoutError);
    expect(error.message).toMatch(/no response within 200 ms/);
    expect(error.attempts).toBe(2);
    expect(sleeps).toHaveLength(1);
    expect(ctx.server.calls).toHaveLength(2);
  });

  it('stops at the overall deadline', async () => {
    ctx.server.setHandler(() => ({ body: statsBody(), delayMs: 10_000 }));
    const { client } = track(testClient(ctx.server.url, { timeouts: { totalMs: 300 } }));
    const error = (await rejectionOf(client.getStats(query))) as StatsTimeoutError;
    expect(error).toBeInstanceOf(StatsTimeoutError);
    expect(error.message).toMatch(/within 300 ms/);
    expect(ctx.server.calls).toHaveLength(1);
  });

  it('retries a dropped connection, then reports a network error', async () => {
    ctx.server.setHandler(() => ({ destroy: true }));
    const { client, sleeps } = track(testClient(ctx.server.url));
    const error = (await rejectionOf(client.getStats(query))) as StatsNetworkError;
    expect(error).toBeInstanceOf(StatsNetworkError);
    expect(error.attempts).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(ctx.server.calls).toHaveLength(3);
  });

  it('recovers when a dropped connection is followed by an answer', async () => {
    ctx.server.setHandler((_call, index) =>
      index === 0 ? { destroy: true } : { body: statsBody() },
    );
    const { client } = track(testClient(ctx.server.url));
    await expect(client.getStats(query)).resolves.toMatchObject({ granularity: 'hourly' });
    expect(ctx.server.calls).toHaveLength(2);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = await startStatsServer();
    const url = closed.url;
    await closed.close();
    const { client } = track(testClient(url, { retries: { maxRetries: 0 } }));
    const error = (await rejectionOf(client.getStats(query))) as StatsNetworkError;
    expect(error).toBeInstanceOf(StatsNetworkError);
    expect(error.url).toContain(url);
  });

  it("rejects with the caller's reason when the caller aborts", async () => {
    ctx.server.setHandler(() => ({ body: statsBody(), delayMs: 10_000 }));
    const { client } = track(testClient(ctx.server.url));
    const controller = new AbortController();
    const pending = client.getStats(query, { signal: controller.signal });
    const reason = new Error('user gave up');
    setTimeout(() => controller.abort(reason), 50);
    await expect(pending).rejects.toBe(reason);
  });

  it('refuses calls after close()', async () => {
    const { client } = testClient(ctx.server.url);
    await client.close();
    await expect(client.getStats(query)).rejects.toThrow(/closed/);
    expect(ctx.server.calls).toHaveLength(0);
  });
});
