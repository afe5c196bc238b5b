import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ChartRenderer } from '../../src/charts/chart.js';
import { createChartRenderer } from '../../src/charts/renderer.js';
import { createHomeFeature } from '../../src/home/feature.js';
import type { ChartsSetup } from '../../src/slack/slack-charts.js';
import { type E2eWorld, messageText, startE2eWorld } from '../support/e2e-harness.js';
import type { FakeSlack } from '../support/fake-slack.js';
import { billingSeriesBody, wireBucket } from '../support/stats-body.js';
import type { StatsServerHandler } from '../support/stats-server.js';
import { digest, digestsFeature, postKey as postKeyOf, posts } from './digest-support.js';

const HOUR = 3_600_000;

/**
 * Charts through the real app: the real renderer (Vega-Lite → SVG → PNG), the upload flow
 * against the fake Slack's files API on loopback, and the image block in what reaches Slack.
 * Each failure (no files:write, the upload URL answering 500, the completion failing, a render
 * too slow) leaves the message with its text trend, posted on time.
 */

/** One renderer for the file: the libraries load once (its cache only spares identical draws). */
const renderer = createChartRenderer();

/** Hourly buckets covering the asked window, the same counts for the same hours. */
const alignedStats: StatsServerHandler = (call) => {
  const from = Number(call.query.from);
  const to = Number(call.query.to);
  const daily = call.query.granularity === 'daily';
  const step = daily ? 24 * HOUR : HOUR;
  const timeSeries = [];
  for (let t = Math.floor(from / step) * step; t < to; t += step) {
    const hour = Math.floor(t / HOUR) % 24;
    timeSeries.push(wireBucket(t, 40, hour === 9 ? 12 : 1)); // a spike at 09:00
  }
  return { body: billingSeriesBody(timeSeries, { granularity: daily ? 'daily' : 'hourly' }) };
};

type Block = { type?: string; slack_file?: { id?: string }; alt_text?: string };

function imageBlocks(body: Record<string, unknown>): Block[] {
  const blocks = (typeof body.blocks === 'string' ? JSON.parse(body.blocks) : body.blocks) as
    | Block[]
    | undefined;
  return (blocks ?? []).filter((b) => b.type === 'image');
}

/** The image block's file was uploaded through the whole flow, and is a PNG that decodes. */
function expectUploadedChart(slack: FakeSlack, block: Block | undefined): PNG {
  const id = block?.slack_file?.id;
  expect(id).toMatch(/^F\d+$/);
  const upload = slack.files.completed(String(id));
  expect(upload).toBeDefined();
  expect(upload?.shared).toBe(false);
  expect(upload?.altText).toBe(block?.alt_text);
  const png = PNG.sync.read(upload?.bytes as Buffer);
  expect(png.width).toBeGreaterThan(png.height); // about 2:1, for a phone
  expect(png.width).toBeGreaterThanOrEqual(600);
  return png;
}

/** The Home tab with no rules and no digests: here it is about its last 24 hours. */
function homeFeature() {
  return createHomeFeature({
    rules: [],
    digests: [],
    alertStore: {
      loadAllRuleStates: async () => new Map(),
      loadIncidentMessage: async () => null,
      pendingNotifications: async () => [],
    },
    digestStore: { listSubscriptions: async () => [] },
    refreshMs: 60_000,
    publishesPerSecond: 20,
  });
}

/** Slack's app_home_opened for `user`, signed as Slack sends it. */
async function openHome(w: E2eWorld, user: string): Promise<void> {
  expect((await w.ui.openHome(user)).status).toBe(200);
}

