import { describe, expect, it } from 'vitest';
import { evaluateRule } from '../../../src/alerts/engine.js';
import { alertSubcommands, parseMuteArgs } from '../../../src/alerts/subcommands.js';
import { EMPTY_RULE_STATE } from '../../../src/alerts/types.js';
import { fixedClock } from '../../../src/clock.js';
import { createMemoryAlertStore } from '../../../src/dev/alerts/memory-store.js';
import { createRecordingSlack } from '../../../src/dev/alerts/recording-slack.js';
import type { SubcommandContext } from '../../../src/features/feature.js';
import { OVERALL } from '../../../src/messages/alert-view.js';
import type { SlackMessage } from '../../../src/messages/message.js';
import { createPermissions, type PermissionsClient } from '../../../src/slack/permissions.js';
import { recordingLogger } from '../../support/recording-logger.js';
import { billing, plainDeps, rule, stats } from './fixtures.js';
import { T0 } from './trace.js';
import { incidentView } from './view-fixture.js';

const rules = [rule(), rule({ name: 'per-source', scope: 'per-source' })];

/**
 * Slack's answers to the permission checks, as a plain object: U0BOB and U0ALICE are in the rules'
 * channel, U0ADMIN is a workspace admin, anyone else neither.
 */
function permissionsClient(): PermissionsClient & { membersAsked: string[] } {
  const membersAsked: string[] = [];
  return {
    membersAsked,
    users: { info: async ({ user }) => ({ user: { is_admin: user === 'U0ADMIN' } }) },
    usergroups: { users: { list: async () => ({ users: [] }) } },
    conversations: {
      members: async ({ channel }) => {
        membersAsked.push(channel);
        return { members: channel === 'CALERTS' ? ['U0BOB', 'U0ALICE'] : [] };
      },
    },
  };
}

async function setUp() {
  const clock = fixedClock(T0);
  const store = createMemoryAlertStore();
  const slack = createRecordingSlack(clock.now);
  const client = permissionsClient();
  const logger = recordingLogger();
  const handlers = alertSubcommands({
    rules: async () => rules,
    store,
    slack,
    ...plainDeps(clock),
    logger,
    permissions: createPermissions({ client, admins: null, clock, logger }),
  });
  const replies: { message: SlackMessage; inChannel: boolean }[] = [];
  const run = async (name: keyof typeof handlers, args: string[], userId = 'U0BOB') => {
    const ctx: SubcommandContext = {
      args,
      userId,
      channelId: 'C1',
      respond: async (message, options) => {
        replies.push({ message, inChannel: options?.inChannel === true });
      },
    };
    await handlers[name](ctx);
    return replies.at(-1);
  };
  return { store, slack, run, clock, client, logger };
}

const text = (m: SlackMessage | undefined) => JSON.stringify(m?.blocks ?? []);

