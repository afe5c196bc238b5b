import type { Clock } from '../clock.js';
import {
  type AdminsConfig,
  decidePermission,
  isBotAdmin,
  type PermissionAction,
  type PermissionDecision,
  type PermissionFacts,
} from '../config/admins.js';
import type { Logger } from '../logging/logger.js';

/**
 * Who may change what, asked of Slack: the thin shell around config/admins.ts. It learns only the
 * facts an action needs, in the cheapest order (the creator of a digest needs no call; a member of
 * the channel needs no admin check), remembers Slack's answers for `cacheMs` (a minute: someone
 * removed from a channel or a group loses the right within a minute), and fails CLOSED: when Slack
 * does not answer (an error, a missing scope, too slow), the change is refused with a message
 * saying so, and the failure is logged.
 */

/** The part of Slack's Web API client the checks use (a plain object in unit tests). */
export interface PermissionsClient {
  users: {
    info(args: { user: string }): Promise<{
      user?: { is_admin?: boolean; is_owner?: boolean; is_primary_owner?: boolean };
    }>;
  };
  usergroups: {
    users: { list(args: { usergroup: string }): Promise<{ users?: string[] }> };
  };
  conversations: {
    members(args: { channel: string; limit?: number; cursor?: string }): Promise<{
      members?: string[];
      response_metadata?: { next_cursor?: string };
    }>;
  };
}

export interface PermissionsOptions {
  readonly client: PermissionsClient;
  /** `admins:` of the YAML file; null: workspace admins and owners. */
  readonly admins: AdminsConfig | null;
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long Slack's answers are reused; default 60 s. */
  readonly cacheMs?: number;
  /** One look-up slower than this counts as no answer (a modal must be answered within 3 s). */
  readonly timeoutMs?: number;
}

export interface Permissions {
  /** Allowed, or refused with the text to show; never throws. */
  check(userId: string, action: PermissionAction): Promise<PermissionDecision>;
  /** Whether the user is one of the bot's admins (false when Slack cannot say). */
  isAdmin(userId: string): Promise<boolean>;
  /** Forgets what Slack said about a channel's members (the bot saw someone join or leave). */
  forgetChannel(channel: string): void;
}

/** What Slack answers for a private channel the bot is not in. */
const HIDDEN_CHANNEL = new Set(['channel_not_found', 'not_in_channel']);

/** Slack's error code of a failed Web API call (`data.error`), or ''. */
function slackError(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  return typeof data?.error === 'string' ? data.error : '';
}

/** Channels bigger than this are read in pages of 1,000 up to this many members. */
const MAX_MEMBERS_READ = 20_000;

export function createPermissions(options: PermissionsOptions): Permissions {
  const cacheMs = options.cacheMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 2_000;
  const cache = new Map<string, { expires: number; value: Promise<unknown> }>();
  const log = options.logger.child({ component: 'permissions' });

  /** A remembered answer, or a fresh one; a failed look-up is forgotten at once. */
  function remembered<T>(key: string, lookUp: () => Promise<T>): Promise<T> {
    const now = options.clock.now();
    const held = cache.get(key);
    if (held !== undefined && held.expires > now) return held.value as Promise<T>;
    const value = withTimeout(lookUp(), timeoutMs, key);
    cache.set(key, { expires: now + cacheMs, value });
    value.catch(() => cache.delete(key));
    if (cache.size > 10_000) cache.delete(cache.keys().next().value ?? key);
    return value;
  }

  const workspaceAdmin = (userId: string) =>
    remembered(`user:${userId}`, async () => {
      const user = (await options.client.users.info({ user: userId })).user;
      return user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true;
    });
  const groupMembers = (group: string) =>
    remembered(`group:${group}`, async () => {
      const users = (await options.client.usergroups.users.list({ usergroup: group })).users;
      return new Set(users ?? []);
    });
  const channelMembers = (channel: string) =>
    remembered(`channel:${channel}`, async () => {
      const members = new Set<string>();
      let cursor: string | undefined;
      do {
        const page = await options.client.conversations.members({
          channel,
          limit: 1000,
          ...(cursor === undefined ? {} : { cursor }),
        });
        for (const member of page.members ?? []) members.add(member);
        cursor = page.response_metadata?.next_cursor || undefined;
      } while (cursor !== undefined && members.size < MAX_MEMBERS_READ);
      return members;
    });

  /** The fact, or null when Slack did not give it (logged: a missing scope needs an operator). */
  async function tryFact<T>(
    what: string,
    userId: string,
    read: () => Promise<T>,
  ): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      log.warn(`could not check ${what}; refusing (fail closed)`, { userId, error });
      return null;
    }
  }

  async function adminFact(userId: string): Promise<boolean | 'unknown'> {
    const admins = options.admins;
    if (admins?.users.includes(userId)) return true;
    const workspace =
      admins === null
        ? await tryFact('the workspace role', userId, () => workspaceAdmin(userId))
        : null;
    let inGroup: boolean | null = false;
    for (const group of admins?.usergroups ?? []) {
      const members = await tryFact(`user group ${group}`, userId, () => groupMembers(group));
      if (members === null) inGroup = inGroup === false ? null : inGroup;
      else if (members.has(userId)) {
        inGroup = true;
        break;
      }
    }
    return isBotAdmin(admins, userId, { workspaceAdmin: workspace, inConfiguredGroup: inGroup });
  }

  return {
    async check(userId, action) {
      const decide = (admin: boolean | 'unknown', inChannel: PermissionFacts['inChannel']) =>
        decidePermission(options.admins, action, { userId, admin, inChannel });
      switch (action.kind) {
        case 'change-rules':
          return decide(await adminFact(userId), 'unknown');
        case 'change-digest':
          if (action.createdBy === null || action.createdBy === userId) return decide(false, false);
          return decide(await adminFact(userId), 'unknown');
        default: {
          const members = await channelMembers(action.channel).catch((error: unknown) => {
            if (HIDDEN_CHANNEL.has(slackError(error))) return 'hidden' as const;
            log.warn(`could not check the members of ${action.channel}; refusing (fail closed)`, {
              userId,
              error,
            });
            return null;
          });
          if (members !== null && members !== 'hidden' && members.has(userId))
            return decide(false, true);
          const inChannel = members === null ? 'unknown' : members === 'hidden' ? 'hidden' : false;
          return decide(await adminFact(userId), inChannel);
        }
      }
    },
    async isAdmin(userId) {
      return (await adminFact(userId)) === true;
    },
    forgetChannel(channel) {
      cache.delete(`channel:${channel}`);
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: Slack took over ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
