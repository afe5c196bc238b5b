import { describe, expect, it } from 'vitest';
import { displayZone } from '../../../src/messages/format-time.js';
import { topFailingSources, worstFailingSources } from '../../../src/messages/stats-sections.js';
import type { SourceSystemStats } from '../../../src/stats/types.js';

function source(name: string, failed: number, total: number): SourceSystemStats {
  return { sourceSystem: name, total, succeeded: total - failed, failed, cancelled: 0 };
}

// Ties on failures and on rate (broken by name), a source without failures, duplicate names.
const SOURCES: SourceSystemStats[] = [
  source('crm', 3, 10),
  source('billing', 3, 10),
  source('quiet', 0, 50),
  source('ledger', 9, 100),
  source('auth', 3, 30),
  source('billing', 3, 10),
  source('zeta', 1, 1),
  source('alpha', 1, 1),
  source('mail', 2, 4),
];

describe('worstFailingSources', () => {
  it.each([0, 1, 3, 5, 8, 20])('gives the first %i of the full ranking, and the count', (limit) => {
    const ranked = topFailingSources(SOURCES);
    const { worst, failing } = worstFailingSources(SOURCES, limit);
    expect(worst).toEqual(ranked.slice(0, limit));
    // Same objects in the same order: equal entries keep their input order, as in a stable sort.
    worst.forEach((entry, i) => {
      expect(entry).toBe(ranked[i]);
    });
    expect(failing).toBe(ranked.length);
  });

  it('finds none among sources that did not fail', () => {
    expect(worstFailingSources([source('quiet', 0, 5)], 5)).toEqual({ worst: [], failing: 0 });
  });
});

describe('displayZone', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['Not/AZone', 'UTC'],
    ['UTC', 'UTC'],
  ])('%s shows as %s, the first time and when remembered', (zone, shown) => {
    expect(displayZone(zone)).toBe(shown);
    expect(displayZone(zone)).toBe(shown);
  });
});
