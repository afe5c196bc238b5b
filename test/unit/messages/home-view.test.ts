import { describe, expect, it } from 'vitest';
import type { AlertRuleConfig } from '../../../src/config/config.js';
import type { RuleState, SubjectState } from '../../../src/messages/alert-view.js';
import type { HomeDigest } from '../../../src/messages/home-digests.js';
import { threadUrl } from '../../../src/messages/home-incidents.js';
import {
  buildHomeView,
  HOME_FOOTER_BLOCK_ID,
  type HomeViewData,
  MAX_VIEW_BLOCKS,
} from '../../../src/messages/home-view.js';
import { checkMessageLimits } from '../../../src/messages/limits.js';
import type { Block } from '../../../src/messages/message.js';
import { StatsTimeoutError } from '../../../src/stats/errors.js';
import { rule } from '../alerts/fixtures.js';
import { allTexts, stats } from './fixtures.js';

const NOW = Date.parse('2026-11-28T10:00:00Z');
const MIN = 60_000;
const OPTIONS = { now: NOW, timeZone: 'Europe/Berlin' };

function subject(overrides: Partial<SubjectState> = {}): SubjectState {
  return {
    status: 'ok',
    breaches: 0,
    calm: 0,
    firingSince: null,
    last: {
      subject: '*',
      failed: 1,
      terminal: 100,
      rate: 0.01,
      baselineRate: null,
      pValue: null,
      breaching: false,
    },
    lastEvaluatedAt: NOW - MIN,
    history: [],
    ...overrides,
  };
}

function firingState(overrides: Partial<RuleState> = {}): RuleState {
  return {
    subjects: {
      '*': subject({
        status: 'firing',
        breaches: 2,
        firingSince: NOW - 30 * MIN,
        last: {
          subject: '*',
          failed: 8,
          terminal: 20,
          rate: 0.4,
          baselineRate: null,
          pValue: null,
          breaching: true,
        },
      }),
    },
    incident: {
      id: 'abc',
      openedAt: NOW - 30 * MIN,
      subjects: ['*'],
      announced: true,
      lastNotifiedAt: NOW - 30 * MIN,
      acknowledgedBy: null,
    },
    mutes: {},
    ...overrides,
  };
}

const okState: RuleState = { subjects: { '*': subject() }, incident: null, mutes: {} };

function digest(overrides: Partial<HomeDigest> = {}): HomeDigest {
  return {
    name: 'ops-daily',
    channel: 'C0OPS00001',
    origin: 'slack',
    description: 'weekdays at 09:00, window 24h',
    schedule: null,
    timeZone: 'Europe/Berlin',
    nextRun: Date.parse('2026-11-30T08:00:00Z'),
    ...overrides,
  };
}

function data(overrides: Partial<HomeViewData> = {}): HomeViewData {
  return {
    rules: [],
    states: new Map(),
    threads: new Map(),
    digests: [],
    summary: { ok: true, stats: stats() },
    ...overrides,
  };
}

/** Every way the view breaks a limit: Slack's message checks, with a view's 100 blocks. */
function viewProblems(blocks: Block[]): string[] {
  const problems = checkMessageLimits({ text: 'home', blocks }).filter(
    (p) => !p.startsWith('blocks: ') && !p.startsWith('blocks (all text)'),
  );
  if (blocks.length > MAX_VIEW_BLOCKS) problems.push(`${blocks.length} blocks`);
  return problems;
}

/** What a reader sees: every text, not the button values (data for the bot, never shown). */
const shown = (blocks: Block[]) =>
  allTexts({
    text: '',
    blocks: JSON.parse(JSON.stringify(blocks, (k, v) => (k === 'value' ? undefined : v))),
  }).join('\n');

/** The buttons of the view: action ID and value. */
const buttons = (blocks: Block[]) =>
  blocks.flatMap((b) =>
    b.type === 'actions'
      ? (b.elements as Array<{ action_id?: string; value?: string; confirm?: unknown }>).map(
          (e) => ({ actionId: e.action_id, value: e.value, confirms: e.confirm !== undefined }),
        )
      : [],
  );

const many = <T>(n: number, make: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => make(i));

