import { describe, expect, it } from 'vitest';
import {
  type AdminsConfig,
  decidePermission,
  describeAdmins,
  isBotAdmin,
  type PermissionAction,
  type PermissionFacts,
} from '../../../src/config/admins.js';

const CONFIGURED: AdminsConfig = { users: ['U0BOSS'], usergroups: ['S0OPS'] };
const RULES: PermissionAction = { kind: 'change-rules' };
const SUBSCRIBE: PermissionAction = { kind: 'subscribe-digest', channel: 'C0OPS' };
const ACK: PermissionAction = { kind: 'ack-alert', channel: 'C0ALERTS' };
const MUTE: PermissionAction = { kind: 'mute-alert', channel: 'C0ALERTS' };
const deleteOf = (createdBy: string | null): PermissionAction => ({
  kind: 'change-digest',
  verb: 'delete',
  name: 'daily ops',
  channel: 'C0OPS',
  createdBy,
});
const facts = (
  admin: PermissionFacts['admin'],
  inChannel: PermissionFacts['inChannel'],
  userId = 'U0ALICE',
): PermissionFacts => ({ userId, admin, inChannel });

describe('decidePermission', () => {
  it.each<[string, AdminsConfig | null, PermissionAction, PermissionFacts, string]>([
    ['an admin changes rules', null, RULES, facts(true, 'unknown'), 'admin'],
    [
      'an admin deletes anyone’s digest',
      CONFIGURED,
      deleteOf('U0BOB'),
      facts(true, false),
      'admin',
    ],
    ['the creator deletes their digest', null, deleteOf('U0ALICE'), facts(false, false), 'creator'],
    ['a member subscribes their channel', null, SUBSCRIBE, facts(false, true), 'member'],
    ['an admin subscribes a channel they are not in', null, SUBSCRIBE, facts(true, false), 'admin'],
    ['a member of the alert channel acknowledges', null, ACK, facts(false, true), 'member'],
    ['a member of the alert channel mutes', CONFIGURED, MUTE, facts(false, true), 'member'],
    [
      'an admin mutes from the Home tab outside the channel',
      null,
      MUTE,
      facts(true, false),
      'admin',
    ],
  ])('allows: %s', (_name, admins, action, who, as) => {
    expect(decidePermission(admins, action, who)).toEqual({ allowed: true, as });
  });

  it.each<[string, AdminsConfig | null, PermissionAction, PermissionFacts, string, string]>([
    [
      'a member changing rules (default admins)',
      null,
      RULES,
      facts(false, 'unknown'),
      'not-admin',
      'Only workspace admins and owners can change alert rules.',
    ],
    [
      'a member changing rules (configured admins)',
      CONFIGURED,
      RULES,
      facts(false, 'unknown'),
      'not-admin',
      'Only the admins set in exec-stats.yml (<@U0BOSS>, members of <!subteam^S0OPS>) can change alert rules.',
    ],
    [
      'a member deleting someone else’s digest',
      null,
      deleteOf('U0BOB'),
      facts(false, true),
      'not-creator',
      'Only <@U0BOB>, who made it, or workspace admins and owners can delete the digest *daily ops*.',
    ],
    [
      'anyone, admins too, deleting a digest of the YAML file',
      null,
      deleteOf(null),
      facts(true, true),
      'from-file',
      '*daily ops* comes from exec-stats.yml: only whoever runs the bot can change it, in the file.',
    ],
    [
      'a non-member subscribing a channel',
      null,
      SUBSCRIBE,
      facts(false, false),
      'not-in-channel',
      'Only members of <#C0OPS> (or workspace admins and owners) can subscribe it to a digest. Join the channel first.',
    ],
    [
      'a non-member acknowledging',
      null,
      ACK,
      facts(false, false),
      'not-in-channel',
      'Only members of <#C0ALERTS> (or workspace admins and owners) can acknowledge its alerts.',
    ],
    [
      'a non-member muting',
      CONFIGURED,
      MUTE,
      facts(false, false),
      'not-in-channel',
      'Only members of <#C0ALERTS> (or the admins set in exec-stats.yml (<@U0BOSS>, members of <!subteam^S0OPS>)) can mute its alerts.',
    ],
    [
      'a private channel the bot is not in',
      null,
      SUBSCRIBE,
      facts(false, 'hidden'),
      'channel-hidden',
      'I cannot see who is in <#C0OPS>: it is a private channel I was not invited to. Invite me first (`/invite @exec-stats` in that channel), then try again.',
    ],
    [
      'rules when Slack could not say who is admin (fail closed)',
      null,
      RULES,
      facts('unknown', 'unknown'),
      'unverifiable',
      'I could not check whether you are one of workspace admins and owners: Slack did not answer. Nothing was changed; try again in a minute.',
    ],
    [
      'a mute when Slack could not list the channel (fail closed)',
      null,
      MUTE,
      facts(false, 'unknown'),
      'unverifiable',
      'I could not check whether you are in <#C0ALERTS>: Slack did not answer. Nothing was changed; try again in a minute.',
    ],
    [
      'someone else’s digest when the admin check failed',
      null,
      deleteOf('U0BOB'),
      facts('unknown', false),
      'unverifiable',
      'I could not check whether you are one of workspace admins and owners: Slack did not answer. Nothing was changed; try again in a minute.',
    ],
  ])('refuses: %s', (_name, admins, action, who, reason, text) => {
    expect(decidePermission(admins, action, who)).toEqual({ allowed: false, reason, text });
  });
});

describe('isBotAdmin', () => {
  it.each<
    [string, AdminsConfig | null, string, boolean | null, boolean | null, boolean | 'unknown']
  >([
    ['default: a workspace admin or owner', null, 'U0ALICE', true, null, true],
    ['default: a plain member', null, 'U0ALICE', false, null, false],
    ['default: Slack did not answer', null, 'U0ALICE', null, null, 'unknown'],
    ['configured: a listed user, whatever Slack says', CONFIGURED, 'U0BOSS', null, null, true],
    ['configured: a member of a listed group', CONFIGURED, 'U0ALICE', false, true, true],
    ['configured: a workspace owner not listed', CONFIGURED, 'U0ALICE', true, false, false],
    ['configured: the group could not be read', CONFIGURED, 'U0ALICE', false, null, 'unknown'],
    [
      'configured, users only: anyone else',
      { users: ['U0BOSS'], usergroups: [] },
      'U0ALICE',
      true,
      null,
      false,
    ],
  ])('%s', (_name, admins, userId, workspaceAdmin, inConfiguredGroup, expected) => {
    expect(isBotAdmin(admins, userId, { workspaceAdmin, inConfiguredGroup })).toBe(expected);
  });
});

describe('describeAdmins', () => {
  it('names at most four, then counts the rest', () => {
    expect(
      describeAdmins({ users: ['U1A', 'U2B', 'U3C', 'U4D', 'U5E'], usergroups: ['S1A'] }),
    ).toBe('the admins set in exec-stats.yml (<@U1A>, <@U2B>, <@U3C>, <@U4D> and 2 more)');
    expect(describeAdmins({ users: [], usergroups: [] })).toBe(
      'the admins set in exec-stats.yml (none are set)',
    );
  });
});
