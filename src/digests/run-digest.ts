import { statsChartOf } from '../charts/stats-chart.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logging/logger.js';
import { buildDigestMessage, buildUnavailableDigest } from '../messages/digest-message.js';
import type { SlackMessage } from '../messages/message.js';
import { type Backoff, backoffDelay, DELIVERY_BACKOFF, pause } from '../slack/backoff.js';
import { type ChartedMessage, noChart, sendWithChartFallback } from '../slack/chart-fallback.js';
import type { ChartImages } from '../slack/chart-images.js';
import {
  type PostLedger,
  type PostMessageClient,
  type PostOnceMessage,
  type PostOnceResult,
  postOnce,
} from '../slack/post-once.js';
import { SlackPostError, SlackRetryLaterError } from '../slack/slack-failure.js';
import type { Stats, StatsQuery, StatsSource } from '../stats/types.js';
import { defaultGranularity } from '../time/granularity.js';
import type { TimeWindow } from '../time/window.js';
import { resolveWindow } from '../time/window-resolve.js';
import { parseWindowSpec } from '../time/window-spec.js';
import { isLate } from './catch-up.js';
import type { Digest } from './digest.js';
import type { DigestStore, RunKey } from './store.js';

export type FetchStats = (query: StatsQuery) => Promise<Stats>;

/**
 * Digests due at the same moment with the same window (and so the same previous period) ask the
 * same query: windows are resolved at the scheduled time, not at "now", so such queries are
 * identical to the millisecond. The first asks the API; the others get its answer from the stats
 * source's cache, which digests accept up to a minute old, so digests whose ticks land a little
 * apart still share. Failures are never kept, so a retry really asks again.
 */
export const DIGEST_SHARE_MS = 60_000;

export function digestFetch(stats: StatsSource): FetchStats {
  return (query) => stats.getStats(query, { maxAgeMs: DIGEST_SHARE_MS });
}

export interface RunDeps {
  readonly store: DigestStore;
  readonly ledger: PostLedger;
  readonly client: PostMessageClient;
  readonly owner: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly fetchStats: FetchStats;
  readonly executionUrlTemplate: string;
  /**
   * Charts for the digest (in its zone), rendered and uploaded before it is posted, within their
   * own deadlines; none, or a chart that fails, and the digest shows its text trend.
   */
  readonly charts?: ChartImages;
  /** When a run that found the stats API down should try again (Unix ms). */
  readonly retryAt: (digest: Digest, scheduledAt: number, now: number) => number;
  /**
   * Retries of a post Slack did not clearly take (timeout, 5xx, 429), with backoff, until it is
   * posted or `stopped` aborts (the claim then stays, and the next start resumes the run).
   * Without it a run makes one attempt.
   */
  readonly retry?: {
    readonly stopped: AbortSignal;
    readonly backoff?: Backoff;
    readonly random?: () => number;
  };
}

export type RunOutcome =
  | 'posted'
  | 'already-posted'
  | 'skipped'
  | 'busy'
  | 'done-before'
  | 'unavailable'
  | 'slack-error'
  | 'failed';

/** The post-ledger key of a run: one Slack post per digest and scheduled instant. */
export const runPostKey = (run: RunKey) =>
  `digest:${run.digest}:${new Date(run.scheduledAt).toISOString()}`;

/**
 * The full digest of one run: the window and the period before (fetched together), compared.
 * Throws when the stats API fails; the first run and its retry each decide what to post then.
 */
export async function composeDigest(
  digest: Digest,
  window: TimeWindow,
  scheduledAt: number,
  late: boolean,
  deps: Pick<RunDeps, 'fetchStats' | 'clock' | 'executionUrlTemplate' | 'charts'>,
): Promise<SlackMessage> {
  return (await composeChartedDigest(digest, window, scheduledAt, late, deps)).message;
}

/** The digest with its chart, and without (what is sent if Slack refuses the picture). */
export async function composeChartedDigest(
  digest: Digest,
  window: TimeWindow,
  scheduledAt: number,
  late: boolean,
  deps: Pick<RunDeps, 'fetchStats' | 'clock' | 'executionUrlTemplate' | 'charts'>,
): Promise<ChartedMessage> {
  const { stats, previous } = await fetchBoth(window, deps.fetchStats);
  const granularity = defaultGranularity(window);
  const chart =
    deps.charts === undefined || stats.summary.total === 0
      ? null
      : await deps.charts.image(
          statsChartOf({
            title: `Executions · ${window.label}`,
            timeZone: digest.timezone,
            granularity,
            buckets: stats.timeSeries,
            window,
          }),
        );
  const input = {
    digestName: digest.name,
    stats,
    previous,
    window,
    granularity,
    scheduledAt,
    late,
    now: deps.clock.now(),
    executionUrlTemplate: deps.executionUrlTemplate,
  };
  return {
    message: buildDigestMessage({ ...input, chart }),
    plain: chart === null ? null : buildDigestMessage(input),
  };
}

