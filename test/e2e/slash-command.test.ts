import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type E2eWorld, messageText, startE2eWorld } from '../support/e2e-harness.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The local wall-clock time of an instant in a zone, "HH:mm", computed independently of src/. */
function wallClock(instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(instant);
}

describe('/exec-stats through the real app, a fake Slack and a stats API on loopback', () => {
  let world: E2eWorld;
  beforeAll(async () => {
    world = await startE2eWorld();
  });
  afterAll(async () => {
    await world.close();
  });
  beforeEach(() => {
    world.statsApi.calls.length = 0;
    world.slack.userTimeZones.clear();
  });

  it('/exec-stats: acks at once, empty, then replies ephemerally with the last 24 hours', async () => {
    const { ack, reply } = await world.command('');
    expect(ack.status).toBe(200);
    expect(ack.text).toBe('');
    const { body } = await reply();
    expect(body.response_type).toBe('ephemeral');
    const text = messageText(body);
    expect(text).toContain('Executions · last 24 hours');
    expect(text).toMatch(/Success rate/);
    expect(text).toMatch(/Latest failed executions/);
    expect(String(body.text)).toMatch(/^Executions · last 24 hours: [\d,]+ total, [\d,]+ failed/);
    const [call] = world.statsApi.calls;
    expect(call?.query.granularity).toBe('hourly');
    expect((call?.query.to ?? 0) - (call?.query.from ?? 0)).toBe(DAY);
    expect(call?.headers.authorization).toBe('Bearer stats-token-for-tests');
  });

  it('/exec-stats 7d: seven days in daily buckets', async () => {
    const { ack, reply } = await world.command('7d');
    expect(ack.status).toBe(200);
    expect(messageText((await reply()).body)).toContain('Executions · last 7 days');
    const [call] = world.statsApi.calls;
    expect(call?.query.granularity).toBe('daily');
    expect((call?.query.to ?? 0) - (call?.query.from ?? 0)).toBe(7 * DAY);
  });

  it('/exec-stats 6h daily: the granularity given wins', async () => {
    const { reply } = await world.command('6h daily');
    expect(messageText((await reply()).body)).toContain('last 6 hours');
    expect(world.statsApi.calls[0]?.query.granularity).toBe('daily');
  });

  it('/exec-stats today: from midnight in the user’s Slack time zone (users.info)', async () => {
    // A user of their own: zones are cached per user for an hour.
    world.slack.userTimeZones.set('U0AUCKLAND', 'Pacific/Auckland');
    const { reply } = await world.command('today', { userId: 'U0AUCKLAND' });
    expect(messageText((await reply()).body)).toContain('Executions · today');
    const [call] = world.statsApi.calls;
    expect(wallClock(call?.query.from ?? 0, 'Pacific/Auckland')).toBe('00:00');
    expect(Date.now() - (call?.query.from ?? 0)).toBeLessThanOrEqual(DAY + HOUR);
    expect(
      world.slack.calls.some((c) => c.method === 'users.info' && c.args.user === 'U0AUCKLAND'),
    ).toBe(true);
  });

  it('/exec-stats yesterday: a whole calendar day, in the configured zone when Slack gives none', async () => {
    const { reply } = await world.command('yesterday');
    expect(messageText((await reply()).body)).toContain('Executions · yesterday');
    const [call] = world.statsApi.calls;
    expect(wallClock(call?.query.from ?? 0, 'UTC')).toBe('00:00');
    expect((call?.query.to ?? 0) - (call?.query.from ?? 0)).toBe(DAY);
  });

  it('/exec-stats 2026-11-01..2026-11-07 public: whole days, end inclusive, posted in the channel', async () => {
    const { reply } = await world.command('2026-11-01..2026-11-07 public');
    const { body } = await reply();
    expect(body.response_type).toBe('in_channel');
    const [call] = world.statsApi.calls;
    expect(call?.query.from).toBe(Date.UTC(2026, 10, 1));
    expect(call?.query.to).toBe(Math.min(Date.UTC(2026, 10, 8), call?.query.to ?? 0));
    expect(call?.query.granularity).toBe('daily');
  });

  it('/exec-stats 24h source:billing: the same summary for one source system', async () => {
    const { reply } = await world.command('24h source:billing');
    const text = messageText((await reply()).body);
    expect(text).toContain('Executions · last 24 hours · billing');
    expect(text).toMatch(/not available per source/i);
    expect(text).not.toContain('checkout-place-order');
  });

  it('/exec-stats 24h source:nope: says no executions and names the sources that exist', async () => {
    const { reply } = await world.command('24h source:nope');
    const text = messageText((await reply()).body);
    expect(text).toContain('No executions from source system');
    expect(text).toContain('nope');
    expect(text).toContain('billing');
  });

  it('/exec-stats help: answered in the ack, no API call', async () => {
    const { ack } = await world.command('help');
    expect(ack.status).toBe(200);
    expect(ack.json?.response_type).toBe('ephemeral');
    const shown = messageText(ack.json ?? {});
    expect(shown).toContain(
      '*Usage:* `/exec-stats [WINDOW] [hourly|daily] [source:NAME] [public]`',
    );
    expect(shown).toContain('• `/exec-stats subscribe daily 09:00 [WINDOW]`');
    expect(shown).toContain('• `/exec-stats alerts`');
    expect(world.statsApi.calls).toHaveLength(0);
  });

  it.each([
    ['banana', /`banana`/],
    ['400d', /`400d` is longer than the 90 days/],
    ['2026-02-30..2026-03-01', /2026-02-30/],
    ['2026-11-07..2026-11-01', /after/],
  ])(
    '/exec-stats %s: names the offending part, points to help in a short reply, calls no API',
    async (text, reason) => {
      const { ack } = await world.command(text);
      expect(ack.status).toBe(200);
      expect(ack.json?.response_type).toBe('ephemeral');
      const shown = messageText(ack.json ?? {});
      expect(shown).toMatch(reason);
      expect(shown).toContain('See `/exec-stats help`');
      // Not the whole usage: that is for `/exec-stats help`.
      expect(shown).not.toContain('*WINDOW*');
      expect(shown.length).toBeLessThan(400);
      expect(world.statsApi.calls).toHaveLength(0);
    },
  );

  it('/exec-stats 90d hourly: daily buckets from the API, and the reply says why', async () => {
    const { ack, reply } = await world.command('90d hourly');
    expect(ack.status).toBe(200);
    const text = messageText((await reply()).body);
    expect(text).toContain('Executions · last 90 days');
    expect(text).toContain('· daily (hourly is available for windows up to 7 days)');
    const [call] = world.statsApi.calls;
    expect(call?.query.granularity).toBe('daily');
    expect((call?.query.to ?? 0) - (call?.query.from ?? 0)).toBe(90 * DAY);
  });

  it('/exec-stats 7d hourly: hourly is kept for a week', async () => {
    const { reply } = await world.command('7d hourly');
    expect(messageText((await reply()).body)).not.toContain('hourly is available');
    expect(world.statsApi.calls[0]?.query.granularity).toBe('hourly');
  });

  it('/exec-stats alerts with no alerts feature enabled: says so in the ack', async () => {
    const { ack } = await world.command('alerts');
    expect(ack.json?.response_type).toBe('ephemeral');
    expect(messageText(ack.json ?? {})).toContain('`alerts` is not enabled');
    expect(world.statsApi.calls).toHaveLength(0);
  });

  it('hostile command text is never echoed as live markup', async () => {
    const { ack } = await world.command('&lt;!channel&gt; <@U123>');
    const shown = messageText(ack.json ?? {});
    expect(shown).not.toMatch(/<!channel>|<@U123>/);
    expect(shown).toContain('&lt;!channel&gt;');
  });

  it('GET /healthz answers 200', async () => {
    const response = await fetch(`${world.bot.baseUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('logs are JSON lines and never contain the signing secret or the tokens', () => {
    expect(world.bot.logLines.length).toBeGreaterThan(0);
    for (const line of world.bot.logLines) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain('test-signing-secret');
      expect(line).not.toContain('xoxb-test-bot-token');
      expect(line).not.toContain('stats-token-for-tests');
    }
  });
});
