import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHomeFeature } from '../../src/home/feature.js';
import type { Database } from '../../src/state/open-state-db.js';
import { createSqliteAlertStore } from '../../src/state/sqlite-alert-store.js';
import { createSqliteDigestStore } from '../../src/state/sqlite-digest-store.js';
import { type E2eWorld, startE2eWorld } from '../support/e2e-harness.js';
import type { FakeSlack, PublishedView } from '../support/fake-slack.js';
import type { StatsServer } from '../support/stats-server.js';
import {
  ALERT_CHANNEL,
  alertsFeature,
  E2E_RULE,
  spikeBody,
  topLevel,
  until,
} from './alerts-support.js';

const DIGEST_CHANNEL = 'C0DIGESTS1';

/**
 * The Home tab through the real app: the alerts feature fires on a spike (its cycle every 2 s),
 * a channel has a digest subscription, and Slack sends `app_home_opened` signed as it does. What
 * reaches `views.publish` is checked, then a change (a new subscription) is published by the
 * refresh, which runs every 200 ms here instead of every minute.
 */
describe('the App Home tab end to end', { timeout: 60_000 }, () => {
  let world: E2eWorld;
  let slack: FakeSlack;
  let statsApi: StatsServer;
  let db: Database;

  beforeEach(async () => {
    world = await startE2eWorld({
      statsHandler: () => ({ body: spikeBody() }),
      features: async (db) => {
        const digestStore = createSqliteDigestStore(db);
        await digestStore.addSubscription({
          name: 'billing weekdays',
          channel: DIGEST_CHANNEL,
          schedule: '0 9 * * 1-5',
          timezone: 'Europe/Berlin',
          window: '24h',
          description: 'weekdays at 09:00, window 24h',
          createdBy: 'U0ALICE',
          createdAt: Date.now(),
        });
        const home = createHomeFeature({
          rules: [E2E_RULE],
          digests: [
            {
              name: 'ops-daily',
              channel: DIGEST_CHANNEL,
              schedule: '0 8 * * *',
              timezone: 'UTC',
              window: 'yesterday',
            },
          ],
          alertStore: createSqliteAlertStore(db),
          digestStore,
          refreshMs: 200,
          publishesPerSecond: 20,
        });
        return [alertsFeature(db), home];
      },
    });
    ({ slack, statsApi, db } = world);
  });
  afterEach(() => world.close());

  /** Slack's app_home_opened for `user` on `tab`, signed as Slack sends it. */
  const opens = (user: string, tab: 'home' | 'messages') => world.ui.openHome(user, tab);
  const viewsOf = (user: string) => slack.published.filter((p) => p.userId === user);
  const shown = (p: PublishedView | undefined) => JSON.stringify(p?.view.blocks ?? []);

  it('publishes the firing alert (linked to its thread) and the digests when the tab is opened, then republishes only on a change', async () => {
    await until(() => topLevel(slack).length === 1 && incidentSaved(db));
    const root = slack.stored.find((m) => m.channel === ALERT_CHANNEL && m.thread_ts === undefined);
    const link = `https://slack.com/archives/${ALERT_CHANNEL}/p${root?.ts.replace('.', '')}`;

    expect((await opens('U0BOB', 'messages')).status).toBe(200); // not the Home tab: nothing
    expect((await opens('U0ALICE', 'home')).status).toBe(200);
    await until(() => viewsOf('U0ALICE').length >= 1);
    const first = viewsOf('U0ALICE')[0];
    expect(first?.view.type).toBe('home');
    const text = shown(first);
    expect(text).toContain(`<${link}|billing-spike>`);
    expect(text).toContain('🚨 firing');
    expect(text).toContain('40% (8/20)');
    expect(text).toContain(`*<#${DIGEST_CHANNEL}>*`);
    expect(text).toContain('*billing weekdays*: weekdays at 09:00, window 24h');
    expect(text).toContain('Europe/Berlin');
    expect(text).toContain('*ops-daily*: `0 8 * * *`, window yesterday');
    expect(text).toContain('_from exec-stats.yml_');
    expect(text).toContain('Last 24 hours');
    expect(text).toContain('*Total*');

    // Nothing changes over two more alert cycles (and many refreshes): nothing is published.
    const cyclesSoFar = statsApi.calls.length;
    await until(() => statsApi.calls.length >= cyclesSoFar + 2);
    expect(viewsOf('U0ALICE')).toHaveLength(1);

    // A new subscription: the next refresh publishes it, once.
    await createSqliteDigestStore(db).addSubscription({
      name: 'late shift',
      channel: DIGEST_CHANNEL,
      schedule: '0 22 * * *',
      timezone: 'UTC',
      window: '12h',
      description: 'daily at 22:00, window 12h',
      createdBy: 'U0BOB',
      createdAt: Date.now(),
    });
    await until(() => shown(viewsOf('U0ALICE').at(-1)).includes('*late shift*'));
    expect(viewsOf('U0ALICE')).toHaveLength(2);
    expect(viewsOf('U0BOB')).toEqual([]);
  });
});

function incidentSaved(db: Database): boolean {
  return (
    (db.prepare('SELECT COUNT(*) AS n FROM alert_incident_messages').get() as { n: number }).n > 0
  );
}
