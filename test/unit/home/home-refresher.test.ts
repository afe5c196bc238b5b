import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { createHomeRefresher, viewFingerprint } from '../../../src/home/home-refresher.js';
import { createPacer } from '../../../src/home/pacer.js';
import { silentLogger } from '../../../src/logging/logger.js';
import type { RuleState } from '../../../src/messages/alert-view.js';
import {
  buildHomeView,
  type HomeView,
  type HomeViewData,
} from '../../../src/messages/home-view.js';
import { rule } from '../alerts/fixtures.js';
import { stats } from '../messages/fixtures.js';

const START = Date.parse('2026-11-28T10:00:00Z');
const MIN = 60_000;

function world(options: { maxUsers?: number; failPublish?: number } = {}) {
  let failures = options.failPublish ?? 0;
  const clock = fixedClock(START);
  let data: HomeViewData = {
    rules: [rule({ name: 'spike' })],
    states: new Map(),
    threads: new Map(),
    digests: [],
    summary: { ok: true, stats: stats() },
  };
  const published: { user: string; view: HomeView; at: number }[] = [];
  let loads = 0;
  const refresher = createHomeRefresher({
    load: async () => {
      loads += 1;
      return data;
    },
    zoneOf: async (user) => (user === 'U0BERLIN' ? 'Europe/Berlin' : 'UTC'),
    publish: async (user, view) => {
      if (failures > 0) {
        failures -= 1;
        throw new Error('slack said no');
      }
      published.push({ user, view, at: clock.now() });
    },
    canChangeRules: async (user) => user === 'U0ADMIN',
    pacer: createPacer({ perSecond: 0 }),
    clock,
    logger: silentLogger,
    ...(options.maxUsers === undefined ? {} : { maxUsers: options.maxUsers }),
  });
  return {
    clock,
    refresher,
    published,
    loads: () => loads,
    change(next: Partial<HomeViewData>) {
      data = { ...data, ...next };
    },
  };
}

const firing: RuleState = {
  subjects: {
    '*': {
      status: 'firing',
      breaches: 2,
      calm: 0,
      firingSince: START,
      last: {
        subject: '*',
        failed: 8,
        terminal: 20,
        rate: 0.4,
        baselineRate: null,
        pValue: null,
        breaching: true,
      },
      lastEvaluatedAt: START,
      history: [],
    },
  },
  incident: {
    id: 'x',
    openedAt: START,
    subjects: ['*'],
    announced: true,
    lastNotifiedAt: START,
    acknowledgedBy: null,
  },
  mutes: {},
};

describe('keeping open Home tabs current', () => {
  it('publishes when the tab is opened, even when nothing changed since the last time', async () => {
    const w = world();
    await w.refresher.opened('U0ALICE');
    await w.refresher.opened('U0ALICE');
    expect(w.published.map((p) => p.user)).toEqual(['U0ALICE', 'U0ALICE']);
    expect(w.published[0]?.view.type).toBe('home');
  });

  it('republishes on a refresh only what changed, per user', async () => {
    const w = world();
    await w.refresher.opened('U0ALICE');
    await w.refresher.opened('U0BERLIN');
    w.clock.advance(MIN);
    expect(await w.refresher.refresh()).toEqual({ published: 0, unchanged: 2, failed: 0 });
    w.change({ states: new Map([['spike', firing]]) });
    w.clock.advance(MIN);
    expect(await w.refresher.refresh()).toEqual({ published: 2, unchanged: 0, failed: 0 });
    expect(JSON.stringify(w.published.at(-1)?.view.blocks)).toContain('🚨 firing');
    // The firing rule's page does not change just because time passes.
    w.clock.advance(17 * MIN);
    expect(await w.refresher.refresh()).toEqual({ published: 0, unchanged: 2, failed: 0 });
  });

  it('loads the data once per refresh, whatever the number of users', async () => {
    const w = world();
    for (let i = 0; i < 10; i++) await w.refresher.opened(`U${i}`);
    const before = w.loads();
    await w.refresher.refresh();
    expect(w.loads()).toBe(before + 1);
  });

  it('forgets a user an hour after they opened the tab, and loads nothing with nobody watching', async () => {
    const w = world();
    await w.refresher.opened('U0ALICE');
    w.clock.advance(30 * MIN);
    await w.refresher.opened('U0BOB');
    w.clock.advance(31 * MIN);
    w.change({ states: new Map([['spike', firing]]) });
    await w.refresher.refresh();
    expect(w.published.at(-1)?.user).toBe('U0BOB');
    expect(w.refresher.watching).toBe(1);
    w.clock.advance(30 * MIN);
    const loads = w.loads();
    expect(await w.refresher.refresh()).toEqual({ published: 0, unchanged: 0, failed: 0 });
    expect(w.loads()).toBe(loads);
  });

  it('remembers at most maxUsers, the most recent openers', async () => {
    const w = world({ maxUsers: 3 });
    for (const user of ['U1', 'U2', 'U3', 'U4']) await w.refresher.opened(user);
    await w.refresher.opened('U2'); // opened again: now the most recent
    await w.refresher.opened('U5');
    expect(w.refresher.watching).toBe(3);
    w.change({ states: new Map([['spike', firing]]) });
    w.published.length = 0;
    await w.refresher.refresh();
    expect(w.published.map((p) => p.user).sort()).toEqual(['U2', 'U4', 'U5']);
  });

  it('tries again at the next refresh when a publish failed', async () => {
    const w = world({ failPublish: 2 });
    await w.refresher.opened('U0ALICE');
    expect(await w.refresher.refresh()).toEqual({ published: 0, unchanged: 0, failed: 1 });
    expect(await w.refresher.refresh()).toEqual({ published: 1, unchanged: 0, failed: 0 });
    expect(await w.refresher.refresh()).toEqual({ published: 0, unchanged: 1, failed: 0 });
  });
});

