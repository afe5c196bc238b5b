import { describe, expect, it } from 'vitest';
import type { Chart, ChartRenderer, RenderedChart } from '../../../src/charts/chart.js';
import { chartMetrics } from '../../../src/metrics/chart-metrics.js';
import { createMetrics } from '../../../src/metrics/metrics.js';
import { createChartImages } from '../../../src/slack/chart-images.js';
import {
  ChartUploadError,
  type ChartUploader,
  type ChartUploadInput,
} from '../../../src/slack/chart-upload.js';
import type { SlackFailure } from '../../../src/slack/slack-failure.js';
import { recordingLogger } from '../../support/recording-logger.js';

const chart = (title: string): Chart => ({
  kind: 'stats',
  title,
  timeZone: 'UTC',
  buckets: [{ startMs: 0, endMs: 3_600_000, failed: 1, total: 10, share: 1 }],
});

/** Draws a chart as its title's bytes, keyed by its title: equal charts, equal keys. */
function fakeRenderer(delayMs = 0): ChartRenderer & { renders: number } {
  const renderer = {
    renders: 0,
    async render(c: Chart, options?: { signal?: AbortSignal }): Promise<RenderedChart> {
      renderer.renders += 1;
      if (delayMs > 0) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(resolve, delayMs);
          options?.signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(new Error('aborted'));
          });
        });
      }
      return {
        png: new TextEncoder().encode(c.title),
        width: 1200,
        height: 600,
        key: `key-${c.title}`,
        altText: `Chart of ${c.title}`,
      };
    },
  };
  return renderer;
}

function fakeUploader(failure: SlackFailure | null = null): ChartUploader & {
  inputs: ChartUploadInput[];
  removed: string[];
} {
  const inputs: ChartUploadInput[] = [];
  const removed: string[] = [];
  return {
    inputs,
    removed,
    async upload(input) {
      inputs.push(input);
      if (failure !== null) throw new ChartUploadError('get-url', failure);
      return `F${inputs.length}`;
    },
    async remove(fileId) {
      if (failure !== null) throw new ChartUploadError('delete', failure);
      removed.push(fileId);
    },
  };
}

/** Chart images over `uploader`, counted in `metrics`' registry. */
function counted(uploader: ChartUploader, metrics = createMetrics()) {
  const images = createChartImages({
    renderer: fakeRenderer(),
    uploader,
    logger: recordingLogger(),
    metrics: chartMetrics(metrics.registry),
  });
  return { images, metrics };
}

