import { describe, expect, it } from 'vitest';
import { statsForSource } from '../../../src/stats/for-source.js';
import { failure, source, stats } from '../messages/fixtures.js';

const base = stats({
  sourceSystems: [
    source('billing', { succeeded: 400, failed: 40, cancelled: 10, total: 470 }),
    source('Billing', { succeeded: 5, failed: 1 }),
    source('Shipping', { succeeded: 300, failed: 20, cancelled: 30 }),
  ],
  recentFailures: [
    failure('e1', { sourceSystem: 'billing' }),
    failure('e2', { sourceSystem: 'Shipping' }),
    failure('e3', { sourceSystem: 'Billing' }),
    failure('e4', { sourceSystem: null }),
    failure('e5', { sourceSystem: 'billing' }),
  ],
});

describe('statsForSource', () => {
  it('narrows counts, failures and breakdowns to the source', () => {
    const narrowed = statsForSource(base, 'billing');
    expect(narrowed).toEqual({
      requestId: base.requestId,
      granularity: base.granularity,
      summary: {
        total: 470,
        succeeded: 400,
        failed: 40,
        cancelled: 10,
        terminal: 450,
        inProgress: 20,
        averageDurationMs: null,
      },
      statuses: [],
      sourceSystems: [base.sourceSystems[0]],
      timeSeries: [],
      recentFailures: [base.recentFailures[0], base.recentFailures[4]],
    });
  });

  it.each([
    ['billing', 'billing', ['e1', 'e5']],
    ['Billing', 'Billing', ['e3']],
    ['shipping', 'Shipping', ['e2']],
    ['SHIPPING', 'Shipping', ['e2']],
  ])('%s matches %s', (asked, matched, failureIds) => {
    const narrowed = statsForSource(base, asked);
    expect(narrowed?.sourceSystems.map((s) => s.sourceSystem)).toEqual([matched]);
    expect(narrowed?.recentFailures.map((f) => f.executionId)).toEqual(failureIds);
  });

  it.each(['payments', '', 'billin'])('is null for a source not in the stats: %j', (name) => {
    expect(statsForSource(base, name)).toBeNull();
  });

  it('is idempotent', () => {
    const once = statsForSource(base, 'SHIPPING');
    expect(once).not.toBeNull();
    if (once) expect(statsForSource(once, 'SHIPPING')).toEqual(once);
  });

  it('never reports negative in-progress counts when the API counts disagree', () => {
    const odd = stats({ sourceSystems: [source('x', { succeeded: 5, failed: 5, total: 3 })] });
    expect(statsForSource(odd, 'x')?.summary.inProgress).toBe(0);
  });
});