describe('the Home tab view', () => {
  it('reads well with no rules, no digests and nothing firing', () => {
    const view = buildHomeView(data(), OPTIONS);
    expect(view.type).toBe('home');
    const text = shown(view.blocks);
    expect(text).toContain('Nothing is firing.');
    expect(text).toContain('No alert rules are configured');
    expect(text).toContain('No channel has a digest yet');
    expect(text).toContain(
      '"New digest" below, or `/exec-stats subscribe` in a channel, adds one.',
    );
    expect(text).toContain('Last 24 hours');
    expect(viewProblems(view.blocks)).toEqual([]);
  });

  it('lists a firing incident with a link to its thread, who acknowledged it and its mute', () => {
    const state = firingState({
      incident: {
        ...(firingState().incident as NonNullable<RuleState['incident']>),
        acknowledgedBy: 'U0BOB',
      },
      mutes: { '*': { until: NOW + 60 * MIN, by: 'U0CAROL' } },
    });
    const view = buildHomeView(
      data({
        rules: [rule({ name: 'billing-spike', channel: 'C0ALERTS01' })],
        states: new Map([['billing-spike', state]]),
        threads: new Map([['billing-spike', { channel: 'C0ALERTS01', ts: '1700000000.000100' }]]),
      }),
      OPTIONS,
    );
    const text = shown(view.blocks);
    expect(text).toContain('*Firing now* (1)');
    expect(text).toContain(
      '<https://slack.com/archives/C0ALERTS01/p1700000000000100|billing-spike>',
    );
    expect(text).toContain('acknowledged by <@U0BOB>');
    expect(text).toMatch(/muted until <!date\^\d+\^[^|]+\|[^>]+> by <@U0CAROL>/);
    // The rule's own section, as /exec-stats alerts shows it: state, since when, rate.
    expect(text).toContain('*billing-spike* · 🚨 firing');
    expect(text).toContain('40% (8/20)');
    expect(viewProblems(view.blocks)).toEqual([]);
  });

  it('says an incident was not posted yet when it has no thread', () => {
    const view = buildHomeView(
      data({
        rules: [rule({ name: 'quiet', channel: 'C0ALERTS01' })],
        states: new Map([['quiet', firingState()]]),
      }),
      OPTIONS,
    );
    expect(shown(view.blocks)).toContain('not posted yet in <#C0ALERTS01>');
  });

  it('shows firing rules before pending and ok ones', () => {
    const pending: RuleState = {
      subjects: { '*': subject({ status: 'pending', breaches: 1 }) },
      incident: null,
      mutes: {},
    };
    const view = buildHomeView(
      data({
        rules: [rule({ name: 'a-ok' }), rule({ name: 'b-pending' }), rule({ name: 'c-firing' })],
        states: new Map([
          ['a-ok', okState],
          ['b-pending', pending],
          ['c-firing', firingState()],
        ]),
      }),
      OPTIONS,
    );
    const text = shown(view.blocks);
    expect(text.indexOf('*c-firing* ·')).toBeLessThan(text.indexOf('*b-pending* ·'));
    expect(text.indexOf('*b-pending* ·')).toBeLessThan(text.indexOf('*a-ok* ·'));
  });

  it('lists digests by channel, config-file ones marked, each with its next run in its zone', () => {
    const view = buildHomeView(
      data({
        digests: [
          digest({
            origin: 'config',
            name: 'yaml-one',
            schedule: '0 9 * * 1-5',
            description: 'window yesterday',
          }),
          digest({ name: 'sub-one', timeZone: 'America/New_York' }),
          digest({ name: 'elsewhere', channel: 'C0OTHER001' }),
        ],
      }),
      OPTIONS,
    );
    const text = shown(view.blocks);
    expect(text).toContain('3 digests in 2 channels');
    expect(text).toContain('*<#C0OPS00001>*');
    expect(text).toContain('*yaml-one*: `0 9 * * 1-5`, window yesterday');
    expect(text).toContain('· _from exec-stats.yml_');
    expect(text).toMatch(/\*sub-one\*: weekdays at 09:00, window 24h · next .* America\/New_York/);
    expect(text.indexOf('*<#C0OTHER001>*')).toBeGreaterThan(text.indexOf('*sub-one*'));
  });

  it('gives digests made in Slack Edit and Delete (asking first) and who changed them; YAML ones none', () => {
    const view = buildHomeView(
      data({
        digests: [
          digest({ origin: 'config', name: 'yaml-one', schedule: '0 9 * * 1-5' }),
          digest({ name: 'sub-one', changedBy: 'U0BOB', changedAt: NOW - 5 * MIN }),
        ],
      }),
      OPTIONS,
    );
    const text = shown(view.blocks);
    expect(text).toContain('_changed by <@U0BOB> <!date^1795859700^{ago}|Sat 28 Nov 10:55>_');
    expect(text).toContain('Delete this digest?');
    expect(text).toContain('*sub-one* stops posting in <#C0OPS00001>.');
    const ref = JSON.stringify({ c: 'C0OPS00001', n: 'sub-one' });
    expect(buttons(view.blocks)).toEqual([
      { actionId: 'exec_stats_digest_new', value: 'new', confirms: false },
      { actionId: 'exec_stats_digest_edit', value: ref, confirms: false },
      { actionId: 'exec_stats_digest_delete', value: ref, confirms: true },
    ]);
  });

  it('puts the alert message’s own Acknowledge and Mute buttons on the first incidents', () => {
    const rules = many(7, (i) => rule({ name: `r${i}`, channel: 'C0ALERTS01' }));
    const acked = firingState();
    const states = new Map<string, RuleState>(
      rules.map((r, i) => [
        r.name,
        i === 0
          ? {
              ...acked,
              incident: {
                ...(acked.incident as NonNullable<RuleState['incident']>),
                acknowledgedBy: 'U0ALICE',
              },
            }
          : firingState(),
      ]),
    );
    const view = buildHomeView(data({ rules, states }), OPTIONS);
    const pressed = buttons(view.blocks);
    const value = (name: string) => JSON.stringify({ r: name, i: 'abc' });
    // r0 is acknowledged already: its Mute buttons only; r1…r4 all four; r5, r6 as lines.
    expect(pressed.filter((b) => b.value === value('r0')).map((b) => b.actionId)).toEqual([
      'exec_stats_alert_mute_1h',
      'exec_stats_alert_mute_4h',
      'exec_stats_alert_mute_24h',
    ]);
    expect(pressed.filter((b) => b.value === value('r4'))).toHaveLength(4);
    expect(pressed.filter((b) => b.value === value('r5'))).toEqual([]);
    expect(shown(view.blocks)).toContain('*r6*');
  });

  it('summarises the last 24 hours: total, failed, success rate, top failing sources', () => {
    const text = shown(buildHomeView(data(), OPTIONS).blocks);
    expect(text).toMatch(/\*Total\*\n[\d,]+/);
    expect(text).toContain('*Failed*');
    expect(text).toContain('*Success rate*');
    expect(text).toContain('*billing*');
  });

  it('says clearly when the stats API failed, and still shows the rest', () => {
    const view = buildHomeView(
      data({
        summary: {
          ok: false,
          error: new StatsTimeoutError('timed out after 10s', {
            method: 'GET',
            url: 'https://stats.example/v1/executions/stats',
          }),
        },
        rules: [rule({ name: 'r' })],
        states: new Map([['r', okState]]),
      }),
      OPTIONS,
    );
    const text = shown(view.blocks);
    expect(text).toContain('Could not get executions for the last 24 hours');
    expect(text).toContain('*r* · ✅ ok');
    expect(viewProblems(view.blocks)).toEqual([]);
  });

  it('links only well-formed threads', () => {
    expect(threadUrl({ channel: 'C0ALERTS01', ts: '1700000000.000100' })).toBe(
      'https://slack.com/archives/C0ALERTS01/p1700000000000100',
    );
    expect(threadUrl({ channel: 'C0|evil>', ts: '1700000000.000100' })).toBeNull();
    expect(threadUrl({ channel: 'C0ALERTS01', ts: '17/../x' })).toBeNull();
  });

  it('lists a few mutes of a rule and counts the rest', () => {
    const mutes = Object.fromEntries(
      many(40, (i) => [`source-${i}`, { until: NOW + 60 * MIN, by: 'U0CAROL' }]),
    );
    const view = buildHomeView(
      data({
        rules: [rule({ name: 'r', scope: 'per-source' })],
        states: new Map([['r', { ...okState, mutes }]]),
      }),
      OPTIONS,
    );
    const text = shown(view.blocks);
    expect(text.match(/🔕/g)).toHaveLength(5);
    expect(text).toContain('…and 35 more mutes');
  });

  it('keeps a footer that names "now" apart, so it can be left out of a change check', () => {
    const blocks = buildHomeView(data(), OPTIONS).blocks;
    expect(blocks.at(-1)?.block_id).toBe(HOME_FOOTER_BLOCK_ID);
    expect(blocks.filter((b) => b.block_id === HOME_FOOTER_BLOCK_ID)).toHaveLength(1);
  });
});

