import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  killGroup,
  mainScriptArgs,
  type Spawned,
  spawnNode,
  waitUntilHealthy,
} from '../support/child-process.js';
import { type FakeSlack, startFakeSlack, type WebApiCall } from '../support/fake-slack.js';
import { type StatsServer, startStatsServer } from '../support/stats-server.js';
import { testDatabase } from '../unit/state/backends.js';
import { healthyBody, spikeBody } from './alerts-support.js';

const DIGESTS = 'C0DIGEST01';
const ALERTS = 'C0ALERTS01';

const CONFIG = `
timezone: Europe/Berlin
digests:
  - name: every-two-seconds
    channel: ${DIGESTS}
    schedule: "*/2 * * * * *"
    window: 15m
alerts:
  interval: 10s
  channel: ${ALERTS}
  rules:
    - name: billing-spike
      window: 15m
      minFailures: 5
      failureRate: 0.2
      recoverRate: 0.1
`;

const posts = (slack: FakeSlack, channel?: string) =>
  slack.calls.filter(
    (c) => c.method === 'chat.postMessage' && (channel === undefined || c.args.channel === channel),
  );
const roots = (slack: FakeSlack) => posts(slack, ALERTS).filter((c) => !c.args.thread_ts);
const keyOf = (call: WebApiCall) =>
  (call.args.metadata as { event_payload?: { key?: string } } | undefined)?.event_payload?.key;
const textOf = (call: WebApiCall) => JSON.stringify(call.args);

interface Replica extends Spawned {
  readonly name: string;
  readonly url: string;
}

