import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import type { AdminsConfig } from '../../../src/config/admins.js';
import { createPermissions, type PermissionsClient } from '../../../src/slack/permissions.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';
import { recordingLogger } from '../../support/recording-logger.js';

/**
 * The permission shell against the fake Slack on loopback, through Slack's own Web API client:
 * the calls it makes (few, cached for a minute), and that it refuses when Slack cannot answer.
 */
describe('createPermissions', () => {
  let slack: FakeSlack;
  const clock = fixedClock('2026-11-30T09:00:00Z');
  const logger = recordingLogger();
  const client = () =>
    new webApi.WebClient('xoxb-test', {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 0 },
    }) as unknown as PermissionsClient;
  const permissionsWith = (admins: AdminsConfig | null) =>
    createPermissions({ client: client(), admins, clock, logger });
  const callsOf = (method: string) => slack.calls.filter((c) => c.method === method).length;

  beforeEach(async () => {
    slack = await startFakeSlack();
    slack.views.roles.set('U0OWNER', { is_owner: true });
    slack.views.roles.set('U0ADMIN', { is_admin: true });
    slack.views.groupMembers.set('S0OPS', ['U0CAROL']);
    slack.views.channelMembers.set('C0OPS', ['U0ALICE', 'U0BOB']);
  });
  afterEach(() => slack.close());

  it('by default, workspace admins and owners manage rules; members do not', async () => {
    const permissions = permissionsWith(null);
    expect((await permissions.check('U0OWNER', { kind: 'change-rules' })).allowed).toBe(true);
    expect((await permissions.check('U0ADMIN', { kind: 'change-rules' })).allowed).toBe(true);
    expect(await permissions.check('U0ALICE', { kind: 'change-rules' })).toMatchObject({
      allowed: false,
      text: 'Only workspace admins and owners can change alert rules.',
    });
  });

  it('with admins configured: the listed users and group members only, owners not', async () => {
    const permissions = permissionsWith({ users: ['U0DAVE'], usergroups: ['S0OPS'] });
    expect((await permissions.check('U0DAVE', { kind: 'change-rules' })).allowed).toBe(true);
    expect((await permissions.check('U0CAROL', { kind: 'change-rules' })).allowed).toBe(true);
    expect((await permissions.check('U0OWNER', { kind: 'change-rules' })).allowed).toBe(false);
    expect(callsOf('users.info')).toBe(0); // the workspace role is not asked for
  });

  it('members of a channel subscribe it and act on its alerts; others are refused', async () => {
    const permissions = permissionsWith(null);
    const subscribe = { kind: 'subscribe-digest', channel: 'C0OPS' } as const;
    expect(await permissions.check('U0ALICE', subscribe)).toEqual({ allowed: true, as: 'member' });
    expect(await permissions.check('U0EVE', subscribe)).toMatchObject({
      allowed: false,
      reason: 'not-in-channel',
    });
    expect(await permissions.check('U0ADMIN', subscribe)).toEqual({ allowed: true, as: 'admin' });
    // One conversations.members for the three checks: remembered for a minute, then asked again.
    expect(callsOf('conversations.members')).toBe(1);
    clock.advance(61_000);
    await permissions.check('U0ALICE', { kind: 'mute-alert', channel: 'C0OPS' });
    expect(callsOf('conversations.members')).toBe(2);
  });

  it("forgets one channel's members when told (someone joined or left), and only that channel's", async () => {
    const permissions = permissionsWith(null);
    const mute = (user: string, channel: string) =>
      permissions.check(user, { kind: 'mute-alert', channel });
    expect((await mute('U0EVE', 'C0OPS')).allowed).toBe(false);
    expect((await mute('U0ALICE', 'C0OTHER')).allowed).toBe(true); // not set: the usual users
    slack.views.channelMembers.set('C0OPS', ['U0ALICE', 'U0BOB', 'U0EVE']);
    expect((await mute('U0EVE', 'C0OPS')).allowed).toBe(false); // still remembered
    permissions.forgetChannel('C0OPS');
    expect((await mute('U0EVE', 'C0OPS')).allowed).toBe(true); // asked again, within the minute
    await mute('U0ALICE', 'C0OTHER');
    expect(callsOf('conversations.members')).toBe(3); // C0OPS twice, C0OTHER once
  });

  it('reads every page of a big channel', async () => {
    slack.views.channelMembers.set(
      'C0BIG',
      Array.from({ length: 2_500 }, (_, i) => `U${String(i).padStart(6, '0')}`),
    );
    const permissions = permissionsWith(null);
    const ack = { kind: 'ack-alert', channel: 'C0BIG' } as const;
    expect((await permissions.check('U002499', ack)).allowed).toBe(true);
    expect(callsOf('conversations.members')).toBe(3);
  });

  it('the creator changes their digest with no call; others need to be admins', async () => {
    const permissions = permissionsWith(null);
    const digest = {
      kind: 'change-digest',
      verb: 'edit',
      name: 'daily',
      channel: 'C0OPS',
      createdBy: 'U0ALICE',
    } as const;
    expect(await permissions.check('U0ALICE', digest)).toEqual({ allowed: true, as: 'creator' });
    expect(slack.calls).toEqual([]);
    expect(await permissions.check('U0BOB', digest)).toMatchObject({ reason: 'not-creator' });
    expect(await permissions.check('U0OWNER', digest)).toEqual({ allowed: true, as: 'admin' });
  });

  it('fails closed when Slack cannot answer (missing scope, errors), and says so', async () => {
    slack.fault('usergroups.users.list', { kind: 'error', error: 'missing_scope' }, Infinity);
    slack.fault('conversations.members', { kind: 'status', status: 500 }, Infinity);
    const permissions = permissionsWith({ users: [], usergroups: ['S0OPS'] });
    expect(await permissions.check('U0CAROL', { kind: 'change-rules' })).toMatchObject({
      allowed: false,
      reason: 'unverifiable',
    });
    expect(
      await permissions.check('U0ALICE', { kind: 'ack-alert', channel: 'C0OPS' }),
    ).toMatchObject({
      allowed: false,
      reason: 'unverifiable',
      text: expect.stringContaining('<#C0OPS>'),
    });
    expect(logger.entries.some((e) => e.message.includes('fail closed'))).toBe(true);
    // A failure is not remembered: once Slack answers, the same user is allowed at once.
    slack.clearFaults();
    expect((await permissions.check('U0CAROL', { kind: 'change-rules' })).allowed).toBe(true);
  });

  it('says so when the channel is private and the bot is not in it (Slack will not list it)', async () => {
    slack.views.unknownChannels = 'not-found';
    const permissions = permissionsWith(null);
    expect(
      await permissions.check('U0ALICE', { kind: 'subscribe-digest', channel: 'C0SECRET' }),
    ).toMatchObject({ allowed: false, reason: 'channel-hidden' });
    // An admin still may (and is told by Slack later if the bot cannot post there).
    expect(
      (await permissions.check('U0OWNER', { kind: 'subscribe-digest', channel: 'C0SECRET' }))
        .allowed,
    ).toBe(true);
    expect(logger.entries.some((e) => e.message.includes('members of C0SECRET'))).toBe(false);
  });

  it('a look-up slower than the timeout counts as no answer', async () => {
    slack.fault('users.info', { kind: 'hang' }, 1);
    const permissions = createPermissions({
      client: client(),
      admins: null,
      clock,
      logger,
      timeoutMs: 200,
    });
    expect(await permissions.check('U0OWNER', { kind: 'change-rules' })).toMatchObject({
      reason: 'unverifiable',
    });
  });
});