describe('the fingerprint of a view', () => {
  const data: HomeViewData = {
    rules: [],
    states: new Map(),
    threads: new Map(),
    digests: [],
    summary: { ok: true, stats: stats() },
  };
  it('leaves out the footer that names the time', () => {
    const a = buildHomeView(data, { now: START, timeZone: 'UTC' });
    const b = buildHomeView(data, { now: START + 5 * MIN, timeZone: 'UTC' });
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(b));
    expect(viewFingerprint(a)).toBe(viewFingerprint(b));
  });
  it('changes with what the page shows', () => {
    const a = buildHomeView(data, { now: START, timeZone: 'UTC' });
    const b = buildHomeView({ ...data, rules: [rule()] }, { now: START, timeZone: 'UTC' });
    expect(viewFingerprint(a)).not.toBe(viewFingerprint(b));
  });
});

describe('the Home tab per reader', () => {
  it('shows admins the rule controls, and others not', async () => {
    const { refresher, published } = world();
    await refresher.opened('U0ADMIN');
    await refresher.opened('U0ALICE');
    const has = (user: string) =>
      JSON.stringify(published.find((p) => p.user === user)?.view.blocks).includes('New rule');
    expect(has('U0ADMIN')).toBe(true);
    expect(has('U0ALICE')).toBe(false);
  });
});

describe('a refresh while a view is being published', () => {
  it('does not publish the same view twice, and tries again after a failure', async () => {
    const clock = fixedClock(START);
    let data: HomeViewData = {
      rules: [rule({ name: 'spike' })],
      states: new Map(),
      threads: new Map(),
      digests: [],
      summary: { ok: true, stats: stats() },
    };
    let release: () => void = () => {};
    let fail = false;
    const published: string[] = [];
    const refresher = createHomeRefresher({
      load: async () => data,
      zoneOf: async () => 'UTC',
      publish: async (user) => {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        if (fail) throw new Error('slack said no');
        published.push(user);
      },
      pacer: createPacer({ perSecond: 0 }),
      clock,
      logger: silentLogger,
    });
    const opening = refresher.opened('U0ALICE'); // its publish is under way…
    await new Promise((resolve) => setImmediate(resolve));
    const report = await refresher.refresh(); // …when the refresh looks: nothing new to publish
    release();
    await opening;
    expect(report).toEqual({ published: 0, unchanged: 1, failed: 0 });
    expect(published).toEqual(['U0ALICE']);

    // A failed publish of a new view is not taken as shown: the next refresh publishes it.
    data = { ...data, rules: [...data.rules, rule({ name: 'latency' })] };
    fail = true;
    const failing = refresher.opened('U0ALICE');
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await failing;
    fail = false;
    const retry = refresher.refresh();
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await retry).toEqual({ published: 1, unchanged: 0, failed: 0 });
  });
});
