import { describe, expect, it } from 'vitest';
import { runAlertCycle } from '../../../src/alerts/cycle.js';
import { createWindowFetcher } from '../../../src/alerts/window-fetcher.js';
import { fixedClock } from '../../../src/clock.js';
import type { AlertRuleConfig } from '../../../src/config/config.js';
import { createMemoryAlertStore } from '../../../src/dev/alerts/memory-store.js';
import { createRecordingSlack } from '../../../src/dev/alerts/recording-slack.js';
import { OVERALL } from '../../../src/messages/alert-view.js';
import type { Stats } from '../../../src/stats/types.js';
import { billing, plainDeps, rule, stats } from './fixtures.js';
import { MINUTE, T0 } from './trace.js';

/** A cycle's world: rules, a stats answer (or failure) the test sets, a memory store, a recording Slack. */
function world(rules: readonly AlertRuleConfig[]) {
  const clock = fixedClock(T0);
  let answer: Stats | Error = billing(0, 40);
  const store = createMemoryAlertStore();
  const slack = createRecordingSlack(clock.now);
  const deps = {
    rules,
    fetcher: createWindowFetcher(
      {
        getStats: async () => {
          if (answer instanceof Error) throw answer;
          return answer;
        },
      },
      MINUTE,
    ),
    store,
    slack,
    ...plainDeps(clock),
  };
  return {
    store,
    slack,
    set: (next: Stats | Error) => {
      answer = next;
    },
    async cycle() {
      const report = await runAlertCycle(deps);
      clock.advance(MINUTE);
      return report;
    },
    posts: () => slack.calls.flatMap((c) => (c.kind === 'post' ? [c.key] : [])),
  };
}

