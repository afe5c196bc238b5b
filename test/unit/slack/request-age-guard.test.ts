import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../src/clock.js';
import { refuseSkewedRequests } from '../../../src/slack/request-age-guard.js';

const NOW_SEC = 1_795_000_000;

function run(method: string, timestamp: string | undefined) {
  const passed: string[] = [];
  const written: number[] = [];
  const listener = refuseSkewedRequests(() => passed.push('bolt'), fixedClock(NOW_SEC * 1000));
  const req = {
    method,
    headers: timestamp === undefined ? {} : { 'x-slack-request-timestamp': timestamp },
  } as IncomingMessage;
  const res = {
    writeHead(status: number) {
      written.push(status);
      return this;
    },
    end() {
      return this;
    },
  } as unknown as ServerResponse;
  listener(req, res);
  return { passedToBolt: passed.length === 1, status: written[0] ?? null };
}

describe('refuseSkewedRequests', () => {
  it.each([
    ['now', 'POST', String(NOW_SEC), true, null],
    ['5 minutes ahead (the limit)', 'POST', String(NOW_SEC + 300), true, null],
    ['5 minutes and 1 s ahead', 'POST', String(NOW_SEC + 301), false, 401],
    ['an hour ahead', 'POST', String(NOW_SEC + 3600), false, 401],
    // Bolt itself refuses old and malformed timestamps, and checks every signature.
    ['an hour old (left to Bolt)', 'POST', String(NOW_SEC - 3600), true, null],
    ['no timestamp (left to Bolt)', 'POST', undefined, true, null],
    ['not a number (left to Bolt)', 'POST', 'soon', true, null],
    ['GET /healthz', 'GET', undefined, true, null],
  ])('%s', (_name, method, timestamp, passedToBolt, status) => {
    expect(run(method, timestamp)).toEqual({ passedToBolt, status });
  });
});
