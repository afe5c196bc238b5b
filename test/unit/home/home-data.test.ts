import { describe, expect, it } from 'vitest';
import { createMemoryAlertStore } from '../../../src/dev/alerts/memory-store.js';
import type { DigestSubscription } from '../../../src/digests/store.js';
import { loadHomeData, SUMMARY_MAX_AGE_MS } from '../../../src/home/home-data.js';
import type { RuleState } from '../../../src/messages/alert-view.js';
import type { GetStatsOptions, StatsQuery } from '../../../src/stats/types.js';
import { rule } from '../alerts/fixtures.js';
import { incidentView } from '../alerts/view-fixture.js';
import { stats } from '../messages/fixtures.js';

const NOW = Date.parse('2026-11-28T10:00:30Z'); // a Saturday
const HOUR = 3_600_000;

const subscription = (overrides: Partial<DigestSubscription> = {}): DigestSubscription => ({
  name: 'ops weekdays',
  channel: 'C0OPS00001',
  schedule: '0 9 * * 1-5',
  timezone: 'America/New_York',
  window: '24h',
  description: 'weekdays at 09:00, window 24h',
  createdBy: 'U0ALICE',
  createdAt: NOW - HOUR,
  ...overrides,
});

const openIncident: RuleState = {
  subjects: {},
  incident: {
    id: 'inc1',
    openedAt: NOW - HOUR,
    subjects: ['*'],
    announced: true,
    lastNotifiedAt: NOW - HOUR,
    acknowledgedBy: null,
  },
  mutes: {},
};

async function load(options: { failStats?: boolean } = {}) {
  const alertStore = createMemoryAlertStore();
  await alertStore.saveRuleState('spike', openIncident, []);
  await alertStore.saveIncidentMessage({
    rule: 'spike',
    incidentId: 'inc1',
    channel: 'C0ALERTS01',
    ts: '1700000000.000100',
    view: incidentView(),
  });
  const queries: { query: StatsQuery; options: GetStatsOptions | undefined }[] = [];
  const data = await loadHomeData(
    {
      rules: [rule({ name: 'spike' }), rule({ name: 'calm' })],
      digests: [
        {
          name: 'yaml-daily',
          channel: 'C0OPS00001',
          schedule: '0 9 * * *',
          timezone: 'Europe/Berlin',
          window: 'yesterday',
        },
      ],
      alertStore,
      digestStore: {
        listSubscriptions: async () => [
          subscription({ channel: 'C0OTHER001', name: 'other' }),
          subscription(),
        ],
      },
      stats: {
        getStats: async (query, opts) => {
          queries.push({ query, options: opts });
          if (options.failStats) throw new Error('stats API down');
          return stats();
        },
      },
    },
    NOW,
  );
  return { data, queries };
}

describe('what the Home tab reads', () => {
  it('links each open incident to the root message the store keeps', async () => {
    const { data } = await load();
    expect([...data.threads]).toEqual([
      ['spike', { channel: 'C0ALERTS01', ts: '1700000000.000100' }],
    ]);
    expect(data.states.get('spike')?.incident?.id).toBe('inc1');
  });

  it('lists YAML digests and subscriptions by channel, each with its next run in its zone', async () => {
    const { data } = await load();
    expect(data.digests.map((d) => [d.channel, d.name, d.origin, d.schedule])).toEqual([
      ['C0OPS00001', 'yaml-daily', 'config', '0 9 * * *'],
      ['C0OPS00001', 'ops weekdays', 'slack', null],
      ['C0OTHER001', 'other', 'slack', null],
    ]);
    // 09:00 in Berlin on Sunday the 29th; weekdays 09:00 in New York: Monday the 30th.
    expect(data.digests[0]?.nextRun).toBe(Date.parse('2026-11-29T08:00:00Z'));
    expect(data.digests[1]?.nextRun).toBe(Date.parse('2026-11-30T14:00:00Z'));
    expect(data.digests[1]?.timeZone).toBe('America/New_York');
  });

  it('asks for the last 24 hours to the minute, hourly, accepting a minute-old answer', async () => {
    const { data, queries } = await load();
    const to = Date.parse('2026-11-28T10:00:00Z');
    expect(queries).toEqual([
      {
        query: { from: to - 24 * HOUR, to, granularity: 'hourly' },
        options: { maxAgeMs: SUMMARY_MAX_AGE_MS },
      },
    ]);
    expect(data.summary.ok).toBe(true);
  });

  it('keeps a stats API failure as the summary, and reads the rest', async () => {
    const { data } = await load({ failStats: true });
    expect(data.summary.ok).toBe(false);
    expect(data.threads.size).toBe(1);
    expect(data.digests).toHaveLength(3);
  });
});
