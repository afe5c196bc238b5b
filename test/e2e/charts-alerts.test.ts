import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createChartRenderer } from '../../src/charts/renderer.js';
import { type E2eWorld, startE2eWorld } from '../support/e2e-harness.js';
import type { WebApiCall } from '../support/fake-slack.js';
import { statsBody, wireFailure } from '../support/stats-body.js';
import { ALERT_CHANNEL, alertsFeature, topLevel, until, updates } from './alerts-support.js';

/**
 * An incident's root carries the alert chart (rate against threshold and baseline, firing period
 * shaded), uploaded through the flow; when the root is edited with new figures, its chart is a
 * new render of them: another file. The real renderer and the fake Slack's files API.
 */

/** `failed` of 20 finished executions failed in billing. */
const spike = (failed: number) =>
  statsBody({
    data: {
      summary: {
        total: 20,
        succeeded: 20 - failed,
        failed,
        cancelled: 0,
        inProgress: 0,
        terminal: 20,
      },
      sourceSystems: [
        { sourceSystem: 'billing', total: 20, succeeded: 20 - failed, failed, cancelled: 0 },
      ],
      recentFailures: Array.from({ length: failed }, (_, i) =>
        wireFailure({ executionId: `exec-${failed}-${i}`, statusReason: 'ledger timeout' }),
      ),
    },
  });

const imageId = (call: WebApiCall | undefined): string | undefined => {
  const raw = call?.args.blocks;
  const blocks = (typeof raw === 'string' ? JSON.parse(raw) : raw) as
    | { type?: string; slack_file?: { id?: string } }[]
    | undefined;
  return blocks?.find((b) => b.type === 'image')?.slack_file?.id;
};

describe('the alert chart end to end', () => {
  let world: E2eWorld | undefined;
  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  it('the root carries a chart; an edit with new figures carries a new one and deletes the old', {
    timeout: 40_000,
  }, async () => {
    let failed = 8;
    world = await startE2eWorld({
      statsHandler: () => ({ body: spike(failed) }),
      statsClient: { retries: { maxRetries: 0 }, cacheTtlMs: 0 },
      features: (db) => [alertsFeature(db)],
      charts: { renderer: createChartRenderer() },
    });
    const { slack } = world;

    await until(() => topLevel(slack).length === 1);
    const root = topLevel(slack)[0];
    expect(root?.args.channel).toBe(ALERT_CHANNEL);
    const first = imageId(root);
    const upload = slack.files.completed(String(first));
    expect(upload).toBeDefined();
    const png = PNG.sync.read(upload?.bytes as Buffer);
    expect(png.width).toBeGreaterThan(png.height);

    failed = 14; // worse: the next cycle edits the root with the new rate
    await until(() => updates(slack).some((u) => imageId(u) !== undefined && imageId(u) !== first));
    const edited = updates(slack).find((u) => imageId(u) !== first);
    expect(edited?.args.ts).toBeDefined();
    expect(slack.files.completed(String(imageId(edited)))).toBeDefined();
    // The picture the edit replaced is deleted; the one shown stays.
    await until(() => slack.files.completed(String(first))?.deleted === true);
    expect(slack.files.completed(String(imageId(edited)))?.deleted).toBe(false);
  });
});
