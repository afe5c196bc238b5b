import type { HeldView, ModalView } from './fake-slack-views.js';
import { eventCallbackBody, JSON_BODY, postSigned, type SlackPostResult } from './slack-request.js';

/**
 * What Slack sends the app when people use the Home tab and modals, signed with the v0 scheme as
 * Slack signs them (postSigned): `app_home_opened` events (JSON), `block_actions` pressed on a
 * view (the Home tab or a modal: no response_url, a trigger_id for opening a modal),
 * `view_submission` with the form's state as Slack fills it (what the user chose, else each
 * element's initial value), and `view_closed`. Each trigger_id is new, as Slack's are.
 */

let triggers = 0;
const nextTrigger = () => `${1000 + ++triggers}.42.${Math.random().toString(16).slice(2, 10)}`;

/** A user's answer for one input, by the element's action_id: a value, or null for "left empty". */
export type Answers = Readonly<Record<string, string | null>>;

export interface InteractionOptions {
  readonly userId: string;
  readonly teamId?: string;
}

/** The view a button sits on: the Home tab (type home) or a modal the fake holds. */
export interface ViewRef {
  readonly id: string;
  readonly type: 'home' | 'modal';
  readonly view?: ModalView;
  readonly hash?: string;
}

export interface SlackInteractions {
  /** The user opened the bot's Home tab (or its Messages tab). */
  openHome(userId: string, tab?: 'home' | 'messages'): Promise<SlackPostResult>;
  /** Presses the button `actionId` (with `value`) on the Home tab or in a modal. */
  press(
    on: ViewRef,
    actionId: string,
    value: string,
    options: InteractionOptions,
  ): Promise<SlackPostResult & { readonly triggerId: string }>;
  /** Submits a modal with `answers` (inputs not named keep their initial value). */
  submit(held: HeldView, answers: Answers, options: InteractionOptions): Promise<SlackPostResult>;
  /** Closes a modal with Cancel (Slack sends this only when the view asked: notify_on_close). */
  close(held: HeldView, options: InteractionOptions): Promise<SlackPostResult>;
}

export function slackInteractions(eventsUrl: string, secret: string): SlackInteractions {
  const post = (payload: Record<string, unknown>) =>
    postSigned(
      eventsUrl,
      secret,
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
    );
  return {
    openHome: (userId, tab = 'home') =>
      postSigned(
        eventsUrl,
        secret,
        eventCallbackBody({ type: 'app_home_opened', user: userId, channel: 'D0HOME0001', tab }),
        JSON_BODY,
      ),
    async press(on, actionId, value, options) {
      const triggerId = nextTrigger();
      const result = await post(blockActionOnViewPayload(on, actionId, value, triggerId, options));
      return { ...result, triggerId };
    },
    submit: (held, answers, options) =>
      post(viewPayload('view_submission', held, answers, options)),
    close: (held, options) => post(viewPayload('view_closed', held, {}, options)),
  };
}

function user(options: InteractionOptions) {
  return { id: options.userId, username: options.userId.toLowerCase(), team_id: team(options) };
}
const team = (options: InteractionOptions) => options.teamId ?? 'T0001';

/** `block_actions` from a button on a view: the container names the view, not a message. */
export function blockActionOnViewPayload(
  on: ViewRef,
  actionId: string,
  value: string,
  triggerId: string,
  options: InteractionOptions,
): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: user(options),
    api_app_id: 'A0EXECSTATS',
    token: 'deprecated-verification-token',
    container: { type: 'view', view_id: on.id },
    trigger_id: triggerId,
    team: { id: team(options), domain: 'acme' },
    view: {
      id: on.id,
      type: on.type,
      team_id: team(options),
      hash: on.hash ?? '1700000000.abcdef00',
      ...(on.view === undefined
        ? {}
        : {
            callback_id: on.view.callback_id ?? '',
            private_metadata: on.view.private_metadata ?? '',
            blocks: on.view.blocks ?? [],
            state: { values: stateValues(on.view, {}) },
          }),
    },
    actions: [
      {
        action_id: actionId,
        block_id: blockIdOf(on.view, actionId) ?? 'home',
        value,
        type: 'button',
        action_ts: '1700000001.000200',
      },
    ],
  };
}