/**
 * One run of one digest: claim it, compute its window at the scheduled time, fetch the window and
 * the period before (shared with digests due at the same moment), post exactly once, mark it done.
 * A stats failure posts a short "stats unavailable" digest and leaves the run waiting for its one
 * retry. Every failure is logged with the digest's name and never thrown: other digests go on.
 */
export async function runDigest(
  digest: Digest,
  scheduledAt: number,
  deps: RunDeps,
): Promise<RunOutcome> {
  const run: RunKey = { digest: digest.id, scheduledAt };
  const log = deps.logger.child({ digest: digest.id, scheduledAt: iso(scheduledAt) });
  const claim = await deps.store.claimRun(run, deps.owner, deps.clock.now());
  if (claim === 'busy' || claim === 'done') return claim === 'busy' ? 'busy' : 'done-before';
  if (claim === 'resumed') log.info('resuming a run a previous process claimed and did not finish');
  const late = isLate(scheduledAt, deps.clock.now());
  try {
    const window = digestWindow(digest, scheduledAt);
    let message: ChartedMessage;
    let retry: number | null = null;
    try {
      message = await composeChartedDigest(digest, window, scheduledAt, late, deps);
    } catch (error) {
      retry = deps.retryAt(digest, scheduledAt, deps.clock.now());
      log.warn('stats unavailable for a digest; posting that, and retrying once', {
        error,
        retryAt: iso(retry),
      });
      message = noChart(
        unavailable(digest, window, scheduledAt, late, error, retry, deps.clock.now()),
      );
    }
    const posted = await sendWithChartFallback(
      message,
      (m) => postWithRetries(runPostKey(run), { channel: digest.channel, ...m }, deps, log),
      log,
    );
    const outcome = retry !== null ? 'unavailable' : posted.outcome;
    await deps.store.finishRun(
      run,
      {
        outcome,
        channel: digest.channel,
        messageTs: posted.ts,
        retryAt: retry !== null && posted.ts !== null ? retry : null,
      },
      deps.clock.now(),
    );
    log.info('digest run finished', { outcome, late, channel: digest.channel });
    return outcome;
  } catch (error) {
    if (error instanceof SlackPostError) {
      log.error('Slack refused the digest', {
        channel: digest.channel,
        slackError: error.code,
        key: error.key,
      });
      const result = { outcome: `slack-error:${error.code}`, channel: digest.channel };
      await deps.store.finishRun(
        run,
        { ...result, messageTs: null, retryAt: null },
        deps.clock.now(),
      );
      return 'slack-error';
    }
    // Unknown fate (network to Slack, DB): the claim stays, so the next start resumes the run
    // and the post ledger tells whether Slack got it.
    log.error('digest run failed', { channel: digest.channel, error });
    return 'failed';
  }
}

/**
 * Posts through the ledger, and again after an unclear answer or a 429 (the ledger looks the
 * message up first, so a digest Slack stored before failing is not posted twice).
 */
async function postWithRetries(
  key: string,
  message: PostOnceMessage,
  deps: RunDeps,
  log: RunDeps['logger'],
): Promise<PostOnceResult> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await postOnce(key, message, deps);
    } catch (error) {
      const retry = deps.retry;
      if (!(error instanceof SlackRetryLaterError) || retry === undefined) throw error;
      const random = retry.random ?? Math.random;
      const delay = backoffDelay(
        attempt,
        retry.backoff ?? DELIVERY_BACKOFF,
        random(),
        error.retryAfterMs,
      );
      log.warn('digest not posted yet; trying again', { reason: error.message, inMs: delay });
      if (!(await pause(delay, retry.stopped))) throw error;
    }
  }
}

/** The digest's window, resolved in its zone at its scheduled time (config checked the word). */
export function digestWindow(digest: Digest, scheduledAt: number): TimeWindow {
  const spec = parseWindowSpec(digest.window);
  if (!spec.ok) throw new Error(`digest ${digest.name}: ${spec.reason}`);
  const resolved = resolveWindow(spec.spec, { now: scheduledAt, timeZone: digest.timezone });
  if (!resolved.ok) throw new Error(`digest ${digest.name}: ${resolved.reason}`);
  return resolved.window;
}

/** The window and the period of the same length just before it, in one go. */
export async function fetchBoth(
  window: TimeWindow,
  fetchStats: FetchStats,
): Promise<{ stats: Stats; previous: Stats }> {
  const granularity = defaultGranularity(window);
  const length = window.to - window.from;
  const [stats, previous] = await Promise.all([
    fetchStats({ from: window.from, to: window.to, granularity }),
    fetchStats({ from: window.from - length, to: window.from, granularity }),
  ]);
  return { stats, previous };
}

export function unavailable(
  digest: Digest,
  window: TimeWindow,
  scheduledAt: number,
  late: boolean,
  error: unknown,
  retryAt: number | null,
  now: number,
): SlackMessage {
  return buildUnavailableDigest({
    digestName: digest.name,
    windowLabel: window.label,
    timeZone: digest.timezone,
    scheduledAt,
    late,
    now,
    error,
    retryAt,
  });
}

const iso = (ms: number) => new Date(ms).toISOString();
