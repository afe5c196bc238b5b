import { describe, expect, it } from 'vitest';
import { EXAMPLE_RULE } from '../../../../src/alerts/default-rules.js';
import { MINUTE_MS, replayStream } from '../../../../src/dev/alerts/stream-replay.js';

const HOUR_MS = 60 * MINUTE_MS;
const START = Date.UTC(2026, 10, 2);

/**
 * 25 hours of billing at 2 executions a minute whose failures come in bursts (every other hour 8
 * in a row, the others none: the same 3.3% rate, clustered), then 20 minutes at 50%.
 */
function clusteredThenBurst() {
  const minutes = 25 * 60 + 20;
  const failed = new Int32Array(minutes);
  const terminal = new Int32Array(minutes).fill(2);
  for (let m = 0; m < 25 * 60; m++) if (Math.floor(m / 60) % 2 === 1 && m % 60 < 8) failed[m] = 1;
  for (let m = 25 * 60; m < minutes; m++) failed[m] = 1;
  return { start: START, minutes, sources: ['billing'], failed: [failed], terminal: [terminal] };
}

describe('replayStream', () => {
  it('gives the engine the settled hours of the stream, as the bot fetches them', () => {
    const stream = clusteredThenBurst();
    const options = {
      rules: [EXAMPLE_RULE],
      intervalMs: MINUTE_MS,
      from: START + 25 * HOUR_MS,
      to: START + 25 * HOUR_MS + 20 * MINUTE_MS,
    };
    const fired = (hours: boolean) =>
      replayStream(stream, { ...options, hours }).events.some((e) => e.kind === 'fire');
    // Taken as independent, 15 of 30 against 3.3% is far beyond chance; with the hours' φ ≈ 8
    // it is ~2 of 4 bursts, which clustered failures show now and then.
    expect(fired(false)).toBe(true);
    expect(fired(true)).toBe(false);
    expect(replayStream(stream, options).events.some((e) => e.kind === 'fire')).toBe(false);
  });
});