function viewPayload(
  type: 'view_submission' | 'view_closed',
  held: HeldView,
  answers: Answers,
  options: InteractionOptions,
): Record<string, unknown> {
  return {
    type,
    team: { id: team(options), domain: 'acme' },
    user: user(options),
    api_app_id: 'A0EXECSTATS',
    token: 'deprecated-verification-token',
    ...(type === 'view_submission' ? { trigger_id: nextTrigger(), response_urls: [] } : {}),
    ...(type === 'view_closed' ? { is_cleared: false } : {}),
    view: {
      id: held.id,
      team_id: team(options),
      type: 'modal',
      blocks: held.view.blocks ?? [],
      private_metadata: held.view.private_metadata ?? '',
      callback_id: held.view.callback_id ?? '',
      state: { values: stateValues(held.view, answers) },
      hash: held.hash,
      title: held.view.title,
      previous_view_id: null,
      root_view_id: held.id,
      app_id: 'A0EXECSTATS',
      external_id: held.externalId ?? '',
      bot_id: 'BBOT',
    },
  };
}

/**
 * `view.state.values` as Slack fills it: for every input block, `{ block_id: { action_id: state } }`
 * with the element's own shape (selected_conversation, selected_option, selected_time, value).
 */
export function stateValues(
  view: ModalView,
  answers: Answers,
): Record<string, Record<string, Record<string, unknown>>> {
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const block of view.blocks ?? []) {
    const blockId = block.block_id;
    const elements =
      block.type === 'input'
        ? [block.element]
        : block.type === 'actions'
          ? ((block.elements as unknown[]) ?? [])
          : [];
    for (const element of elements as Array<Record<string, unknown> | undefined>) {
      if (typeof blockId !== 'string' || element === undefined) continue;
      const actionId = element.action_id;
      if (typeof actionId !== 'string' || element.type === 'button') continue;
      const answer = actionId in answers ? answers[actionId] : undefined;
      values[blockId] = { ...values[blockId], [actionId]: elementState(element, answer) };
    }
  }
  return values;
}

function elementState(
  element: Record<string, unknown>,
  answer: string | null | undefined,
): Record<string, unknown> {
  const type = String(element.type);
  switch (type) {
    case 'conversations_select':
      return {
        type,
        selected_conversation:
          answer === undefined ? (element.initial_conversation ?? null) : answer,
      };
    case 'channels_select':
      return {
        type,
        selected_channel: answer === undefined ? (element.initial_channel ?? null) : answer,
      };
    case 'static_select':
    case 'radio_buttons': {
      const options = [
        ...((element.options as Array<{ value: string }>) ?? []),
        ...((element.option_groups as Array<{ options: Array<{ value: string }> }>) ?? []).flatMap(
          (g) => g.options,
        ),
      ];
      const chosen =
        answer === undefined
          ? ((element.initial_option as { value: string } | undefined) ?? null)
          : answer === null
            ? null
            : (options.find((o) => o.value === answer) ?? { value: answer });
      return { type, selected_option: chosen };
    }
    case 'timepicker':
      return {
        type,
        selected_time: answer === undefined ? (element.initial_time ?? null) : answer,
      };
    default:
      return { type, value: answer === undefined ? (element.initial_value ?? null) : answer };
  }
}

function blockIdOf(view: ModalView | undefined, actionId: string): string | null {
  for (const block of view?.blocks ?? []) {
    const elements = [
      ...((block.elements as Array<Record<string, unknown>>) ?? []),
      ...(block.accessory === undefined ? [] : [block.accessory as Record<string, unknown>]),
    ];
    if (elements.some((e) => e.action_id === actionId) && typeof block.block_id === 'string')
      return block.block_id;
  }
  return null;
}