describe('chart or fallback', () => {
  it('renders, uploads, and gives the image for the message', async () => {
    const uploader = fakeUploader();
    const images = createChartImages({
      renderer: fakeRenderer(),
      uploader,
      logger: recordingLogger(),
    });
    expect(await images.image(chart('a'))).toEqual({
      fileId: 'F1',
      altText: 'Chart of a',
      title: 'a',
    });
    expect(uploader.inputs[0]).toMatchObject({ altText: 'Chart of a', title: 'a' });
    expect(await images.image(null)).toBeNull();
  });

  it('reuses the upload of an identical chart, also when both are asked at once', async () => {
    const uploader = fakeUploader();
    const { images, metrics } = counted(uploader);
    const [one, two] = await Promise.all([images.image(chart('a')), images.image(chart('a'))]);
    const three = await images.image(chart('a'));
    expect([one?.fileId, two?.fileId, three?.fileId]).toEqual(['F1', 'F1', 'F1']);
    expect(uploader.inputs).toHaveLength(1);
    expect((await images.image(chart('b')))?.fileId).toBe('F2');
    const text = await metrics.registry.metrics();
    expect(text).toContain('exec_stats_charts_total{outcome="uploaded",reason=""} 3');
    expect(text).toContain('exec_stats_charts_total{outcome="reused",reason=""} 1');
  });

  it('deletes a discarded picture and never shows it again; a failed delete is counted, not thrown', async () => {
    const uploader = fakeUploader();
    const { images, metrics } = counted(uploader);
    expect((await images.image(chart('a')))?.fileId).toBe('F1');
    await images.discard('F1');
    expect(uploader.removed).toEqual(['F1']);
    // The same chart again is uploaded anew, not shown from the deleted file.
    expect((await images.image(chart('a')))?.fileId).toBe('F2');
    const failing = counted(
      fakeUploader({ kind: 'permanent', code: 'file_not_found' }),
      metrics,
    ).images;
    await expect(failing.discard('F7')).resolves.toBeUndefined();
    const text = await metrics.registry.metrics();
    expect(text).toContain('exec_stats_charts_total{outcome="deleted",reason=""} 1');
    expect(text).toContain('exec_stats_charts_total{outcome="delete_failed",reason=""} 1');
  });

  it('forgets the oldest upload beyond its size', async () => {
    const uploader = fakeUploader();
    const images = createChartImages({
      renderer: fakeRenderer(),
      uploader,
      logger: recordingLogger(),
      cacheSize: 2,
    });
    for (const title of ['a', 'b', 'c', 'a']) await images.image(chart(title));
    expect(uploader.inputs.map((i) => i.title)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('gives a slow render up for the text, on time', async () => {
    const uploader = fakeUploader();
    const images = createChartImages({
      renderer: fakeRenderer(5_000),
      uploader,
      logger: recordingLogger(),
      renderDeadlineMs: 50,
    });
    const started = performance.now();
    expect(await images.image(chart('a'))).toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(uploader.inputs).toEqual([]);
  });

  it('gives up a slow upload for the text, on time', async () => {
    const slow: ChartUploader = {
      upload: (_input, options) =>
        new Promise((_resolve, reject) =>
          options?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
      remove: async () => {},
    };
    const images = createChartImages({
      renderer: fakeRenderer(),
      uploader: slow,
      logger: recordingLogger(),
      uploadDeadlineMs: 50,
    });
    const started = performance.now();
    expect(await images.image(chart('a'))).toBeNull();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('logs a missing scope once, says to add files:write, and rests before asking again', async () => {
    const uploader = fakeUploader({ kind: 'permanent', code: 'missing_scope' });
    const log = recordingLogger();
    let now = 1_000_000;
    const metrics = createMetrics();
    const images = createChartImages({
      renderer: fakeRenderer(),
      uploader,
      logger: log,
      metrics: chartMetrics(metrics.registry),
      scopePauseMs: 60_000,
      now: () => now,
    });
    expect(await images.image(chart('a'))).toBeNull();
    expect(await images.image(chart('b'))).toBeNull();
    expect(uploader.inputs).toHaveLength(1); // the second did not ask Slack again
    now += 60_000;
    expect(await images.image(chart('c'))).toBeNull();
    expect(uploader.inputs).toHaveLength(2);
    const warnings = log.entries.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('add files:write');
    const text = await metrics.registry.metrics();
    expect(text).toContain('exec_stats_charts_total{outcome="fallback",reason="missing_scope"} 2');
    expect(text).toContain('exec_stats_charts_total{outcome="fallback",reason="charts_paused"} 1');
  });

  it('falls back on a 5xx this time only, and keeps no failed upload', async () => {
    let fail = true;
    const inputs: ChartUploadInput[] = [];
    const uploader: ChartUploader = {
      async upload(input) {
        inputs.push(input);
        if (fail)
          throw new ChartUploadError('send-bytes', { kind: 'ambiguous', detail: 'HTTP 500' });
        return 'F9';
      },
      remove: async () => {},
    };
    const images = createChartImages({
      renderer: fakeRenderer(),
      uploader,
      logger: recordingLogger(),
    });
    expect(await images.image(chart('a'))).toBeNull();
    fail = false;
    expect((await images.image(chart('a')))?.fileId).toBe('F9');
    expect(inputs).toHaveLength(2);
  });
});
