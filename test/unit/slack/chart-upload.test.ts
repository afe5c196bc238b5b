import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChartUploadError,
  createChartUploader,
  createFilesClient,
} from '../../../src/slack/chart-upload.js';
import { type FakeSlack, startFakeSlack } from '../../support/fake-slack.js';

// Bytes that are not valid UTF-8: the fake must keep them as they were sent.
const PNG = Uint8Array.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80,
]);
const INPUT = { png: PNG, filename: 'chart.png', altText: 'Failed per hour', title: 'Last 24 h' };

describe('chart upload against the fake Slack', () => {
  let slack: FakeSlack;
  beforeEach(async () => {
    slack = await startFakeSlack();
  });
  afterEach(async () => {
    await slack.close();
  });
  const uploader = (stepTimeoutMs = 2_000) =>
    createChartUploader({
      client: createFilesClient({ token: 'xoxb-test', apiUrl: slack.apiUrl, timeoutMs: 2_000 }),
      stepTimeoutMs,
    });

  it('gets a URL, sends the bytes, completes privately, and returns the file ID', async () => {
    const id = await uploader().upload(INPUT);
    const upload = slack.files.completed(id);
    expect(upload).toBeDefined();
    expect(upload?.bytes?.equals(Buffer.from(PNG))).toBe(true);
    expect(upload).toMatchObject({
      filename: 'chart.png',
      length: PNG.byteLength,
      altText: 'Failed per hour',
      title: 'Last 24 h',
      shared: false, // no channel: the message shows it through slack_file
    });
    expect(slack.calls.map((c) => c.method)).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
  });

  it('deletes a file it uploaded; a second delete fails at that step', async () => {
    const id = await uploader().upload(INPUT);
    await uploader().remove(id);
    expect(slack.files.completed(id)?.deleted).toBe(true);
    expect(slack.calls.at(-1)?.method).toBe('files.delete');
    const again = await uploader()
      .remove(id)
      .catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ChartUploadError);
    expect(again).toMatchObject({ step: 'delete' });
  });

  it('says missing_scope is permanent, at the first step', async () => {
    slack.files.fault({ kind: 'missing-scope' });
    const error = await uploader()
      .upload(INPUT)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChartUploadError);
    expect(error).toMatchObject({
      step: 'get-url',
      failure: { kind: 'permanent', code: 'missing_scope' },
    });
  });

  it('says an upload URL answering 500 is ambiguous, and completes nothing', async () => {
    slack.files.fault({ kind: 'upload-status', status: 500 });
    const error = await uploader()
      .upload(INPUT)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ step: 'send-bytes', failure: { kind: 'ambiguous' } });
    expect(slack.calls.map((c) => c.method)).not.toContain('files.completeUploadExternal');
  });

  it('reports a failed completion', async () => {
    slack.files.fault({ kind: 'complete-error', error: 'internal_error' });
    const error = await uploader()
      .upload(INPUT)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      step: 'complete',
      failure: { kind: 'ambiguous', detail: 'internal_error' },
    });
    expect(slack.files.uploads[0]?.completed).toBe(false);
  });

  it('gives up a step that takes longer than its timeout', async () => {
    slack.files.fault({ kind: 'slow-upload', ms: 1_000 });
    const started = performance.now();
    const error = await uploader(150)
      .upload(INPUT)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ step: 'send-bytes', failure: { kind: 'ambiguous' } });
    expect(performance.now() - started).toBeLessThan(900);
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    const error = await uploader()
      .upload(INPUT, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ step: 'get-url', failure: { detail: 'deadline' } });
    expect(slack.calls).toEqual([]);
  });
});