const HOSTILE = '<!channel> *bold* `code` <https://evil.example|click> &amp;\n• fake line\u202e';

describe('the Home tab within Slack’s limits', () => {
  const hostileRule = (i: number): AlertRuleConfig =>
    rule({ name: `${HOSTILE} ${i} ${'x'.repeat(200)}`, channel: 'C0ALERTS01' });
  it.each<[string, () => HomeViewData]>([
    ['0 rules, 0 digests', () => data()],
    [
      '3,000 rules, all firing',
      () => {
        const rules = many(3000, (i) => rule({ name: `rule-${i}`, channel: 'C0ALERTS01' }));
        return data({
          rules,
          states: new Map(rules.map((r) => [r.name, firingState()])),
          threads: new Map(
            rules.map((r, i) => [
              r.name,
              { channel: 'C0ALERTS01', ts: `1700000000.${String(i).padStart(6, '0')}` },
            ]),
          ),
        });
      },
    ],
    [
      '3,000 rules, mostly never evaluated',
      () => data({ rules: many(3000, (i) => rule({ name: `rule-${i}` })) }),
    ],
    [
      '3,000 digests in 3,000 channels',
      () =>
        data({
          digests: many(3000, (i) =>
            digest({ name: `d${i}`, channel: `C${String(i).padStart(9, '0')}` }),
          ),
        }),
    ],
    [
      '3,000 digests in one channel',
      () => data({ digests: many(3000, (i) => digest({ name: `d${i}` })) }),
    ],
    [
      '3,000 hostile rules, incidents and digests at once, the API failing',
      () => {
        const rules = many(3000, hostileRule);
        return data({
          rules,
          states: new Map(
            rules.map((r) => [
              r.name,
              firingState({ mutes: { [HOSTILE]: { until: NOW + MIN, by: 'U1' } } }),
            ]),
          ),
          held: rules.map((r) => ({
            rule: r.name,
            channel: 'C0ALERTS01',
            reason: HOSTILE,
            since: NOW - MIN,
          })),
          digests: many(3000, (i) =>
            digest({
              name: `${HOSTILE}${i}`,
              description: HOSTILE.repeat(20),
              channel: HOSTILE,
              schedule: HOSTILE,
            }),
          ),
          summary: { ok: false, error: new Error(HOSTILE) },
        });
      },
    ],
  ])('%s', (_name, make) => {
    const view = buildHomeView(make(), OPTIONS);
    expect(viewProblems(view.blocks)).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(MAX_VIEW_BLOCKS);
    expect(view.blocks.at(-1)?.block_id).toBe(HOME_FOOTER_BLOCK_ID);
  });

  it('says how many rules, incidents and digests are left out, and sums the rules up', () => {
    const rules = many(3000, (i) => rule({ name: `rule-${i}` }));
    const states = new Map<string, RuleState>(
      rules.map((r, i) => [r.name, i < 30 ? firingState() : okState]),
    );
    const text = shown(
      buildHomeView(
        data({ rules, states, digests: many(3000, (i) => digest({ name: `d${i}` })) }),
        OPTIONS,
      ).blocks,
    );
    expect(text).toContain('*Firing now* (30)');
    expect(text).toContain('…and 10 more incidents');
    expect(text).toContain('Alert rules (3,000)');
    expect(text).toContain('…and 2,975 more rules: 5 firing, 2,970 ok.');
    expect(text).toContain('…and 2,960 more digests.');
  });

  it('never lets a hostile name mention, link or format', () => {
    const rules = [hostileRule(1)];
    const text = shown(
      buildHomeView(
        data({
          rules,
          states: new Map([[rules[0]?.name ?? '', firingState()]]),
          threads: new Map([
            [rules[0]?.name ?? '', { channel: 'C0ALERTS01', ts: '1700000000.000100' }],
          ]),
          digests: [digest({ name: HOSTILE, description: HOSTILE, channel: HOSTILE })],
          summary: {
            ok: true,
            stats: stats({
              sourceSystems: [
                { sourceSystem: HOSTILE, total: 10, succeeded: 5, failed: 5, cancelled: 0 },
              ],
            }),
          },
        }),
        OPTIONS,
      ).blocks,
    );
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<https://evil');
    expect(text).not.toContain('\u202e');
    expect(text).not.toContain('\n• fake line');
    expect(text).toContain('&lt;!channel&gt;');
  });
});
