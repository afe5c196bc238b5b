import { describe, expect, it } from 'vitest';
import { deliverPending } from '../../../src/alerts/deliver.js';
import { incidentChart } from '../../../src/alerts/incident-view.js';
import { redrawRoot } from '../../../src/alerts/redraw.js';
import {
  type AlertCharts,
  createAlertCharts,
  rootMessage,
} from '../../../src/alerts/root-message.js';
import { createSerial } from '../../../src/alerts/serial.js';
import type { AlertStore } from '../../../src/alerts/store.js';
import { EMPTY_RULE_STATE } from '../../../src/alerts/types.js';
import type { Chart } from '../../../src/charts/chart.js';
import { createMemoryAlertStore } from '../../../src/dev/alerts/memory-store.js';
import { createRecordingSlack } from '../../../src/dev/alerts/recording-slack.js';
import { silentLogger } from '../../../src/logging/logger.js';
import type { IncidentView } from '../../../src/messages/alert-view.js';
import type { Block, SlackMessage } from '../../../src/messages/message.js';
import type { PostOnceMessage } from '../../../src/slack/post-once.js';
import { SlackPostError } from '../../../src/slack/slack-failure.js';
import { T0 } from './trace.js';
import { incidentView } from './view-fixture.js';

const MINUTE = 60_000;

/** A chart step that "uploads" each distinct chart once, as a file named by its data. */
function fakeImages(): AlertCharts['images'] & { asked: Chart[]; discarded: string[] } {
  const asked: Chart[] = [];
  const discarded: string[] = [];
  const files = new Map<string, string>();
  let uploads = 0;
  return {
    asked,
    discarded,
    async image(chart) {
      if (chart === null) return null;
      asked.push(chart);
      const key = JSON.stringify(chart);
      if (!files.has(key)) files.set(key, `F${++uploads}`);
      return { fileId: files.get(key) as string, altText: 'rate chart', title: chart.title };
    },
    async discard(fileId) {
      discarded.push(fileId);
      for (const [key, id] of files) if (id === fileId) files.delete(key);
    },
  };
}

/** What deliverPending and redrawRoot need, at T0, with these charts. */
function deliveryDeps<S>(store: AlertStore, slack: S, alertCharts: AlertCharts) {
  return {
    store,
    slack,
    clock: { now: () => T0 },
    logger: silentLogger,
    executionUrlTemplate: 'https://x/{executionId}',
    timezone: 'UTC',
    alertCharts,
  };
}

const imageIds = (blocks: readonly Block[]) =>
  blocks.flatMap((b) =>
    b.type === 'image' && 'slack_file' in b && 'id' in b.slack_file ? [b.slack_file.id] : [],
  );

describe('the alert chart of an incident', () => {
  it('places the rates an interval apart back from the last evaluation, with threshold, baseline and firing period', () => {
    const chart = incidentChart(incidentView(), MINUTE, 'Europe/Berlin');
    expect(chart).toEqual({
      kind: 'alert',
      title: 'failure-spike · billing · failure rate',
      timeZone: 'Europe/Berlin',
      points: [
        { atMs: T0 - 3 * MINUTE, rate: 0.02 },
        { atMs: T0 - 2 * MINUTE, rate: 0.03 },
        { atMs: T0 - MINUTE, rate: 0.25 },
        { atMs: T0, rate: 0.3 },
      ],
      threshold: 0.2,
      baseline: 0.02,
      firingSinceMs: T0 - 25 * MINUTE,
    });
    const resolved = incidentChart(
      incidentView({ status: 'resolved', resolvedAt: T0 }),
      MINUTE,
      'UTC',
    );
    expect(resolved?.firingUntilMs).toBe(T0);
    expect(incidentChart(incidentView({ subjects: [] }), MINUTE, 'UTC')).toBeNull();
  });

  it('sits in the root under the figures; without charts, or when the chart fails, the root is text', async () => {
    const options = { executionUrlTemplate: 'https://x/{executionId}', timeZone: 'UTC', now: T0 };
    const images = fakeImages();
    const charted = await rootMessage(incidentView(), options, {
      timezone: 'UTC',
      alertCharts: { images, intervalMs: MINUTE },
    });
    const blocks = charted.message.blocks;
    const at = blocks.findIndex((b) => b.type === 'image');
    expect(imageIds(blocks)).toEqual(['F1']);
    expect(blocks[at - 1]?.type).toBe('section'); // the figures, right above
    const plain = await rootMessage(incidentView(), options, { timezone: 'UTC' });
    expect(imageIds(plain.message.blocks)).toEqual([]);
    expect(plain.plain).toBeNull();
    expect(charted.plain).toEqual(plain.message); // what is sent if Slack refuses the picture
    const failing = await rootMessage(incidentView(), options, {
      timezone: 'UTC',
      alertCharts: {
        images: { image: async () => null, discard: async () => {} },
        intervalMs: MINUTE,
      },
    });
    expect(failing).toEqual(plain);
  });

  it('a root Slack refuses for its picture (invalid_blocks) is posted with its text instead', async () => {
    const store = createMemoryAlertStore();
    const recorded = createRecordingSlack(() => T0);
    const slack = {
      ...recorded,
      async postOnce(key: string, message: PostOnceMessage) {
        if (imageIds(message.blocks).length > 0)
          throw new SlackPostError(key, message.channel, 'invalid_blocks');
        return recorded.postOnce(key, message);
      },
    };
    await store.saveRuleState('failure-spike', EMPTY_RULE_STATE, [
      { kind: 'open', key: 'failure-spike:abc123:root', channel: 'C1', view: incidentView() },
    ]);
    const pass = await deliverPending(
      deliveryDeps(store, slack, { images: fakeImages(), intervalMs: MINUTE }),
    );
    expect(pass.delivered).toBe(1);
    const root = recorded.calls.find((c) => c.kind === 'post' && c.key.endsWith(':root'));
    expect(root?.kind === 'post' && root.message.text).toContain('Failure spike');
    expect(await store.loadIncidentMessage('failure-spike', 'abc123')).not.toBeNull();
  });

  it('the root is posted with its chart, and an edit with new figures shows a new chart', async () => {
    const store = createMemoryAlertStore();
    const slack = createRecordingSlack(() => T0);
    const images = fakeImages();
    const deps = deliveryDeps(store, slack, { images, intervalMs: MINUTE });
    const opened = incidentView();
    await store.saveRuleState('failure-spike', EMPTY_RULE_STATE, [
      { kind: 'open', key: 'failure-spike:abc123:root', channel: 'C1', view: opened },
    ]);
    await deliverPending(deps);
    const later = incidentView({
      evaluatedAt: T0 + MINUTE,
      subjects: [
        {
          ...(opened.subjects[0] as IncidentViewSubject),
          rate: 0.4,
          history: [0.03, 0.25, 0.3, 0.4],
        },
      ],
    });
    await store.saveRuleState('failure-spike', EMPTY_RULE_STATE, [
      { kind: 'update', key: 'failure-spike:abc123:update:1', channel: 'C1', view: later },
    ]);
    await deliverPending(deps);
    // The root, then its thread reply listing the failures it has no room for, then the edit.
    const roots = () => slack.calls.filter((c) => c.kind === 'update' || c.key.endsWith(':root'));
    const [post, update] = roots();
    expect(post?.kind === 'post' && imageIds(post.message.blocks)).toEqual(['F1']);
    expect(update?.kind === 'update' && imageIds(update.message.blocks)).toEqual(['F2']);

    // Acknowledged: the same figures, drawn again, reuse their file.
    await redrawRoot({ ...deps, serial: createSerial() }, 'failure-spike', 'abc123');
    const redrawn = roots()[2];
    expect(redrawn?.kind === 'update' && imageIds(redrawn.message.blocks)).toEqual(['F2']);
  });
});

