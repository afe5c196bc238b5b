import type { FakeReply, WebApiHandler } from './fake-slack.js';

/**
 * The fake Slack's modals and the facts permissions are decided on, as Slack answers them:
 * `views.open` / `views.push` (a trigger_id is required), `views.update` (by view_id or
 * external_id, with Slack's optional `hash` check → `hash_conflict`), `users.info` with the
 * workspace role flags (and the time zone `userTimeZones` sets), `usergroups.users.list` and
 * `conversations.members` (paged with `limit` and `cursor`). A view breaking Slack's limits
 * (title over 24 characters, over 100 blocks, private_metadata over 3,000, ids over 255) is
 * refused with `invalid_arguments`, so a builder that drifts past them fails in the tests as it
 * would in Slack. Failures (`missing_scope`, `expired_trigger_id`…) come from FakeSlack.fault.
 */

/** A modal as the fake holds it: its id and hash change as Slack's do. */
export interface HeldView {
  readonly id: string;
  readonly hash: string;
  readonly externalId: string | null;
  /** The user it was opened for (the one whose trigger_id opened it). */
  readonly view: ModalView;
  readonly at: number;
}

export interface ModalView {
  readonly type?: string;
  readonly callback_id?: string;
  readonly external_id?: string;
  readonly private_metadata?: string;
  readonly title?: { text?: string };
  readonly blocks?: Array<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

/** The workspace role flags `users.info` reports. */
export interface UserRole {
  readonly is_admin?: boolean;
  readonly is_owner?: boolean;
  readonly is_primary_owner?: boolean;
}

export interface FakeSlackViews {
  /** Every views.open (method 'open') and views.push ('push'), oldest first. */
  readonly opened: Array<
    HeldView & { readonly method: 'open' | 'push'; readonly triggerId: string }
  >;
  /** Every accepted views.update, oldest first. */
  readonly updated: HeldView[];
  /** The latest version of a view by id. */
  current(viewId: string): HeldView | undefined;
  /** Workspace roles by user ID (users without one are plain members). */
  readonly roles: Map<string, UserRole>;
  /** Members of each user group by group ID (`S…`); unknown groups answer `no_such_subteam`. */
  readonly groupMembers: Map<string, string[]>;
  /**
   * Members of each channel. A channel not set here has the tests' usual users as members
   * (DEFAULT_CHANNEL_MEMBERS), so tests that do not care about membership are not refused; set
   * `unknownChannels` to 'not-found' for Slack's `channel_not_found` instead.
   */
  readonly channelMembers: Map<string, string[]>;
  unknownChannels: 'default-members' | 'not-found';
  /** The default handlers, merged into the fake's own (users.info replaces the plain one). */
  readonly handlers: Record<string, WebApiHandler>;
}

/** The users the tests act as, members of every channel not set in `channelMembers`. */
export const DEFAULT_CHANNEL_MEMBERS: readonly string[] = [
  'U0ALICE',
  'U0BOB',
  'U0CAROL',
  'U0DAVE',
  'U0MALLORY',
  'U0NOBODY',
  'U0AUCKLAND',
  ...Array.from({ length: 20 }, (_, i) => `U${i}`),
];

/** Slack's limits on a modal (https://api.slack.com/reference/surfaces/views). */
const LIMITS = { title: 24, blocks: 100, privateMetadata: 3000, id: 255 } as const;

export function createFakeSlackViews(userTimeZones: ReadonlyMap<string, string>): FakeSlackViews {
  const opened: FakeSlackViews['opened'] = [];
  const updated: HeldView[] = [];
  const views = new Map<string, HeldView>();
  const roles = new Map<string, UserRole>();
  const groupMembers = new Map<string, string[]>();
  const channelMembers = new Map<string, string[]>();
  let counter = 0;
  let hashes = 0;
  const fail = (error: string): FakeReply => ({ body: { ok: false, error } });
  const answer = (held: HeldView): FakeReply => ({
    body: {
      ok: true,
      view: {
        ...held.view,
        id: held.id,
        hash: held.hash,
        ...(held.externalId === null ? {} : { external_id: held.externalId }),
      },
    },
  });
  const nextHash = () => `${Date.now()}.${String(++hashes).padStart(8, '0')}`;

  function hold(args: Record<string, unknown>, id: string): HeldView | string {
    const view = (typeof args.view === 'string' ? safeJson(args.view) : args.view) as
      | ModalView
      | undefined;
    if (view === undefined || view === null || typeof view !== 'object') return 'invalid_arguments';
    const problem = modalProblem(view);
    if (problem !== null) return problem;
    return {
      id,
      hash: nextHash(),
      externalId: typeof view.external_id === 'string' ? view.external_id : null,
      view,
      at: Date.now(),
    };
  }

  function opener(method: 'open' | 'push'): WebApiHandler {
    return (args) => {
      const triggerId = args.trigger_id;
      if (typeof triggerId !== 'string' || triggerId === '') return fail('invalid_trigger_id');
      const held = hold(args, `V${String(++counter).padStart(8, '0')}`);
      if (typeof held === 'string') return fail(held);
      if (
        held.externalId !== null &&
        [...views.values()].some((v) => v.externalId === held.externalId)
      )
        return fail('duplicate_external_id');
      views.set(held.id, held);
      opened.push({ ...held, method, triggerId });
      return answer(held);
    };
  }

  const handlers: Record<string, WebApiHandler> = {
    'views.open': opener('open'),
    'views.push': opener('push'),
    'views.update': (args) => {
      const target =
        typeof args.view_id === 'string'
          ? views.get(args.view_id)
          : [...views.values()].find((v) => v.externalId === args.external_id);
      if (target === undefined) return fail('not_found');
      if (typeof args.hash === 'string' && args.hash !== target.hash) return fail('hash_conflict');
      const held = hold(args, target.id);
      if (typeof held === 'string') return fail(held);
      const next = { ...held, externalId: held.externalId ?? target.externalId };
      views.set(target.id, next);
      updated.push(next);
      return answer(next);
    },
    'users.info': (args) => {
      const user = String(args.user);
      const tz = userTimeZones.get(user);
      const role = roles.get(user) ?? {};
      return {
        body: {
          ok: true,
          user: {
            id: user,
            is_admin: role.is_admin ?? false,
            is_owner: role.is_owner ?? false,
            is_primary_owner: role.is_primary_owner ?? false,
            ...(tz === undefined ? {} : { tz }),
          },
        },
      };
    },
    'usergroups.users.list': (args) => {
      const members = groupMembers.get(String(args.usergroup));
      return members === undefined
        ? fail('no_such_subteam')
        : { body: { ok: true, users: [...members] } };
    },
    'conversations.members': (args) => {
      const members =
        channelMembers.get(String(args.channel)) ??
        (self.unknownChannels === 'default-members' ? [...DEFAULT_CHANNEL_MEMBERS] : undefined);
      if (members === undefined) return fail('channel_not_found');
      const limit = Math.max(1, Math.min(1000, Number(args.limit ?? 100) || 100));
      const start = Number(args.cursor ?? 0) || 0;
      const page = members.slice(start, start + limit);
      const next = start + limit < members.length ? String(start + limit) : '';
      return {
        body: { ok: true, members: page, response_metadata: { next_cursor: next } },
      };
    },
  };

  const self: FakeSlackViews = {
    opened,
    updated,
    current: (viewId) => views.get(viewId),
    roles,
    groupMembers,
    channelMembers,
    unknownChannels: 'default-members',
    handlers,
  };
  return self;
}

/** What Slack would refuse in a modal, as its error code; null when it is acceptable. */
export function modalProblem(view: ModalView): string | null {
  if (view.type !== 'modal') return 'invalid_arguments';
  const title = view.title?.text;
  if (typeof title !== 'string' || title.length === 0 || title.length > LIMITS.title)
    return 'invalid_arguments';
  const blocks = view.blocks ?? [];
  if (!Array.isArray(blocks) || blocks.length > LIMITS.blocks) return 'invalid_arguments';
  if ((view.private_metadata?.length ?? 0) > LIMITS.privateMetadata) return 'invalid_arguments';
  if ((view.callback_id?.length ?? 0) > LIMITS.id) return 'invalid_arguments';
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'block_id' || key === 'action_id') && typeof value === 'string')
          ids.push(value);
        else walk(value);
      }
    }
  };
  walk(blocks);
  if (ids.some((id) => id.length > LIMITS.id)) return 'invalid_arguments';
  const blockIds = blocks.map((b) => b.block_id).filter((id) => typeof id === 'string');
  if (new Set(blockIds).size !== blockIds.length) return 'invalid_arguments'; // Slack: duplicate block_id
  return null;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
