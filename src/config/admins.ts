/**
 * Who may change what. Pure: the facts (is this user an admin, are they in the channel) are
 * looked up by the shell (slack/permissions.ts) and passed in; this decides and words the refusal.
 *
 * - the bot's admins manage alert rules and anyone's digests, and may do everything members may;
 * - any member may subscribe a channel they are in to a digest, and edit or delete the digests
 *   they made;
 * - any member of an alert's channel may acknowledge or mute it;
 * - digests and rules from the YAML file are changed in the file, by whoever runs the bot.
 *
 * The bot's admins are `admins:` in the YAML file when it is there (its users and the members of
 * its user groups, and no one else), else the workspace's admins and owners.
 */

/** `admins:` of the YAML file; null when the file has none (workspace admins and owners). */
export interface AdminsConfig {
  readonly users: readonly string[];
  readonly usergroups: readonly string[];
}

export type PermissionAction =
  | { readonly kind: 'change-rules' }
  | { readonly kind: 'subscribe-digest'; readonly channel: string }
  | {
      readonly kind: 'change-digest';
      readonly verb: 'edit' | 'delete';
      readonly name: string;
      readonly channel: string;
      /** Who made it; null for a digest of the YAML file. */
      readonly createdBy: string | null;
    }
  | { readonly kind: 'ack-alert' | 'mute-alert'; readonly channel: string };

/** What the shell found out about the user; a fact it could not learn is `unknown`. */
export interface PermissionFacts {
  readonly userId: string;
  /** Whether the user is one of the bot's admins. */
  readonly admin: boolean | 'unknown';
  /**
   * Whether the user is a member of the action's channel (not asked for `change-rules`);
   * `hidden`: Slack will not show the bot that channel (private, and the bot is not in it).
   */
  readonly inChannel: boolean | 'unknown' | 'hidden';
}

export type PermissionDecision =
  | { readonly allowed: true; readonly as: 'admin' | 'member' | 'creator' }
  | { readonly allowed: false; readonly reason: RefusalReason; readonly text: string };

export type RefusalReason =
  | 'not-admin'
  | 'not-in-channel'
  | 'channel-hidden'
  | 'not-creator'
  | 'from-file'
  | 'unverifiable';

/** Allowed, or refused with an "Only … can …" sentence that says who can. */
export function decidePermission(
  admins: AdminsConfig | null,
  action: PermissionAction,
  facts: PermissionFacts,
): PermissionDecision {
  const who = describeAdmins(admins);
  const refuse = (reason: RefusalReason, text: string): PermissionDecision => ({
    allowed: false,
    reason,
    text,
  });
  if (action.kind === 'change-digest' && action.createdBy === null) {
    return refuse(
      'from-file',
      `*${action.name}* comes from exec-stats.yml: only whoever runs the bot can change it, in the file.`,
    );
  }
  if (facts.admin === true) return { allowed: true, as: 'admin' };
  switch (action.kind) {
    case 'change-rules':
      if (facts.admin === 'unknown') return unverifiable(action, who);
      return refuse('not-admin', `Only ${who} can change alert rules.`);
    case 'change-digest':
      if (action.createdBy === facts.userId) return { allowed: true, as: 'creator' };
      if (facts.admin === 'unknown') return unverifiable(action, who);
      return refuse(
        'not-creator',
        `Only <@${action.createdBy}>, who made it, or ${who} can ${action.verb} the digest *${action.name}*.`,
      );
    case 'subscribe-digest':
      if (facts.inChannel === true) return { allowed: true, as: 'member' };
      if (facts.inChannel === 'hidden') return hidden(action.channel);
      if (facts.inChannel === 'unknown' || facts.admin === 'unknown')
        return unverifiable(action, who);
      return refuse(
        'not-in-channel',
        `Only members of <#${action.channel}> (or ${who}) can subscribe it to a digest. Join the channel first.`,
      );
    case 'ack-alert':
    case 'mute-alert': {
      if (facts.inChannel === true) return { allowed: true, as: 'member' };
      if (facts.inChannel === 'hidden') return hidden(action.channel);
      if (facts.inChannel === 'unknown' || facts.admin === 'unknown')
        return unverifiable(action, who);
      const verb = action.kind === 'ack-alert' ? 'acknowledge' : 'mute';
      return refuse(
        'not-in-channel',
        `Only members of <#${action.channel}> (or ${who}) can ${verb} its alerts.`,
      );
    }
  }
}

/** A private channel the bot is not in: it can neither see who is in it nor post there. */
function hidden(channel: string): PermissionDecision {
  return {
    allowed: false,
    reason: 'channel-hidden',
    text: `I cannot see who is in <#${channel}>: it is a private channel I was not invited to. Invite me first (\`/invite @exec-stats\` in that channel), then try again.`,
  };
}

/** Slack could not say: refused (fail closed), saying what could not be checked. */
function unverifiable(action: PermissionAction, who: string): PermissionDecision {
  const what =
    action.kind === 'change-rules' || action.kind === 'change-digest'
      ? `whether you are one of ${who}`
      : `whether you are in <#${action.channel}>`;
  return {
    allowed: false,
    reason: 'unverifiable',
    text: `I could not check ${what}: Slack did not answer. Nothing was changed; try again in a minute.`,
  };
}

/** "workspace admins and owners", or the configured admins named (at most a few, then a count). */
export function describeAdmins(admins: AdminsConfig | null): string {
  if (admins === null) return 'workspace admins and owners';
  const named = [
    ...admins.users.map((u) => `<@${u}>`),
    ...admins.usergroups.map((g) => `members of <!subteam^${g}>`),
  ];
  if (named.length === 0) return 'the admins set in exec-stats.yml (none are set)';
  const shown = named.slice(0, 4);
  const more = named.length - shown.length;
  return `the admins set in exec-stats.yml (${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''})`;
}

/**
 * Whether the user is one of the bot's admins, from what Slack said: the workspace role (used
 * only when `admins` is absent) and the user groups they belong to (only the configured ones are
 * asked about). Null in a field: Slack did not answer it.
 */
export function isBotAdmin(
  admins: AdminsConfig | null,
  userId: string,
  facts: {
    readonly workspaceAdmin: boolean | null;
    readonly inConfiguredGroup: boolean | null;
  },
): boolean | 'unknown' {
  if (admins === null) return facts.workspaceAdmin ?? 'unknown';
  if (admins.users.includes(userId)) return true;
  if (admins.usergroups.length === 0) return false;
  return facts.inConfiguredGroup ?? 'unknown';
}
