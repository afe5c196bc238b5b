import { afterEach, describe, expect, it } from 'vitest';
import { runAlertCycle } from '../../../src/alerts/cycle.js';
import type { AlertSlack } from '../../../src/alerts/deliver.js';
import { createWindowFetcher } from '../../../src/alerts/window-fetcher.js';
import { fixedClock } from '../../../src/clock.js';
import { silentLogger } from '../../../src/logging/logger.js';
import { type PostMessageClient, postOnce } from '../../../src/slack/post-once.js';
import { openStateDb } from '../../../src/state/open-state-db.js';
import { createSqliteAlertStore } from '../../../src/state/sqlite-alert-store.js';
import { createSqlitePostLedger } from '../../../src/state/sqlite-post-ledger.js';
import { tempDbPath } from '../state/temp-db.js';
import { billing, plainDeps, rule } from './fixtures.js';
import { MINUTE, T0 } from './trace.js';

/**
 * A crash at the worst moment: Slack accepted the alert, and the process died before the ledger
 * and the outbox heard of it. The next process on the same DB file finds the post in the channel
 * (by its metadata key) and neither repeats it nor forgets the incident.
 */
describe('alerts across a crash, on one DB file', () => {
  const temp = tempDbPath();
  afterEach(() => temp.cleanup());

  it('a post that reached Slack before the crash is not posted again, and the incident goes on', async () => {
    const posted: { key: string; thread: unknown; ts: string }[] = [];
    let crash = true;
    const client: PostMessageClient = {
      chat: {
        async postMessage(args) {
          const ts = `1800000000.${String(posted.length + 1).padStart(6, '0')}`;
          posted.push({ key: args.metadata.event_payload.key ?? '', thread: args.thread_ts, ts });
          if (crash) return new Promise(() => {}); // the process dies here
          return { ok: true, ts };
        },
      },
      conversations: {
        history: async () => ({
          messages: posted.map((p) => ({
            ts: p.ts,
            metadata: { event_type: 'exec_stats_post', event_payload: { key: p.key } },
          })),
        }),
        replies: async () => ({ messages: [] }),
      },
    };
    const clock = fixedClock(T0);
    const startProcess = (owner: string) => {
      const db = openStateDb(temp.path);
      const ledger = createSqlitePostLedger(db);
      const slack: AlertSlack = {
        postOnce: (key, message) =>
          postOnce(key, message, { client, ledger, owner, clock, logger: silentLogger }),
        update: async () => {},
      };
      const stats = {
        getStats: async () => (clock.now() < T0 + 3 * MINUTE ? billing(10, 40) : billing(0, 40)),
      };
      const deps = {
        rules: [rule()],
        fetcher: createWindowFetcher(stats, MINUTE),
        store: createSqliteAlertStore(db),
        slack,
        ...plainDeps(clock),
      };
      return { db, cycle: () => runAlertCycle(deps) };
    };

    const first = startProcess('first');
    void first.cycle(); // hangs in chat.postMessage: the crash
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posted).toHaveLength(1);

    crash = false;
    const second = startProcess('second');
    clock.advance(MINUTE);
    await second.cycle();
    clock.advance(MINUTE);
    await second.cycle();
    expect(posted.filter((p) => p.key.endsWith(':root'))).toHaveLength(1);

    clock.advance(MINUTE); // it recovers: the reply goes into the first post's thread
    await second.cycle();
    const resolved = posted.find((p) => p.key.includes(':resolved:'));
    expect(resolved?.thread).toBe(posted[0]?.ts);
    first.db.close();
    second.db.close();
  });
});
