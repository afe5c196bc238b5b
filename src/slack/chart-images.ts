import type { Chart, ChartRenderer } from '../charts/chart.js';
import type { Logger } from '../logging/logger.js';
import type { ChartImage } from '../messages/chart-block.js';
import { type ChartMetrics, NO_CHART_METRICS } from '../metrics/chart-metrics.js';
import { ChartUploadError, type ChartUploader } from './chart-upload.js';

/**
 * The step every message with a chart goes through before it is posted: render the chart within
 * its deadline, upload the PNG within its own, and hand back the image for the message; or null,
 * and the message shows its text sparkline exactly as it did before charts. It never throws and
 * never takes longer than the two deadlines, so a slow renderer or a failing Slack costs the
 * picture, never the message or its timing.
 *
 * Uploads are kept by the picture's key (equal data, equal bytes, equal key): the same chart
 * shown again (a digest and the Home tab at the same minute, two people asking the same thing)
 * reuses its file instead of uploading it again.
 */
export interface ChartImages {
  image(
    chart: Chart | null,
    options?: { readonly signal?: AbortSignal },
  ): Promise<ChartImage | null>;
  /**
   * Deletes an uploaded picture no message shows any more (an alert root's, replaced by a newer
   * one) and forgets it, so it is never shown again. Never throws: a file left behind is clutter,
   * not a failure.
   */
  discard(fileId: string): Promise<void>;
}

export interface ChartImagesOptions {
  readonly renderer: ChartRenderer;
  readonly uploader: ChartUploader;
  readonly logger: Logger;
  readonly metrics?: ChartMetrics;
  /** A render that takes longer is given up for the text (default 2 s). */
  readonly renderDeadlineMs?: number;
  /** The whole upload (three calls) within this (default 8 s). */
  readonly uploadDeadlineMs?: number;
  /** Uploaded files remembered by key, the oldest forgotten first (default 500). */
  readonly cacheSize?: number;
  /** After Slack said the scope is missing, charts rest this long before asking again. */
  readonly scopePauseMs?: number;
  readonly now?: () => number;
}

export const RENDER_DEADLINE_MS = 2_000;
export const UPLOAD_DEADLINE_MS = 8_000;
const CACHE_SIZE = 500;
const SCOPE_PAUSE_MS = 15 * 60_000;

/** Slack's answers that mean "this app may not upload files": a person must add the scope. */
const SCOPE_CODES: ReadonlySet<string> = new Set([
  'missing_scope',
  'not_allowed_token_type',
  'no_permission',
]);

export function createChartImages(options: ChartImagesOptions): ChartImages {
  const metrics = options.metrics ?? NO_CHART_METRICS;
  const now = options.now ?? Date.now;
  const renderMs = options.renderDeadlineMs ?? RENDER_DEADLINE_MS;
  const uploadMs = options.uploadDeadlineMs ?? UPLOAD_DEADLINE_MS;
  const cacheSize = Math.max(1, options.cacheSize ?? CACHE_SIZE);
  const log = options.logger.child({ component: 'charts' });
  const uploaded = new Map<string, string>(); // key → file ID, oldest first
  const uploading = new Map<string, Promise<string>>();
  let pausedUntil = 0;
  let scopeWarned = false;

  const remember = (key: string, fileId: string) => {
    uploaded.delete(key);
    uploaded.set(key, fileId);
    while (uploaded.size > cacheSize) {
      const oldest = uploaded.keys().next().value;
      if (oldest === undefined) break;
      uploaded.delete(oldest);
    }
  };

  const fallback = (reason: string, fields: Record<string, unknown> = {}): null => {
    metrics.count('fallback', reason);
    log.debug('chart left out; the message shows its text trend', { reason, ...fields });
    return null;
  };

  return {
    async image(chart, { signal } = {}) {
      if (chart === null) return null;
      if (now() < pausedUntil) return fallback('charts_paused');
      let rendered: Awaited<ReturnType<ChartRenderer['render']>>;
      try {
        rendered = await withDeadline(renderMs, signal, (s) =>
          options.renderer.render(chart, { signal: s }),
        );
      } catch (error) {
        const late = error instanceof DeadlineError;
        if (!late) log.warn('a chart could not be drawn; the message shows its text', { error });
        return fallback(late ? 'render_timeout' : 'render_failed');
      }
      const image = (fileId: string): ChartImage => ({
        fileId,
        altText: rendered.altText,
        title: chart.title,
      });
      const known = uploaded.get(rendered.key);
      if (known !== undefined) {
        remember(rendered.key, known);
        metrics.count('reused');
        return image(known);
      }
      let pending = uploading.get(rendered.key);
      if (pending === undefined) {
        pending = withDeadline(uploadMs, signal, (s) =>
          options.uploader.upload(
            {
              png: rendered.png,
              filename: `exec-stats-${chart.kind}-${rendered.key.slice(0, 16)}.png`,
              altText: rendered.altText,
              title: chart.title,
            },
            { signal: s },
          ),
        ).finally(() => uploading.delete(rendered.key));
        uploading.set(rendered.key, pending);
      }
      try {
        const fileId = await pending;
        remember(rendered.key, fileId);
        if (scopeWarned) {
          scopeWarned = false;
          log.info('charts are uploaded again: Slack accepted a chart');
        }
        metrics.count('uploaded');
        return image(fileId);
      } catch (error) {
        if (error instanceof DeadlineError) return fallback('upload_timeout');
        const failure = error instanceof ChartUploadError ? error.failure : null;
        if (failure?.kind === 'permanent' && SCOPE_CODES.has(failure.code)) {
          pausedUntil = now() + (options.scopePauseMs ?? SCOPE_PAUSE_MS);
          if (!scopeWarned) {
            scopeWarned = true;
            log.warn(
              'charts are off: Slack refused the upload; add files:write to the app (manifest.yml) and reinstall it. Messages show their text trend meanwhile',
              { slackError: failure.code },
            );
          }
          return fallback('missing_scope');
        }
        log.warn('a chart could not be uploaded; the message shows its text', { error });
        return fallback(failure?.kind === 'permanent' ? 'upload_refused' : 'upload_failed');
      }
    },
    async discard(fileId) {
      for (const [key, id] of uploaded) if (id === fileId) uploaded.delete(key);
      try {
        await withDeadline(uploadMs, undefined, (s) =>
          options.uploader.remove(fileId, { signal: s }),
        );
        metrics.count('deleted');
      } catch (error) {
        metrics.count('delete_failed');
        log.debug("a replaced chart could not be deleted; it stays in the bot's files", {
          fileId,
          error,
        });
      }
    },
  };
}

class DeadlineError extends Error {
  constructor(ms: number) {
    super(`not done within ${ms} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * `run` within `ms` (or until `outer` aborts): its signal aborts then, and the promise rejects
 * with a DeadlineError at once, whether or not `run` heeds its signal.
 */
function withDeadline<T>(
  ms: number,
  outer: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  return new Promise<T>((resolve, reject) => {
    const expire = () => {
      controller.abort();
      reject(new DeadlineError(ms));
    };
    const timer = setTimeout(expire, ms);
    timer.unref?.();
    if (outer?.aborted) expire();
    outer?.addEventListener('abort', expire, { once: true });
    run(controller.signal)
      .then(resolve, (error: unknown) =>
        reject(controller.signal.aborted ? new DeadlineError(ms) : error),
      )
      .finally(() => {
        clearTimeout(timer);
        outer?.removeEventListener('abort', expire);
      });
  });
}