/** 1 when the replica at `url` holds the alert lease, 0 when not, null when it does not answer. */
async function leaseHeld(url: string): Promise<number | null> {
  try {
    const text = await (await fetch(`${url}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('exec_stats_alert_lease_held '));
    return line === undefined ? null : Number(line.split(' ')[1]);
  } catch {
    return null;
  }
}

async function until(predicate: () => Promise<boolean> | boolean, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Three replicas (src/main.ts processes) on one fresh PostgreSQL database, a fake Slack that keeps
 * what was posted, a digest every 2 s and a failure spike that fires an alert (interval 10 s, the least allowed). Two
 * replicas are killed with SIGKILL while digests tick and the alert fires, one of them the alert
 * lease's holder; a survivor takes the lease over; the two are started again; the stats turn
 * healthy and the incident is resolved. Every post key reaches Slack once, one alert root.
 * PostgreSQL unreachable on 127.0.0.1:5432: this fails, it is not skipped.
 */
// Three, then five bot processes through tsx on a loaded 2-core machine: 240 s is a bound.
describe('three replicas on one PostgreSQL database, two killed with SIGKILL', {
  timeout: 240_000,
}, () => {
  const database = testDatabase('replicas_e2e');
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let healthy = false;
  let env: Record<string, string>;
  const started: Spawned[] = [];
  beforeAll(async () => {
    await database.setup();
    slack = await startFakeSlack();
    statsApi = await startStatsServer(() => ({ body: healthy ? healthyBody() : spikeBody() }));
    const dir = mkdtempSync(join(tmpdir(), 'exec-stats-replicas-'));
    writeFileSync(join(dir, 'exec-stats.yml'), CONFIG);
    env = {
      SLACK_BOT_TOKEN: 'xoxb-replicas-test',
      SLACK_SIGNING_SECRET: '0123456789abcdef0123456789abcdef',
      SLACK_API_URL: slack.apiUrl,
      STATS_API_URL: statsApi.url,
      STATS_API_TOKEN: 'replicas-stats-token',
      EXEC_STATS_CONFIG: join(dir, 'exec-stats.yml'),
    };
  });
  afterAll(async () => {
    for (const bot of started) killGroup(bot);
    await Promise.all(started.map((bot) => bot.exited));
    await statsApi?.close();
    await slack?.close();
    await database.teardown();
  });

  async function start(name: string): Promise<Replica> {
    const { url: db } = await database.get();
    const port = await freePort();
    const bot = spawnNode(mainScriptArgs(), { ...env, EXEC_STATS_DB: db, PORT: String(port) });
    started.push(bot);
    const url = `http://127.0.0.1:${port}`;
    try {
      await Promise.race([
        waitUntilHealthy(`${url}/healthz`, 60_000),
        bot.exited.then((code) => {
          throw new Error(`exited ${code}`);
        }),
      ]);
    } catch (error) {
      throw new Error(`replica ${name}: ${String(error)}\n${bot.stdout()}\n${bot.stderr()}`);
    }
    return { ...bot, name, url };
  }

  it('posts every key once, and a survivor carries the incident on and resolves it', async () => {
    const replicas = await Promise.all(['a', 'b', 'c'].map(start));
    await slack.waitFor(
      () => posts(slack, DIGESTS).length >= 3 && roots(slack).length >= 1,
      60_000,
    );
    // One holder of the alert lease among the three.
    let held: number[] = [];
    await until(
      async () => {
        held = (await Promise.all(replicas.map((r) => leaseHeld(r.url)))) as number[];
        return held.filter((h) => h === 1).length === 1 && held.every((h) => h !== null);
      },
      30_000,
      'one lease holder',
    );
    const holder = replicas[held.indexOf(1)] as Replica;
    const other = replicas.find((r) => r !== holder) as Replica;
    const survivor = replicas.find((r) => r !== holder && r !== other) as Replica;

    // SIGKILL both just after a digest tick (runs under way) while the alert is firing.
    const before = posts(slack, DIGESTS).length;
    await slack.waitFor(() => posts(slack, DIGESTS).length > before, 10_000);
    const killedAt = Date.now();
    holder.child.kill('SIGKILL');
    other.child.kill('SIGKILL');
    await Promise.all([holder.exited, other.exited]);

    await until(async () => (await leaseHeld(survivor.url)) === 1, 30_000, 'survivor takes lease');
    const takeoverMs = Date.now() - killedAt;
    // The survivor posts the digest alone meanwhile.
    const alone = posts(slack, DIGESTS).length;
    await slack.waitFor(() => posts(slack, DIGESTS).length >= alone + 2, 30_000);

    const restarted = await Promise.all([start(`${holder.name}2`), start(`${other.name}2`)]);
    const afterRestart = posts(slack, DIGESTS).length;
    await slack.waitFor(() => posts(slack, DIGESTS).length >= afterRestart + 3, 30_000);
    // Still one holder: the survivor (the restarted ones wait for it).
    const holders = await Promise.all([survivor, ...restarted].map((r) => leaseHeld(r.url)));
    expect(holders).toEqual([1, 0, 0]);

    // The stats turn healthy: the survivor resolves the incident it carried on.
    healthy = true;
    await slack.waitFor(
      () => slack.calls.some((c) => c.method === 'chat.update' && textOf(c).includes('Resolved')),
      60_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // a few more cycles and ticks

    const alive = [survivor, ...restarted];
    for (const r of alive) r.child.kill('SIGTERM');
    expect(await Promise.all(alive.map((r) => r.exited))).toEqual([0, 0, 0]);

    const keys = posts(slack).map(keyOf);
    expect(keys.every((key) => typeof key === 'string')).toBe(true);
    expect(keys.length - new Set(keys).size).toBe(0); // no key posted twice
    expect(roots(slack)).toHaveLength(1); // one incident, carried on across the kills
    expect(textOf(roots(slack)[0] as WebApiCall)).toMatch(/billing/);
    const resolutions = slack.calls.filter(
      (c) => c.method === 'chat.update' && textOf(c).includes('Resolved'),
    );
    expect(new Set(resolutions.map((c) => c.args.ts)).size).toBe(1);
    // Who resolved it: the survivor, which held the lease since the kills.
    expect(survivor.stdout()).toMatch(/alert lease acquired/);
    for (const r of restarted) expect(r.stdout()).not.toMatch(/alert lease acquired/);
    expect(takeoverMs).toBeLessThan(30_000); // max(2 × interval, 30 s) with interval 10 s
    process.stdout.write(
      `replicas e2e: takeover ${takeoverMs} ms; ${posts(slack, DIGESTS).length} digest posts, ${posts(slack, ALERTS).length} alert posts, ${keys.length} keys, all once\n`,
    );
  });
});
