import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  mainScriptArgs,
  type Spawned,
  spawnNode,
  waitUntilHealthy,
} from '../support/child-process.js';
import { type FakeSlack, startFakeSlack, type WebApiCall } from '../support/fake-slack.js';
import { simulatedStatsHandler } from '../support/simulated-stats-handler.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';

const CONFIG = `
timezone: Europe/Berlin
digests:
  - name: every-two-seconds
    channel: C0DIGEST01
    schedule: "*/2 * * * * *"
    window: 15m
alerts:
  interval: 10s
  channel: C0ALERTS01
  rules:
    - name: billing-spike
      scope: per-source
      sources: [billing]
      window: 15m
      minFailures: 5
      failureRate: 0.2
      recoverRate: 0.1
`;

const posts = (slack: FakeSlack, channel: string) =>
  slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel);

const keyOf = (call: WebApiCall) =>
  (call.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;

/**
 * The whole deployment as a process (main.ts with a YAML file and a state DB file), crashed with
 * SIGKILL while digests tick and an alert fires, then started again on the same DB: every post
 * key reaches Slack once, and the firing alert is not posted again.
 */
// Two bot processes start through tsx and run for seconds each: on a loaded 2-core machine that
// takes far longer than the suite's 20 s default, so this file allows 90 s (a bound, not a figure).
describe('npm start with digests and alerts: killed and restarted on the same state DB', {
  timeout: 90_000,
}, () => {
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let env: Record<string, string>;
  beforeAll(async () => {
    slack = await startFakeSlack();
    // A failure spike in billing that began 10 minutes ago, for every query.
    statsApi = await startStatsServer(simulatedStatsHandler({ scenario: 'spike', seed: 3 }));
    const dir = mkdtempSync(join(tmpdir(), 'exec-stats-restart-'));
    writeFileSync(join(dir, 'exec-stats.yml'), CONFIG);
    env = {
      SLACK_BOT_TOKEN: 'xoxb-restart-test',
      SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
      SLACK_API_URL: slack.apiUrl,
      STATS_API_URL: statsApi.url,
      STATS_API_TOKEN: 'restart-stats-token',
      EXEC_STATS_CONFIG: join(dir, 'exec-stats.yml'),
      EXEC_STATS_DB: join(dir, 'state.db'),
    };
  });
  afterAll(async () => {
    await statsApi.close();
    await slack.close();
  });

  async function start(): Promise<Spawned> {
    const port = await freePort();
    const bot = spawnNode(mainScriptArgs(), { ...env, PORT: String(port) });
    await waitUntilHealthy(`http://127.0.0.1:${port}/healthz`);
    return bot;
  }

  it('posts each digest tick and the alert once, across a crash', async () => {
    const first = await start();
    try {
      await slack.waitFor(
        () => posts(slack, 'C0DIGEST01').length >= 2 && posts(slack, 'C0ALERTS01').length >= 1,
        30_000,
      );
    } finally {
      first.child.kill('SIGKILL');
    }
    await first.exited;
    const digestsBefore = posts(slack, 'C0DIGEST01').length;

    const second = await start();
    try {
      await slack.waitFor(() => posts(slack, 'C0DIGEST01').length >= digestsBefore + 2, 30_000);
      // At least one alert cycle of the new process has run (the first one runs at start).
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      second.child.kill('SIGTERM');
    }
    expect(await second.exited).toBe(0);

    const all = slack.calls.filter((c) => c.method === 'chat.postMessage');
    const keys = all.map(keyOf);
    expect(keys.every((key) => typeof key === 'string')).toBe(true);
    expect(new Set(keys).size).toBe(keys.length); // no key posted twice
    const roots = posts(slack, 'C0ALERTS01').filter((c) => c.args.thread_ts === undefined);
    expect(roots).toHaveLength(1); // the firing alert survived the crash without a second post
    expect(String(roots[0]?.args.text)).toMatch(/billing/);
  });
});
