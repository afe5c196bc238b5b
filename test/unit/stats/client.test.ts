import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { StatsHttpError } from '../../../src/stats/errors.js';
import type { StatsQuery } from '../../../src/stats/types.js';
import { statsBody } from '../../support/stats-server.js';
import { query, rejectionOf, TOKEN, testClient, useStatsServer } from './client-helpers.js';

const ctx = useStatsServer();
const { track } = ctx;

describe('stats client: requests and answers', () => {
  it('fetches, validates and normalises the stats', async () => {
    const body = statsBody({ requestId: 'req-ok-1' });
    ctx.server.setHandler(() => ({ body }));
    const { client } = track(testClient(ctx.server.url));
    const stats = await client.getStats(query);
    expect(stats.requestId).toBe('req-ok-1');
    expect(stats.summary.failed).toBe(body.data.summary.failed);
    expect(stats.recentFailures.map((f) => f.executionId).sort()).toEqual(
      body.data.recentFailures.map((f) => f.executionId).sort(),
    );
  });

  it('sends the documented query, the bearer token and Accept', async () => {
    const { client } = track(testClient(ctx.server.url));
    await client.getStats(query);
    const [call] = ctx.server.calls;
    expect(call?.method).toBe('GET');
    expect(call?.url.split('?')[0]).toBe('/v1/executions/stats');
    expect(call?.query).toEqual({ from: query.from, to: query.to, granularity: query.granularity });
    expect(call?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(call?.headers.accept).toBe('application/json');
  });

  it.each(['/stats-api', '/stats-api/', '/'])(
    'keeps the base URL path prefix %s',
    async (prefix) => {
      const { client } = track(testClient(`${ctx.server.url}${prefix}`));
      await client.getStats(query);
      const expected = `${prefix.replace(/\/+$/, '')}/v1/executions/stats`;
      expect(ctx.server.calls[0]?.url.split('?')[0]).toBe(expected);
    },
  );

  it('uses an injected dispatcher', async () => {
    const agent = new Agent();
    try {
      const { client } = track(testClient(ctx.server.url, { dispatcher: agent }));
      await expect(client.getStats(query)).resolves.toMatchObject({ granularity: 'hourly' });
      expect(ctx.server.calls).toHaveLength(1);
    } finally {
      await agent.close();
    }
  });

  it('reuses keep-alive connections across calls', async () => {
    const { client } = track(testClient(ctx.server.url, { cacheTtlMs: 0 }));
    const calls = 6;
    for (let i = 0; i < calls; i += 1) {
      await client.getStats({ ...query, from: query.from + i * 60_000 });
    }
    expect(ctx.server.calls).toHaveLength(calls);
    // Sequential calls on fresh connections would each come from a new client port.
    expect(new Set(ctx.server.calls.map((c) => c.remotePort)).size).toBeLessThan(calls);
  });

  it('makes one upstream call for 200 concurrent identical queries', async () => {
    ctx.server.setHandler(() => ({ body: statsBody(), delayMs: 50 }));
    const { client } = track(testClient(ctx.server.url));
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => client.getStats({ ...query, to: query.to + (i % 3) })),
    );
    expect(ctx.server.calls).toHaveLength(1);
    expect(new Set(results).size).toBe(1);
  });

  it('reuses a recent answer and asks again once the TTL has passed', async () => {
    const clock = fixedClock(query.to);
    const { client } = track(testClient(ctx.server.url, { clock, cacheTtlMs: 5_000 }));
    await client.getStats(query);
    clock.advance(4_000);
    await client.getStats(query);
    expect(ctx.server.calls).toHaveLength(1);
    clock.advance(1_000);
    await client.getStats(query);
    expect(ctx.server.calls).toHaveLength(2);
  });
});

describe('stats client: retries', () => {
  it('retries a 500 and returns the next good answer', async () => {
    ctx.server.setHandler((_call, index) =>
      index === 0
        ? { status: 500, body: { code: 500, message: 'db down' } }
        : { body: statsBody() },
    );
    const { client, sleeps, logger } = track(testClient(ctx.server.url));
    await expect(client.getStats(query)).resolves.toMatchObject({ granularity: 'hourly' });
    expect(ctx.server.calls).toHaveLength(2);
    expect(sleeps).toHaveLength(1);
    const warnings = logger.entries.filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.fields).toMatchObject({ attempt: 1, status: 500 });
  });

  it('honours Retry-After on a 429', async () => {
    ctx.server.setHandler((_call, index) =>
      index === 0 ? { status: 429, headers: { 'retry-after': '2' } } : { body: statsBody() },
    );
    const { client, sleeps } = track(testClient(ctx.server.url));
    await client.getStats(query);
    expect(sleeps).toEqual([2_000]);
    expect(ctx.server.calls).toHaveLength(2);
  });

  it('gives up at once when Retry-After exceeds the longest wait, and says so', async () => {
    ctx.server.setHandler(() => ({ status: 429, headers: { 'retry-after': '120' } }));
    const { client, sleeps } = track(testClient(ctx.server.url));
    const error = await rejectionOf(client.getStats(query));
    expect(error).toBeInstanceOf(StatsHttpError);
    expect((error as StatsHttpError).message).toMatch(/retry after 120 s/);
    expect(sleeps).toEqual([]);
    expect(ctx.server.calls).toHaveLength(1);
  });

  it('stops after 3 attempts on a persistent 503 and reports them', async () => {
    ctx.server.setHandler(() => ({ status: 503, body: 'Service Unavailable' }));
    const { client, sleeps } = track(testClient(ctx.server.url));
    const error = (await rejectionOf(client.getStats(query))) as StatsHttpError;
    expect(error).toBeInstanceOf(StatsHttpError);
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(3);
    expect(error.message).toMatch(/gave up after 3 attempts/);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[1]).toBeGreaterThan(sleeps[0] ?? 0);
    expect(ctx.server.calls).toHaveLength(3);
  });

  it('does not retry a 400 and carries the API message and requestId', async () => {
    ctx.server.setHandler(() => ({
      status: 400,
      body: { code: 400, message: 'from must be before to', requestId: 'req-400-9' },
    }));
    const { client, sleeps } = track(testClient(ctx.server.url));
    const error = (await rejectionOf(client.getStats(query))) as StatsHttpError;
    expect(error).toBeInstanceOf(StatsHttpError);
    expect(error).toMatchObject({
      status: 400,
      apiMessage: 'from must be before to',
      requestId: 'req-400-9',
      attempts: 1,
      method: 'GET',
    });
    expect(error.url).toContain(`from=${query.from}`);
    expect(error.message).toContain('from must be before to');
    expect(sleeps).toEqual([]);
    expect(ctx.server.calls).toHaveLength(1);
  });

  it('never puts the token in errors or logs', async () => {
    ctx.server.setHandler(() => ({ status: 500, body: { message: 'nope', requestId: 'r' } }));
    const { client, logger } = track(testClient(ctx.server.url));
    const error = (await rejectionOf(client.getStats(query))) as Error;
    expect(logger.entries.length).toBeGreaterThan(0);
    const visible = JSON.stringify({ message: error.message, error, logs: logger.entries });
    expect(visible).not.toContain(TOKEN);
  });

  it('rejects a query with non-integer bounds without calling the API', async () => {
    const { client } = track(testClient(ctx.server.url));
    const bad: StatsQuery = { ...query, from: Number.NaN };
    await expect(client.getStats(bad)).rejects.toThrow(RangeError);
    expect(ctx.server.calls).toHaveLength(0);
  });
});
