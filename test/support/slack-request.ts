import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<raw body>` with the signing secret. */
export function slackSignature(secret: string, timestampSec: number, rawBody: string): string {
  const digest = createHmac('sha256', secret).update(`v0:${timestampSec}:${rawBody}`).digest('hex');
  return `v0=${digest}`;
}

export interface SignOptions {
  /** Seconds since the epoch written in the header; defaults to now. */
  readonly timestampSec?: number;
  /** Sign with this secret instead (a forged request). */
  readonly secret?: string;
  /** Events API callbacks are JSON; commands and interactions are forms (the default). */
  readonly contentType?: string;
}

export interface SlackPostResult {
  readonly status: number;
  readonly text: string;
  /** The parsed body when it was JSON (an ack that carries a message), else null. */
  readonly json: Record<string, unknown> | null;
  readonly elapsedMs: number;
}

export interface SlashCommandFields {
  readonly text: string;
  readonly responseUrl: string;
  readonly userId?: string;
  readonly channelId?: string;
}

/** POSTs a form body to the app as Slack does: signed, form-encoded. */
export async function postSigned(
  url: string,
  secret: string,
  rawBody: string,
  options: SignOptions = {},
): Promise<SlackPostResult> {
  const timestampSec = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(timestampSec),
      'x-slack-signature': slackSignature(options.secret ?? secret, timestampSec, rawBody),
    },
    body: rawBody,
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  if (response.headers.get('content-type')?.includes('application/json') && text !== '') {
    json = JSON.parse(text) as Record<string, unknown>;
  }
  return { status: response.status, text, json, elapsedMs: performance.now() - started };
}

/** The form body of a slash command, with the fields Slack sends. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: fields.channelId ?? 'C0123456789',
    channel_name: 'ops',
    user_id: fields.userId ?? 'U0ALICE',
    user_name: 'alice',
    command: '/exec-stats',
    text: fields.text,
    api_app_id: 'A0EXECSTATS',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1337.42.abcdef',
  }).toString();
}

export interface ButtonPress {
  readonly actionId: string;
  readonly value: string;
  readonly responseUrl: string;
  readonly userId?: string;
  readonly isEphemeral?: boolean;
  /** The workspace it comes from; default T0001 (the fake Slack's auth.test team). */
  readonly teamId?: string;
  /** The channel of the message the button sits on; default C0123456789. */
  readonly channelId?: string;
}

/** The form body of a `block_actions` interaction for one button, as Slack sends it. */
export function blockActionBody(press: ButtonPress): string {
  const payload = {
    type: 'block_actions',
    user: { id: press.userId ?? 'U0ALICE', username: 'alice', team_id: press.teamId ?? 'T0001' },
    api_app_id: 'A0EXECSTATS',
    token: 'deprecated-verification-token',
    container: {
      type: 'message',
      message_ts: '1700000000.000100',
      channel_id: press.channelId ?? 'C0123456789',
      is_ephemeral: press.isEphemeral ?? true,
    },
    trigger_id: '1337.42.abcdef',
    team: { id: press.teamId ?? 'T0001', domain: 'acme' },
    channel: { id: press.channelId ?? 'C0123456789', name: 'ops' },
    response_url: press.responseUrl,
    actions: [
      {
        action_id: press.actionId,
        block_id: 'actions',
        text: { type: 'plain_text', text: 'Refresh' },
        value: press.value,
        type: 'button',
        action_ts: '1700000001.000200',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** The JSON body of an Events API `event_callback`, as Slack sends it (post it with JSON_BODY). */
export function eventCallbackBody(event: Record<string, unknown>, teamId = 'T0001'): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: teamId,
    api_app_id: 'A0EXECSTATS',
    event: { event_ts: '1700000002.000300', ...event },
    type: 'event_callback',
    event_id: 'Ev0EXECSTATS01',
    event_time: 1_700_000_002,
    authorizations: [{ team_id: teamId, user_id: 'UBOT', is_bot: true }],
  });
}

export const JSON_BODY: SignOptions = { contentType: 'application/json' };
