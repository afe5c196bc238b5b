import { webApi } from '@slack/bolt';
import { request } from 'undici';
import { classifySlackFailure, type SlackFailure } from './slack-failure.js';

/**
 * Uploads a chart's PNG the way the Web API client's `files.uploadV2` does, in its three steps:
 * `files.getUploadURLExternal` (name, length, alt text) → POST the bytes to the URL Slack gave →
 * `files.completeUploadExternal` with no channel. The file stays private to the bot: a message
 * shows it through an image block's `slack_file: { id }`, which Slack allows for a file the
 * posting bot can see, so the chart is not shared a second time as a file message. Every step
 * has its own timeout, and the caller's signal ends all of them.
 */

/** The Web API methods the uploads need (Slack's WebClient has them; tests pass their own). */
export interface FilesClient {
  readonly files: {
    getUploadURLExternal(args: {
      filename: string;
      length: number;
      alt_txt?: string;
    }): Promise<{ ok?: boolean; upload_url?: string; file_id?: string }>;
    completeUploadExternal(args: {
      files: [{ id: string; title?: string }];
    }): Promise<{ ok?: boolean; files?: readonly { id?: string }[] }>;
    delete(args: { file: string }): Promise<{ ok?: boolean }>;
  };
}

export interface ChartUploadInput {
  readonly png: Uint8Array;
  readonly filename: string;
  readonly altText: string;
  readonly title: string;
}

export interface ChartUploader {
  /** The uploaded file's ID; rejects with a ChartUploadError. */
  upload(input: ChartUploadInput, options?: { readonly signal?: AbortSignal }): Promise<string>;
  /** Deletes a file it uploaded (`files.delete`); rejects with a ChartUploadError. */
  remove(fileId: string, options?: { readonly signal?: AbortSignal }): Promise<void>;
}

export type UploadStep = 'get-url' | 'send-bytes' | 'complete' | 'delete';

/** An upload that did not go through: at which step, and what Slack's answer means. */
export class ChartUploadError extends Error {
  constructor(
    readonly step: UploadStep,
    readonly failure: SlackFailure,
  ) {
    super(
      `chart upload failed at ${step}: ${failure.kind === 'permanent' ? failure.code : failure.kind === 'ambiguous' ? failure.detail : 'rate-limited'}`,
    );
    this.name = 'ChartUploadError';
  }
}

/** Each step's own limit; the caller's deadline may be shorter. */
export const UPLOAD_STEP_TIMEOUT_MS = 5_000;

export interface ChartUploaderOptions {
  readonly client: FilesClient;
  readonly stepTimeoutMs?: number;
}

export function createChartUploader(options: ChartUploaderOptions): ChartUploader {
  const stepMs = options.stepTimeoutMs ?? UPLOAD_STEP_TIMEOUT_MS;
  const { files } = options.client;
  return {
    async upload(input, { signal } = {}) {
      const got = await step('get-url', stepMs, signal, () =>
        files.getUploadURLExternal({
          filename: input.filename,
          length: input.png.byteLength,
          alt_txt: input.altText,
        }),
      );
      const url = got.upload_url;
      const id = got.file_id;
      if (typeof url !== 'string' || typeof id !== 'string') {
        throw new ChartUploadError('get-url', { kind: 'ambiguous', detail: 'no upload_url' });
      }
      await step('send-bytes', stepMs, signal, (stepSignal) =>
        sendBytes(url, input.png, stepSignal),
      );
      await step('complete', stepMs, signal, () =>
        files.completeUploadExternal({ files: [{ id, title: input.title }] }),
      );
      return id;
    },
    async remove(fileId, { signal } = {}) {
      await step('delete', stepMs, signal, () => files.delete({ file: fileId }));
    },
  };
}

/** POSTs the bytes as Slack's upload URL takes them; anything but a 2xx is a failure. */
async function sendBytes(url: string, png: Uint8Array, signal: AbortSignal): Promise<void> {
  const answer = await request(url, {
    method: 'POST',
    body: png,
    headers: { 'content-type': 'application/octet-stream' },
    signal,
  });
  await answer.body.dump();
  if (answer.statusCode < 200 || answer.statusCode > 299) {
    throw Object.assign(new Error(`upload answered HTTP ${answer.statusCode}`), {
      statusCode: answer.statusCode,
    });
  }
}

/**
 * Runs one step within `ms` and the caller's signal. The Web API client takes no signal, so a
 * step that outlives its time is left to its own timeout and its answer ignored.
 */
async function step<T>(
  name: UploadStep,
  ms: number,
  outer: AbortSignal | undefined,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const timeout = AbortSignal.timeout(ms);
  const signal = outer === undefined ? timeout : AbortSignal.any([outer, timeout]);
  try {
    signal.throwIfAborted();
    return await new Promise<T>((resolve, reject) => {
      const abort = () => reject(new Error(`timed out after ${ms} ms`));
      signal.addEventListener('abort', abort, { once: true });
      run(signal)
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', abort));
    });
  } catch (error) {
    if (error instanceof ChartUploadError) throw error;
    const failure: SlackFailure = signal.aborted
      ? { kind: 'ambiguous', detail: outer?.aborted ? 'deadline' : `${name} timed out` }
      : classifySlackFailure(error);
    throw new ChartUploadError(name, failure);
  }
}

/**
 * The client the uploads use: Slack's WebClient with a per-call timeout and no retries of its
 * own (a retry would outlive the message's deadline; the next message tries again).
 */
export function createFilesClient(options: {
  readonly token: string | undefined;
  readonly apiUrl: string | null;
  readonly fetch?: webApi.FetchFunction;
  readonly logger?: webApi.WebClientOptions['logger'];
  readonly timeoutMs?: number;
}): FilesClient {
  return new webApi.WebClient(options.token, {
    ...(options.apiUrl === null ? {} : { slackApiUrl: options.apiUrl }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    timeout: options.timeoutMs ?? UPLOAD_STEP_TIMEOUT_MS,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
  }) as unknown as FilesClient;
}