describe('runAlertCycle', () => {
  it('posts the alert once, edits the root while it fires, and posts the recovery in the thread', async () => {
    const w = world([rule()]);
    w.set(billing(10, 40));
    await w.cycle();
    w.set(billing(12, 40));
    await w.cycle();
    w.set(billing(0, 40));
    await w.cycle();
    const posts = w.slack.calls.filter((c) => c.kind === 'post');
    expect(posts.map((p) => p.key.split(':').slice(3).join(':'))).toEqual([
      'root',
      `resolved:${T0 + 2 * MINUTE}`,
    ]);
    const root = posts[0];
    expect(root?.kind === 'post' && root.message.thread_ts).toBeUndefined();
    expect(posts[1]?.kind === 'post' && posts[1].message.thread_ts).toBe(
      root?.kind === 'post' ? root.ts : '',
    );
    const edits = w.slack.calls.filter((c) => c.kind === 'update');
    expect(edits).toHaveLength(2);
    expect(edits.at(-1)?.message.text).toContain('Resolved');
    expect(await w.store.pendingNotifications()).toEqual([]);
  });

  it('an API that cannot be read changes no state, and the channel is told once after 3 failures, once when back', async () => {
    const w = world([rule(), rule({ name: 'other', channel: 'COTHER' })]);
    w.set(billing(10, 40));
    await w.cycle(); // both fire
    const firing = await w.store.loadRuleState('spike');
    w.set(new Error('ECONNREFUSED'));
    for (let i = 0; i < 5; i++) {
      const report = await w.cycle();
      expect(report).toEqual({ evaluated: 0, unreadable: 2 });
    }
    expect(await w.store.loadRuleState('spike')).toEqual(firing);
    const downs = w.posts().filter((k) => k.startsWith('alerts-api:') && k.includes(':down:'));
    expect(downs).toEqual([
      `alerts-api:${T0 + MINUTE}:down:CALERTS`,
      `alerts-api:${T0 + MINUTE}:down:COTHER`,
    ]);
    w.set(billing(10, 40));
    await w.cycle();
    await w.cycle();
    const ups = w.posts().filter((k) => k.includes(':up:'));
    expect(ups).toEqual([
      `alerts-api:${T0 + MINUTE}:up:CALERTS`,
      `alerts-api:${T0 + MINUTE}:up:COTHER`,
    ]);
    // Still one alert per rule: the outage neither resolved nor re-fired anything.
    expect(w.posts().filter((k) => k.endsWith(':root'))).toHaveLength(2);
    expect(w.posts().filter((k) => k.includes(':resolved'))).toHaveLength(0);
  });

  it('two failed cycles say nothing', async () => {
    const w = world([rule()]);
    w.set(new Error('down'));
    await w.cycle();
    await w.cycle();
    w.set(billing(0, 40));
    await w.cycle();
    expect(w.posts()).toEqual([]);
  });

  it('a notification that Slack could not take stays queued and goes out on the next cycle, once', async () => {
    const w = world([rule()]);
    const postOnce = w.slack.postOnce;
    let fail = true;
    w.slack.postOnce = async (key, message) => {
      if (fail) throw new Error('socket hang up');
      return postOnce(key, message);
    };
    w.set(billing(10, 40));
    await w.cycle();
    expect(w.posts()).toEqual([]);
    expect((await w.store.pendingNotifications()).map((p) => p.notification.kind)).toEqual([
      'open',
    ]);
    fail = false;
    await w.cycle();
    await w.cycle();
    expect(w.posts().filter((k) => k.endsWith(':root'))).toHaveLength(1);
    expect(await w.store.pendingNotifications()).toEqual([]);
  });

  it('a root Slack refuses until someone acts (not in the channel) is held, and other rules go on', async () => {
    const w = world([rule({ name: 'broken', channel: 'CNOTIN' }), rule()]);
    const postOnce = w.slack.postOnce;
    let invited = false;
    w.slack.postOnce = async (key, message) => {
      if (message.channel === 'CNOTIN' && !invited)
        throw Object.assign(new Error('refused'), { data: { error: 'not_in_channel' } });
      return postOnce(key, message);
    };
    w.set(billing(10, 40));
    await w.cycle();
    expect(w.posts()).toEqual([`alert:spike:${T0.toString(36)}:root`]);
    const held = (await w.store.pendingNotifications()).filter((p) => p.held !== null);
    expect(held.map((p) => [p.rule, p.held?.reason])).toEqual([['broken', 'not_in_channel']]);
    expect((await w.store.loadRuleState('broken'))?.subjects[OVERALL]?.status).toBe('firing');

    // The failures grow while the bot is not in the channel; then it is invited.
    w.set(billing(20, 40));
    await w.cycle();
    invited = true;
    await w.cycle();
    const root = w.slack.calls.find(
      (c) => c.kind === 'post' && c.key === `alert:broken:${T0.toString(36)}:root`,
    );
    expect(root?.kind === 'post' && root.message.text).toContain('50%'); // 20 of 40, not 10 of 40
    expect(await w.store.pendingNotifications()).toEqual([]);
  });

  it('a notification Slack says is malformed is dropped (waiting cannot fix it)', async () => {
    const w = world([rule({ name: 'broken', channel: 'CBAD' }), rule()]);
    const postOnce = w.slack.postOnce;
    w.slack.postOnce = async (key, message) => {
      if (message.channel === 'CBAD')
        throw Object.assign(new Error('refused'), { data: { error: 'invalid_blocks' } });
      return postOnce(key, message);
    };
    w.set(billing(10, 40));
    await w.cycle();
    expect(w.posts()).toEqual([`alert:spike:${T0.toString(36)}:root`]);
    expect(await w.store.pendingNotifications()).toEqual([]);
  });

  it('a source joining an open incident is a thread reply also sent to the channel; a reminder stays in the thread', async () => {
    const w = world([rule({ name: 'per-source', scope: 'per-source', renotifyMs: 5 * MINUTE })]);
    w.set(stats({ billing: [10, 40], ledger: [0, 40] }));
    await w.cycle();
    w.set(stats({ billing: [10, 40], ledger: [12, 40] }));
    for (let i = 0; i < 8; i += 1) await w.cycle();
    const replies = w.slack.calls.flatMap((c) =>
      c.kind === 'post' && c.message.thread_ts !== undefined ? [c] : [],
    );
    const joined = replies.find((c) => c.key.includes(':joined'));
    expect(joined?.message.reply_broadcast).toBe(true);
    const reminders = replies.filter((c) => c.key.includes(':renotify'));
    expect(reminders.length).toBeGreaterThan(0);
    for (const reminder of reminders) expect(reminder.message.reply_broadcast).toBeUndefined();
  });
});
