/**
 * What a failed Web API call means for a post or an edit, decided once for every caller:
 *
 * - `permanent`: Slack answered and refused (`not_in_channel`, `invalid_auth`, …). Nothing was
 *   stored; the same call will fail the same way until someone changes something.
 * - `rate-limited`: Slack answered 429 (or `ratelimited`). Nothing was stored; try again after
 *   `retryAfterMs`, which Slack gave.
 * - `ambiguous`: a timeout, a dropped connection, a 5xx or an internal error. Slack may have
 *   stored the message before failing to say so, so a post must be looked up (by its metadata
 *   key) before it is sent again.
 */

export type SlackFailure =
  | { readonly kind: 'permanent'; readonly code: string }
  | { readonly kind: 'rate-limited'; readonly retryAfterMs: number }
  | { readonly kind: 'ambiguous'; readonly detail: string };

/** Codes no retry will fix (posts and edits alike). */
export const PERMANENT_SLACK_ERRORS: ReadonlySet<string> = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_blocks',
  'msg_too_long',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_authed',
  'missing_scope',
  'no_permission',
  'restricted_action',
  'invalid_metadata_format',
  'invalid_metadata_schema',
  'metadata_too_large',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'team_access_not_granted',
]);

/** When Slack says `ratelimited` in the body without a Retry-After header. */
const DEFAULT_RATE_LIMIT_MS = 30_000;

export function classifySlackFailure(error: unknown): SlackFailure {
  const retryAfter = retryAfterSeconds(error);
  if (retryAfter !== null) return { kind: 'rate-limited', retryAfterMs: retryAfter * 1000 };
  const code = slackErrorCode(error);
  if (code === 'ratelimited' || code === 'rate_limited')
    return { kind: 'rate-limited', retryAfterMs: DEFAULT_RATE_LIMIT_MS };
  if (code !== null && PERMANENT_SLACK_ERRORS.has(code)) return { kind: 'permanent', code };
  // internal_error, fatal_error, service_unavailable, request_timeout, HTTP 5xx, network, abort:
  // Slack may have done it.
  return { kind: 'ambiguous', detail: code ?? describe(error) };
}

/** Slack's `error` code from a Web API platform error (`ok: false`), else null. */
export function slackErrorCode(error: unknown): string | null {
  if (error === null || typeof error !== 'object') return null;
  const data = (error as { data?: { error?: unknown } }).data;
  return typeof data?.error === 'string' ? data.error : null;
}

/** The Web API client's rate-limited error carries `retryAfter` in seconds. */
function retryAfterSeconds(error: unknown): number | null {
  if (error === null || typeof error !== 'object') return null;
  const { code, retryAfter } = error as { code?: unknown; retryAfter?: unknown };
  if (code !== 'slack_webapi_rate_limited_error') return null;
  return typeof retryAfter === 'number' && Number.isFinite(retryAfter) && retryAfter >= 0
    ? retryAfter
    : DEFAULT_RATE_LIMIT_MS / 1000;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    return typeof status === 'number' ? `HTTP ${status}` : error.message;
  }
  return String(error);
}

/** Slack refused a post for good (`code` is Slack's, e.g. not_in_channel). */
export class SlackPostError extends Error {
  constructor(
    readonly key: string,
    readonly channel: string,
    readonly code: string,
  ) {
    super(`Slack refused to post ${key} to ${channel}: ${code}`);
    this.name = 'SlackPostError';
  }
}

/**
 * A post or an edit that did not go through but may later: rate-limited (nothing stored), or
 * ambiguous (perhaps stored: a post is looked up before it is tried again).
 */
export class SlackRetryLaterError extends Error {
  constructor(
    readonly what: string,
    readonly failure: Exclude<SlackFailure, { kind: 'permanent' }>,
  ) {
    super(
      failure.kind === 'rate-limited'
        ? `${what}: rate-limited by Slack, retry in ${Math.ceil(failure.retryAfterMs / 1000)} s`
        : `${what}: no clear answer from Slack (${failure.detail}); will check and retry`,
    );
    this.name = 'SlackRetryLaterError';
  }

  /** How long Slack asked us to wait, if it did. */
  get retryAfterMs(): number | null {
    return this.failure.kind === 'rate-limited' ? this.failure.retryAfterMs : null;
  }
}