const textTrend = /Failed `[^`]+`/;

describe('charts in Slack, end to end', { timeout: 60_000 }, () => {
  let world: E2eWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });
  const start = async (charts: ChartsSetup = { renderer }) => {
    world = await startE2eWorld({ statsHandler: alignedStats, charts });
    return world;
  };

  it('/exec-stats: the reply shows the chart, uploaded privately, instead of the text trend', async () => {
    const { slack, command } = await start();
    const { reply } = await command('24h');
    const { body } = await reply();
    const [image] = imageBlocks(body);
    expectUploadedChart(slack, image);
    expect(messageText(body)).not.toMatch(textTrend);
    expect(slack.calls.map((c) => c.method)).toEqual(
      expect.arrayContaining(['files.getUploadURLExternal', 'files.completeUploadExternal']),
    );
    const metrics = await (await fetch(`${world?.bot.baseUrl}/metrics`)).text();
    expect(metrics).toContain('exec_stats_charts_total{outcome="uploaded",reason=""} 1');
  });

  it('identical data reuses the upload: the same file, no second upload', async () => {
    const { slack, command } = await start();
    const first = (await (await command('yesterday')).reply()).body;
    const second = (await (await command('yesterday')).reply()).body;
    const a = imageBlocks(first)[0]?.slack_file?.id;
    expect(a).toBeDefined();
    expect(imageBlocks(second)[0]?.slack_file?.id).toBe(a);
    expect(slack.files.uploads).toHaveLength(1);
  });

  it('a digest is posted with its chart, uploaded through the flow', async () => {
    world = await startE2eWorld({
      statsHandler: alignedStats,
      charts: { renderer },
      features: (db) => [
        digestsFeature(db, [digest({ name: 'charted', schedule: '*/2 * * * * *', window: '24h' })]),
      ],
    });
    const slack = world.slack;
    await slack.waitFor(() => posts(slack).length >= 1, 20_000);
    const [post] = posts(slack);
    const [image] = imageBlocks(post?.args ?? {});
    expectUploadedChart(slack, image);
    expect(messageText(post?.args ?? {})).toContain('Digest *charted*');
    expect(messageText(post?.args ?? {})).not.toMatch(textTrend);
  });

  it("the Home tab's last 24 hours carries the chart, drawn in each reader's zone", async () => {
    const home = homeFeature();
    const w = await startE2eWorld({
      statsHandler: alignedStats,
      charts: { renderer },
      features: [home],
    });
    world = w;
    w.slack.userTimeZones.set('U0ALICE', 'Asia/Tokyo');
    w.slack.userTimeZones.set('U0CAROL', 'Asia/Tokyo');
    w.slack.userTimeZones.set('U0BOB', 'UTC');
    const chartOf = async (user: string) => {
      await openHome(w, user);
      await w.slack.waitFor(() => w.slack.published.some((p) => p.userId === user), 15_000);
      const view = w.slack.published.find((p) => p.userId === user)?.view ?? {};
      const [image] = imageBlocks(view);
      expectUploadedChart(w.slack, image);
      expect(JSON.stringify(view.blocks)).not.toContain('Failed per hour');
      return image?.slack_file?.id;
    };
    const alice = await chartOf('U0ALICE');
    const bob = await chartOf('U0BOB');
    const carol = await chartOf('U0CAROL');
    expect(bob).not.toBe(alice); // another zone, other axis labels: another picture
    expect(carol).toBe(alice); // the same zone and data: the same file
  });

  describe('each failure falls back to the text trend, on time', () => {
    const expectTextReply = async (w: E2eWorld, withinMs: number) => {
      const started = performance.now();
      const { reply } = await w.command('24h');
      const { body } = await reply();
      expect(performance.now() - started).toBeLessThan(withinMs);
      expect(imageBlocks(body)).toEqual([]);
      expect(messageText(body)).toMatch(textTrend);
      return body;
    };

    it('no files:write: text, logged once with what to do', async () => {
      const w = await start();
      w.slack.files.fault({ kind: 'missing-scope' }, Number.POSITIVE_INFINITY);
      await expectTextReply(w, 10_000);
      await expectTextReply(w, 10_000);
      const warnings = w.bot.logLines.filter((l) => l.includes('add files:write'));
      expect(warnings).toHaveLength(1);
      expect(w.slack.calls.filter((c) => c.method === 'files.getUploadURLExternal')).toHaveLength(
        1,
      ); // charts rest after Slack said the scope is missing
    });

    it('the upload URL answers 500: text this time, the chart the next', async () => {
      const w = await start();
      w.slack.files.fault({ kind: 'upload-status', status: 500 });
      await expectTextReply(w, 10_000);
      expect(w.slack.calls.map((c) => c.method)).not.toContain('files.completeUploadExternal');
      const { body } = await (await w.command('24h')).reply();
      expectUploadedChart(w.slack, imageBlocks(body)[0]);
    });

    it('completeUploadExternal fails: text', async () => {
      const w = await start();
      w.slack.files.fault({ kind: 'complete-error', error: 'internal_error' });
      await expectTextReply(w, 10_000);
      expect(w.slack.files.uploads.every((u) => !u.completed)).toBe(true);
    });

    it('Slack refuses the picture (invalid_blocks): the digest is posted with its text', async () => {
      const w = await startE2eWorld({
        statsHandler: alignedStats,
        charts: { renderer },
        features: (db) => [
          digestsFeature(db, [
            digest({ name: 'refused', schedule: '*/2 * * * * *', window: '24h' }),
          ]),
        ],
      });
      world = w;
      w.slack.onMethod('chat.postMessage', (args) =>
        imageBlocks(args).length > 0 ? { body: { ok: false, error: 'invalid_blocks' } } : undefined,
      );
      await w.slack.waitFor(
        () => posts(w.slack).some((p) => imageBlocks(p.args).length === 0),
        20_000,
      );
      const [refused, sent] = posts(w.slack);
      expect(imageBlocks(refused?.args ?? {})).toHaveLength(1);
      expect(messageText(sent?.args ?? {})).toMatch(textTrend);
      expect(sent && postKeyOf(sent)).toBe(refused && postKeyOf(refused)); // the same run, once
    });

    it('Slack refuses the picture (invalid_blocks): the Home tab is published without it', async () => {
      const w = await startE2eWorld({
        statsHandler: alignedStats,
        charts: { renderer },
        features: [homeFeature()],
      });
      world = w;
      w.slack.onMethod('views.publish', (args) => {
        const view = (typeof args.view === 'string' ? JSON.parse(args.view) : args.view) as Record<
          string,
          unknown
        >;
        return imageBlocks(view).length > 0
          ? { body: { ok: false, error: 'invalid_blocks' } }
          : undefined;
      });
      await openHome(w, 'U0DAVE');
      await w.slack.waitFor(() => w.slack.published.some((p) => p.userId === 'U0DAVE'), 15_000);
      const view = w.slack.published.find((p) => p.userId === 'U0DAVE')?.view ?? {};
      expect(imageBlocks(view)).toEqual([]);
      expect(JSON.stringify(view.blocks)).toContain('Last 24 hours');
    });

    it('the response_url refuses the reply with its picture: the text reply instead', async () => {
      const w = await start();
      w.slack.failResponseUrl(400, 1);
      const body = await expectTextReply(w, 10_000);
      expect(String(body.text)).toMatch(/^Executions · last 24 hours/);
      expect(w.slack.files.uploads).toHaveLength(1); // the chart was made; Slack would not show it
    });

    it('a render slower than its deadline: text, on time', async () => {
      const slow: ChartRenderer = {
        async render(chart, options) {
          await new Promise((resolve) => setTimeout(resolve, 5_000));
          return renderer.render(chart, options);
        },
      };
      const w = await start({ renderer: slow, renderDeadlineMs: 300 });
      await expectTextReply(w, 3_000);
      expect(w.slack.files.uploads).toEqual([]);
    });

    it('a slow upload: text, on time', async () => {
      const w = await start({ renderer, uploadDeadlineMs: 500 });
      w.slack.files.fault({ kind: 'slow-upload', ms: 5_000 });
      await expectTextReply(w, 4_000);
    });
  });
});