describe('/exec-stats alerts | mute | unmute', () => {
  it('lists each rule with its state, since when, and current rate', async () => {
    const { store, run } = await setUp();
    const firing = evaluateRule({
      rule: rules[0] ?? rule(),
      window: billing(10, 40),
      baseline: null,
      previous: EMPTY_RULE_STATE,
      now: T0 - 600_000,
    });
    await store.saveRuleState('spike', firing.state, []);
    const perSource = evaluateRule({
      rule: rules[1] ?? rule(),
      window: stats({ billing: [1, 40], crm: [0, 10] }),
      baseline: null,
      previous: EMPTY_RULE_STATE,
      now: T0,
    });
    await store.saveRuleState('per-source', perSource.state, []);
    const reply = await run('alerts', []);
    expect(reply?.inChannel).toBe(false);
    expect(text(reply?.message)).toContain('*spike* · 🚨 firing');
    expect(text(reply?.message)).toContain('all sources: firing since <!date^');
    expect(text(reply?.message)).toContain('(10m), 25% (10/40)');
    expect(text(reply?.message)).toContain('*per-source* · ✅ ok');
    expect(text(reply?.message)).toContain('billing: ok, 2.5% (1/40)');
  });

  it('counts the sources it leaves out, in the singular for one', async () => {
    const { store, run } = await setUp();
    const sources = Object.fromEntries(
      Array.from({ length: 6 }, (_, i): [string, [number, number]] => [`source-${i}`, [i, 40]]),
    );
    const evaluated = evaluateRule({
      rule: rules[1] ?? rule(),
      window: stats(sources),
      baseline: null,
      previous: EMPTY_RULE_STATE,
      now: T0,
    });
    await store.saveRuleState('per-source', evaluated.state, []);
    const shown = text((await run('alerts', []))?.message);
    expect(shown).toContain('…and 1 more source');
    expect(shown).not.toContain('1 more sources');
  });

  it('mutes a rule (in the channel, so the team knows) and redraws its open alert', async () => {
    const { store, slack, run } = await setUp();
    const firing = evaluateRule({
      rule: rules[0] ?? rule(),
      window: billing(10, 40),
      baseline: null,
      previous: EMPTY_RULE_STATE,
      now: T0,
    });
    await store.saveRuleState('spike', firing.state, []);
    const id = firing.state.incident?.id ?? '';
    await store.saveIncidentMessage({
      rule: 'spike',
      incidentId: id,
      channel: 'CALERTS',
      ts: '1.1',
      view: incidentView({ rule: 'spike', incidentId: id }),
    });
    const reply = await run('mute', ['spike', '4h']);
    expect(reply?.inChannel).toBe(true);
    expect(text(reply?.message)).toContain('<@U0BOB> muted *spike* until <!date^');
    expect((await store.loadRuleState('spike'))?.mutes[OVERALL]).toEqual({
      until: T0 + 4 * 3_600_000,
      by: 'U0BOB',
    });
    const edit = slack.calls.find((c) => c.kind === 'update');
    expect(edit?.kind === 'update' && edit.ts).toBe('1.1');
    expect(text(edit?.message)).toContain('Muted until');
    const again = await run('unmute', ['spike']);
    expect(text(again?.message)).toContain('unmuted *spike*');
    expect((await store.loadRuleState('spike'))?.mutes).toEqual({});
  });

  it('mutes one source of a per-source rule', async () => {
    const { store, run } = await setUp();
    await run('mute', ['per-source', 'source:billing', '1h']);
    expect(Object.keys((await store.loadRuleState('per-source'))?.mutes ?? {})).toEqual([
      'billing',
    ]);
  });

  it('answers a mistake with the usage, privately', async () => {
    const { run, client } = await setUp();
    const reply = await run('mute', ['nope', '1h']);
    expect(reply?.inChannel).toBe(false);
    expect(text(reply?.message)).toContain('Name one of the alert rules');
    expect(text(reply?.message)).toContain('Usage:');
    expect(client.membersAsked).toEqual([]); // nothing to check for a command that names no rule
  });

  it("refuses someone not in the rule's channel, privately, and changes nothing", async () => {
    const { store, slack, run, client, logger } = await setUp();
    const reply = await run('mute', ['spike', '4h'], 'U0EVE');
    expect(reply?.inChannel).toBe(false);
    expect(reply?.message.text).toBe(
      'Only members of <#CALERTS> (or workspace admins and owners) can mute its alerts.',
    );
    expect(await store.loadRuleState('spike')).toBeNull();
    expect(client.membersAsked).toEqual(['CALERTS']); // the rule's channel, not the command's
    expect(logger.entries.some((l) => l.message === 'alert mute refused: not-in-channel')).toBe(
      true,
    );
    // Unmuting is the same right: Bob's mute stays when Eve tries to lift it.
    await run('mute', ['spike', '4h']);
    const unmute = await run('unmute', ['spike'], 'U0EVE');
    expect(unmute?.message.text).toContain('can mute its alerts');
    expect((await store.loadRuleState('spike'))?.mutes[OVERALL]?.by).toBe('U0BOB');
    expect(slack.calls).toEqual([]);
  });

  it('lets a workspace admin mute a rule of a channel they are not in', async () => {
    const { store, run } = await setUp();
    const reply = await run('mute', ['spike', '1h'], 'U0ADMIN');
    expect(reply?.inChannel).toBe(true);
    expect((await store.loadRuleState('spike'))?.mutes[OVERALL]?.by).toBe('U0ADMIN');
  });
});

describe('parseMuteArgs', () => {
  const rules = [
    rule({ name: 'failure-spike' }),
    rule({ name: 'per source', scope: 'per-source' }),
  ];

  it.each([
    { args: ['failure-spike', '4h'], rule: 'failure-spike', subject: OVERALL, ms: 4 * 3_600_000 },
    { args: ['FAILURE-SPIKE', '30m'], rule: 'failure-spike', subject: OVERALL, ms: 30 * 60_000 },
    {
      args: ['per', 'source', 'billing', '1d'],
      rule: 'per source',
      subject: 'billing',
      ms: 86_400_000,
    },
    {
      args: ['per', 'source', 'source:billing', '1h'],
      rule: 'per source',
      subject: 'billing',
      ms: 3_600_000,
    },
    { args: ['per', 'source', '2h'], rule: 'per source', subject: OVERALL, ms: 2 * 3_600_000 },
  ])('mute $args', ({ args, rule: name, subject, ms }) => {
    const parsed = parseMuteArgs(args, rules, true);
    expect(
      parsed.ok && { rule: parsed.rule.name, subject: parsed.subject, ms: parsed.durationMs },
    ).toEqual({ rule: name, subject, ms });
  });

  it('unmute takes no duration', () => {
    const parsed = parseMuteArgs(['per', 'source', 'crm'], rules, false);
    expect(parsed.ok && [parsed.rule.name, parsed.subject, parsed.durationMs]).toEqual([
      'per source',
      'crm',
      null,
    ]);
  });

  it.each([
    { args: ['failure-spike'], reason: 'how long' },
    { args: ['failure-spike', 'forever'], reason: 'how long' },
    { args: ['failure-spike', '31d'], reason: 'at most 30 days' },
    { args: ['nope', '1h'], reason: 'Name one of the alert rules: `failure-spike`, `per source`' },
    { args: ['failure-spike', 'billing', '1h'], reason: 'without a source' },
  ])('refuses $args', ({ args, reason }) => {
    const parsed = parseMuteArgs(args, rules, true);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });
});
