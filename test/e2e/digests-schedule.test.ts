import { afterEach, describe, expect, it } from 'vitest';
import { type E2eWorld, messageText, startE2eWorld } from '../support/e2e-harness.js';
import { tempDbPath } from '../unit/state/temp-db.js';
import { digest, digestsOnDb, postKey, posts } from './digest-support.js';

const keyTime = (key: string) => Date.parse(key.replace(/^digest:[^:]+:/, ''));

/** Digests on a seconds schedule against the fake Slack and the stats server, for a few seconds. */
describe('scheduled digests, end to end', () => {
  let world: E2eWorld | undefined;
  let temp = tempDbPath();
  afterEach(async () => {
    await world?.close();
    world = undefined;
    temp.cleanup();
    temp = tempDbPath();
  });

  it('posts once per tick, none lost, to its channel; a broken channel stops nothing', async () => {
    const { factory, db } = digestsOnDb(temp.path, [
      digest({ name: 'every-2s', schedule: '*/2 * * * * *' }),
      digest({ name: 'broken', channel: 'C0GONE0001', schedule: '*/2 * * * * *', window: '1h' }),
    ]);
    world = await startE2eWorld({ features: [factory] });
    const slack = world.slack;
    slack.onMethod('chat.postMessage', (args) =>
      args.channel === 'C0GONE0001'
        ? { body: { ok: false, error: 'channel_not_found' } }
        : undefined,
    );
    const good = () => posts(slack).filter((call) => call.args.channel === 'C0DIGEST01');
    await slack.waitFor(() => good().length >= 3, 15_000);
    await world.bot.stop();

    const keys = good().map(postKey);
    expect(new Set(keys).size).toBe(keys.length);
    const times = keys.map(keyTime).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(gaps).toEqual(gaps.map(() => 2_000));
    expect(messageText(good()[0]?.args ?? {})).toContain('Digest *every-2s*');
    expect(messageText(good()[0]?.args ?? {})).toContain('Compared with the previous 24 hours');
    const runs = db
      .prepare("SELECT state, outcome FROM digest_runs WHERE digest = 'every-2s'")
      .all() as Array<{ state: string; outcome: string }>;
    expect(runs).toHaveLength(keys.length);
    expect(runs.every((r) => r.state === 'done' && r.outcome === 'posted')).toBe(true);
    const refused = world.bot.logLines.filter(
      (line) => line.includes('Slack refused the digest') && line.includes('"digest":"broken"'),
    );
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]).toContain('channel_not_found');
    db.close();
  });

  it('fetches a window once for digests due at the same moment', async () => {
    const { factory, db } = digestsOnDb(temp.path, [
      digest({ name: 'a', schedule: '*/2 * * * * *', window: '6h' }),
      digest({ name: 'b', channel: 'C0DIGEST02', schedule: '*/2 * * * * *', window: '6h' }),
    ]);
    world = await startE2eWorld({ features: [factory] });
    const slack = world.slack;
    await slack.waitFor(() => posts(slack).length >= 4, 15_000);
    await world.bot.stop();
    const moments = new Set(posts(slack).map((call) => keyTime(postKey(call))));
    const perMoment = [...moments].map(
      (t) => posts(slack).filter((call) => keyTime(postKey(call)) === t).length,
    );
    expect(perMoment.filter((n) => n === 2).length).toBeGreaterThan(0);
    // Each moment: the window and the period before it, at most once each, whatever the number of
    // digests (the stats client may even reuse a moment's answer for the next, 2 s later).
    const queries = world.statsApi.calls.map((c) => `${c.query.from}-${c.query.to}`);
    expect(new Set(queries).size).toBe(queries.length);
    expect(queries.length).toBeLessThanOrEqual(2 * moments.size);
    expect(queries.length).toBeGreaterThan(0);
    db.close();
  });

  it('posts "stats unavailable" when the API fails, then edits it into the digest on the retry', async () => {
    let failing = true;
    const { factory, db } = digestsOnDb(temp.path, [
      digest({ name: 'flaky', schedule: '*/4 * * * * *', window: '1h' }),
    ]);
    world = await startE2eWorld({
      features: [factory],
      statsHandler: (call) => {
        if (failing)
          return { status: 400, body: { code: 400, message: 'nope', requestId: 'req-1' } };
        return {
          body: {
            data: {
              summary: {
                total: 10,
                succeeded: 9,
                failed: 1,
                cancelled: 0,
                inProgress: 0,
                successRate: 90,
                averageDurationMs: 1000,
              },
              statusBreakdown: [],
              sourceSystems: [],
              timeSeries: [],
              recentFailures: [],
              granularity: call.query.granularity,
            },
            requestId: 'req-ok',
          },
        };
      },
    });
    const slack = world.slack;
    await slack.waitFor(() => posts(slack).length >= 1, 15_000);
    failing = false;
    await slack.waitFor(() => slack.calls.some((c) => c.method === 'chat.update'), 15_000);
    await world.bot.stop();
    const first = posts(slack)[0];
    const update = slack.calls.find((c) => c.method === 'chat.update');
    expect(messageText(first?.args ?? {})).toContain('Stats unavailable');
    expect(update?.args.ts).toBe('1700000000.000001');
    expect(messageText(update?.args ?? {})).toContain('Digest *flaky*');
    expect(messageText(update?.args ?? {})).not.toContain('Stats unavailable');
    db.close();
  });
});