describe('the pictures an alert root stops showing', () => {
  const at = (minute: number, rate: number, overrides: Partial<IncidentView> = {}) =>
    incidentView({
      evaluatedAt: T0 + minute * MINUTE,
      subjects: [
        {
          ...(incidentView().subjects[0] as IncidentViewSubject),
          rate,
          history: [0.03, 0.25, 0.3, rate],
        },
      ],
      ...overrides,
    });

  async function world(alertCharts: AlertCharts, refuse: () => boolean = () => false) {
    const store = createMemoryAlertStore();
    const recorded = createRecordingSlack(() => T0);
    const slack = {
      ...recorded,
      async update(channel: string, ts: string, message: SlackMessage) {
        if (refuse() && imageIds(message.blocks).length > 0)
          throw new SlackPostError('update', channel, 'invalid_blocks');
        return recorded.update(channel, ts, message);
      },
    };
    const deps = deliveryDeps(store, slack, alertCharts);
    let n = 0;
    const deliver = async (kind: 'open' | 'update' | 'resolved', view: IncidentView) => {
      const key =
        kind === 'open' ? 'failure-spike:abc123:root' : `failure-spike:abc123:${kind}:${++n}`;
      await store.saveRuleState('failure-spike', EMPTY_RULE_STATE, [
        { kind, key, channel: 'C1', view },
      ]);
      await deliverPending(deps);
    };
    return { deps, deliver, recorded };
  }

  it('deletes the picture each edit replaces, never the one shown, and keeps the last after recovery', async () => {
    const images = fakeImages();
    const { deps, deliver } = await world(createAlertCharts(images, MINUTE));
    await deliver('open', at(0, 0.3));
    await deliver('update', at(1, 0.4)); // F2 replaces F1
    expect(images.discarded).toEqual(['F1']);
    // Acknowledged: the same figures drawn again reuse F2, which is not deleted.
    await redrawRoot({ ...deps, serial: createSerial() }, 'failure-spike', 'abc123');
    expect(images.discarded).toEqual(['F1']);
    await deliver('update', at(2, 0.5)); // F3 replaces F2
    await deliver('resolved', at(3, 0.05, { status: 'resolved', resolvedAt: T0 + 3 * MINUTE }));
    expect(images.discarded).toEqual(['F1', 'F2', 'F3']);
    // The resolved root's picture (F4) stays, and nothing is remembered for the incident.
    expect(deps.alertCharts.shown?.size).toBe(0);
  });

  it('an edit sent with its text (Slack refused the picture) lets the old picture go too', async () => {
    const images = fakeImages();
    let refuse = false;
    const { deliver, recorded } = await world(createAlertCharts(images, MINUTE), () => refuse);
    await deliver('open', at(0, 0.3));
    refuse = true;
    await deliver('update', at(1, 0.4));
    const edit = recorded.calls.find((c) => c.kind === 'update');
    expect(edit?.kind === 'update' && imageIds(edit.message.blocks)).toEqual([]);
    // F1 no longer shown; F2 was never shown, so it stays in the cache for the next edit.
    expect(images.discarded).toEqual(['F1']);
  });

  it('without the memory (charts set up by hand), deletes nothing', async () => {
    const images = fakeImages();
    const { deliver } = await world({ images, intervalMs: MINUTE });
    await deliver('open', at(0, 0.3));
    await deliver('update', at(1, 0.4));
    expect(images.discarded).toEqual([]);
  });
});

type IncidentViewSubject = ReturnType<typeof incidentView>['subjects'][number];
