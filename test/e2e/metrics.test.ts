import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type E2eWorld, startE2eWorld } from '../support/e2e-harness.js';

/** `GET /metrics` on the real app after real traffic: what an operator's scraper would read. */
describe('GET /metrics', { timeout: 60_000 }, () => {
  let world: E2eWorld;
  beforeEach(async () => {
    world = await startE2eWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  const scrape = async () => {
    const response = await fetch(`${world.bot.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    return response.text();
  };
  const value = (text: string, series: string): number => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? Number.NaN : Number(line.slice(series.length + 1));
  };

  it('counts acks by status, stats queries by outcome and Web API calls by method and outcome', async () => {
    const { ack, reply } = await world.command('24h');
    expect(ack.status).toBe(200);
    await reply();
    const forged = await world.command('24h', { secret: 'not-the-signing-secret' });
    expect(forged.ack.status).toBe(401);
    const text = await scrape();
    expect(
      value(text, 'exec_stats_slack_request_duration_seconds_count{status="200"}'),
    ).toBeGreaterThanOrEqual(1);
    expect(value(text, 'exec_stats_slack_request_duration_seconds_count{status="401"}')).toBe(1);
    expect(value(text, 'exec_stats_stats_query_duration_seconds_count{outcome="ok"}')).toBe(1);
    expect(value(text, 'exec_stats_slack_api_calls_total{method="auth.test",outcome="ok"}')).toBe(
      2, // Bolt's own check at start, and the bot's (for its workspace)
    );
    expect(text).toContain('# TYPE exec_stats_deliveries_total counter');
    expect(text).toContain('process_resident_memory_bytes');
    expect(value(text, 'exec_stats_ready')).toBe(1);
  });

  it("labels a Web API error with Slack's own code", async () => {
    world.slack.fault('users.info', { kind: 'error', error: 'user_not_found' }, 1);
    const { reply } = await world.command('today', { userId: 'U0NOBODY' });
    await reply();
    const text = await scrape();
    expect(
      value(text, 'exec_stats_slack_api_calls_total{method="users.info",outcome="user_not_found"}'),
    ).toBe(1);
  });
});
